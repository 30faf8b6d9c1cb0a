namespace HccOutcomes.Analysis.Survival;

/// <summary>
/// Small dense symmetric-matrix routines with the semantics of R survival's <c>cholesky2</c>, <c>chsolve2</c> and
/// <c>chinv2</c> (a generalised LDLᵀ decomposition that zeroes pivots below a relative tolerance, which marks the
/// corresponding columns as redundant). Matrices are p×p, row-major, p small (number of model terms).
/// </summary>
internal static class SmallLinearAlgebra
{
    /// <summary>
    /// In-place LDLᵀ of the symmetric matrix m (upper triangle read): L (unit diagonal) below the diagonal,
    /// D on it. Pivots that are not finite or &lt; toler·max(diag) are set to 0. Returns the rank, negated when
    /// the matrix is clearly not non-negative definite.
    /// </summary>
    internal static int Cholesky(double[] m, int p, double toler)
    {
        double eps = 0;
        for (var i = 0; i < p; i++)
        {
            if (m[(i * p) + i] > eps)
            {
                eps = m[(i * p) + i];
            }

            for (var j = i + 1; j < p; j++)
            {
                m[(j * p) + i] = m[(i * p) + j];
            }
        }

        eps = eps == 0 ? toler : eps * toler;
        var rank = 0;
        var nonneg = true;
        for (var i = 0; i < p; i++)
        {
            var pivot = m[(i * p) + i];
            if (!double.IsFinite(pivot) || pivot < eps)
            {
                m[(i * p) + i] = 0;
                if (pivot < -8 * eps)
                {
                    nonneg = false;
                }
            }
            else
            {
                rank++;
                for (var j = i + 1; j < p; j++)
                {
                    var temp = m[(j * p) + i] / pivot;
                    m[(j * p) + i] = temp;
                    m[(j * p) + j] -= temp * temp * pivot;
                    for (var k = j + 1; k < p; k++)
                    {
                        m[(k * p) + j] -= temp * m[(k * p) + i];
                    }
                }
            }
        }

        return nonneg ? rank : -rank;
    }

    /// <summary>Solves (LDLᵀ) x = y in place, using the output of <see cref="Cholesky"/>; zero pivots give x_i = 0.</summary>
    internal static void Solve(double[] m, int p, double[] y)
    {
        for (var i = 0; i < p; i++)
        {
            var temp = y[i];
            for (var j = 0; j < i; j++)
            {
                temp -= y[j] * m[(i * p) + j];
            }

            y[i] = temp;
        }

        for (var i = p - 1; i >= 0; i--)
        {
            var dii = m[(i * p) + i];
            if (dii == 0)
            {
                y[i] = 0;
            }
            else
            {
                var temp = y[i] / dii;
                for (var j = i + 1; j < p; j++)
                {
                    temp -= y[j] * m[(j * p) + i];
                }

                y[i] = temp;
            }
        }
    }

    /// <summary>
    /// Replaces the output of <see cref="Cholesky"/> by the (generalised) inverse of the original matrix,
    /// returned as a full symmetric matrix; rows/columns of zero pivots are 0.
    /// </summary>
    internal static void Invert(double[] m, int p)
    {
        for (var i = 0; i < p; i++)
        {
            if (m[(i * p) + i] > 0)
            {
                m[(i * p) + i] = 1 / m[(i * p) + i];
                for (var j = i + 1; j < p; j++)
                {
                    m[(j * p) + i] = -m[(j * p) + i];
                    for (var k = 0; k < i; k++)
                    {
                        m[(j * p) + k] += m[(j * p) + i] * m[(i * p) + k];
                    }
                }
            }
        }

        for (var i = 0; i < p; i++)
        {
            if (m[(i * p) + i] == 0)
            {
                for (var j = 0; j < i; j++)
                {
                    m[(j * p) + i] = 0;
                }

                for (var j = i; j < p; j++)
                {
                    m[(i * p) + j] = 0;
                }
            }
            else
            {
                for (var j = i + 1; j < p; j++)
                {
                    var temp = m[(j * p) + i] * m[(j * p) + j];
                    m[(i * p) + j] = temp;
                    for (var k = i; k < j; k++)
                    {
                        m[(i * p) + k] += temp * m[(j * p) + k];
                    }
                }
            }
        }

        // Upper triangle now holds the inverse; mirror it.
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < i; j++)
            {
                m[(i * p) + j] = m[(j * p) + i];
            }
        }
    }

    /// <summary>
    /// Solves a x = b for a small symmetric positive (semi)definite a by Gaussian elimination with partial
    /// pivoting. Returns null when a is numerically singular.
    /// </summary>
    internal static double[]? SolveSymmetric(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        double scale = 0;
        for (var i = 0; i < n; i++)
        {
            scale = Math.Max(scale, Math.Abs(m[i, i]));
        }

        if (scale == 0)
        {
            return null;
        }

        for (var col = 0; col < n; col++)
        {
            var piv = col;
            for (var r = col + 1; r < n; r++)
            {
                if (Math.Abs(m[r, col]) > Math.Abs(m[piv, col]))
                {
                    piv = r;
                }
            }

            if (Math.Abs(m[piv, col]) <= scale * 1e-12)
            {
                return null;
            }

            if (piv != col)
            {
                for (var c = 0; c < n; c++)
                {
                    (m[col, c], m[piv, c]) = (m[piv, c], m[col, c]);
                }

                (x[col], x[piv]) = (x[piv], x[col]);
            }

            for (var r = col + 1; r < n; r++)
            {
                var f = m[r, col] / m[col, col];
                if (f == 0)
                {
                    continue;
                }

                for (var c = col; c < n; c++)
                {
                    m[r, c] -= f * m[col, c];
                }

                x[r] -= f * x[col];
            }
        }

        for (var r = n - 1; r >= 0; r--)
        {
            var s = x[r];
            for (var c = r + 1; c < n; c++)
            {
                s -= m[r, c] * x[c];
            }

            x[r] = s / m[r, r];
        }

        return x;
    }
}
