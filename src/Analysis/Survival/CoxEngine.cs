using System.Runtime.Intrinsics;

namespace HccOutcomes.Analysis.Survival;

/// <summary>
/// Evaluates the Cox partial log-likelihood, score U and information matrix I at β in one backward pass over
/// data sorted by ascending time (the algorithm of R survival's <c>coxfit6_iter</c>): the risk-set sums
/// Σ exp(xβ), Σ x exp(xβ), Σ x xᵀ exp(xβ) are accumulated from the last time to the first, so each
/// evaluation is O(n·p²). Within a block of tied times the contributions of censored subjects and of deaths
/// are accumulated separately (branch-free), then the Breslow or Efron update is applied per block.
/// </summary>
internal sealed class CoxEngine : IDisposable
{
    private readonly byte[] status;
    private readonly bool generalOnly;   // tests: force the generic evaluator
    private readonly double[] xRowMajor; // n × p, row-major (subject-major) for locality; empty for categorical engines
    private readonly double[] x0;        // the single column when p = 1 (same array)
    private readonly bool efron;
    private readonly int p;
    private readonly int[] blockStart;  // tie blocks, ascending; block b = [blockStart[b], blockStart[b+1])
    private readonly int[] blockDeaths;
    private readonly double[] deadSumX; // Σ_deaths x_j: first term of U and of ℓ (Σ_deaths xβ = βᵀ deadSumX)

    // Categorical fast path: when the design rows take at most MaxPatterns distinct values (e.g. group
    // indicators only), the likelihood depends on the data only through the number of censored subjects and of
    // deaths with each row pattern in each block of tied times. Those counts are computed once, and each
    // evaluation then costs O(entries · p²) with entries ≤ min(n, blocks · patterns), instead of n exponentials.
    private const int MaxPatterns = 16;
    private readonly double[]? patterns;     // Q × p, row-major
    private readonly int[]? entryStart;      // per block: [entryStart[b], entryStart[b+1]) in the entry arrays
    private readonly int[]? entryPattern;
    private readonly double[]? entryAlive;
    private readonly double[]? entryDead;
    private const int Segment = 512;
    private readonly double[] window = new double[Segment]; // exp(xβ) for a segment of subjects (see FillWindow)

    // work arrays (alive = censored in the current block, dead = deaths in the current block)
    private readonly double[] a;
    private readonly double[] cmat;
    private readonly double[] aAlive;
    private readonly double[] aDead;
    private readonly double[] cAlive;
    private readonly double[] cDead;

    /// <summary>Engine over an n×p row-major design (sorted order, centred and scaled).</summary>
    internal CoxEngine(SurvivalSample sample, double[] xRowMajor, int p, bool efron, bool generalOnly = false)
        : this(sample, p, efron)
    {
        this.generalOnly = generalOnly;
        this.xRowMajor = xRowMajor;
        x0 = xRowMajor;
        var n = status.Length;
        for (var i = 0; i < n; i++)
        {
            if (status[i] == 0)
            {
                continue;
            }

            for (var j = 0; j < p; j++)
            {
                deadSumX[j] += xRowMajor[(i * p) + j];
            }
        }

        if (!generalOnly && TryPatterns(xRowMajor, p, n, out var pats, out var rowPattern))
        {
            patterns = pats;
            BuildEntries(rowPattern!, null, patterns!.Length / p, out entryStart, out entryPattern, out entryAlive, out entryDead);
        }
    }

    /// <summary>
    /// Engine over a categorical design given as Q row patterns (Q×p, centred and scaled) and the pattern index
    /// of each sorted subject; no n×p matrix is formed.
    /// </summary>
    internal CoxEngine(SurvivalSample sample, double[] patterns, int[] rowPattern, int p, bool efron)
        : this(sample, p, efron)
    {
        xRowMajor = [];
        x0 = [];
        this.patterns = patterns;
        var q = patterns.Length / p;
        BuildEntries(null, rowPattern, q, out entryStart, out entryPattern, out entryAlive, out entryDead);
        for (var e = 0; e < entryPattern.Length; e++)
        {
            var d = entryDead[e];
            if (d == 0)
            {
                continue;
            }

            var po = entryPattern[e] * p;
            for (var j = 0; j < p; j++)
            {
                deadSumX[j] += d * patterns[po + j];
            }
        }
    }

    private CoxEngine(SurvivalSample sample, int p, bool efron)
    {
        status = sample.Status;
        this.efron = efron;
        this.p = p;
        blockStart = sample.BlockStart;
        blockDeaths = sample.BlockDeaths;
        deadSumX = new double[p];
        xRowMajor = [];
        x0 = [];
        U = new double[p];
        Imat = new double[p * p];
        a = new double[p];
        cmat = new double[p * p];
        aAlive = new double[p];
        aDead = new double[p];
        cAlive = new double[p * p];
        cDead = new double[p * p];
    }

    /// <summary>Nothing to release (kept so that callers can scope the engine).</summary>
    public void Dispose()
    {
    }

    /// <summary>Score vector at the last evaluated β.</summary>
    internal double[] U { get; }

    /// <summary>Information matrix (p×p, row-major, symmetric) at the last evaluated β.</summary>
    internal double[] Imat { get; }

    /// <summary>Evaluates ℓ(β), filling <see cref="U"/> and <see cref="Imat"/>.</summary>
    internal double Evaluate(double[] beta) =>
        generalOnly ? EvaluateGeneral(beta)
        : patterns is not null ? EvaluatePatterns(beta)
        : p == 1 ? Evaluate1(beta[0])
        : p == 2 ? Evaluate2(beta[0], beta[1])
        : EvaluateGeneral(beta);

    private static bool TryPatterns(double[] x, int p, int n, out double[]? pats, out byte[]? rowPattern)
    {
        var found = new List<double>(MaxPatterns * p);
        var ids = new byte[n];
        var q = 0;
        for (var i = 0; i < n; i++)
        {
            var o = i * p;
            var hit = -1;
            for (var c = 0; c < q && hit < 0; c++)
            {
                var po = c * p;
                var eq = true;
                for (var j = 0; j < p && eq; j++)
                {
                    eq = found[po + j] == x[o + j];
                }

                if (eq)
                {
                    hit = c;
                }
            }

            if (hit < 0)
            {
                if (q == MaxPatterns)
                {
                    pats = null;
                    rowPattern = null;
                    return false;
                }

                for (var j = 0; j < p; j++)
                {
                    found.Add(x[o + j]);
                }

                hit = q++;
            }

            ids[i] = (byte)hit;
        }

        pats = [.. found];
        rowPattern = ids;
        return true;
    }

    /// <summary>
    /// Counts, for each block of tied times and each row pattern present in it, the censored subjects and the
    /// deaths (compressed: one entry per (block, pattern) pair that occurs).
    /// </summary>
    private void BuildEntries(
        byte[]? bytePattern, int[]? intPattern, int q,
        out int[] starts, out int[] pattern, out double[] alive, out double[] dead)
    {
        var nb = blockDeaths.Length;
        starts = new int[nb + 1];
        var pat = new List<int>();
        var al = new List<double>();
        var de = new List<double>();
        var aliveCount = new int[q];
        var deadCount = new int[q];
        for (var b = 0; b < nb; b++)
        {
            starts[b] = pat.Count;
            int from = blockStart[b], to = blockStart[b + 1];
            for (var i = from; i < to; i++)
            {
                var c = bytePattern is not null ? bytePattern[i] : intPattern![i];
                if (status[i] != 0)
                {
                    deadCount[c]++;
                }
                else
                {
                    aliveCount[c]++;
                }
            }

            for (var c = 0; c < q; c++)
            {
                if (aliveCount[c] == 0 && deadCount[c] == 0)
                {
                    continue;
                }

                pat.Add(c);
                al.Add(aliveCount[c]);
                de.Add(deadCount[c]);
                aliveCount[c] = 0;
                deadCount[c] = 0;
            }
        }

        starts[nb] = pat.Count;
        pattern = [.. pat];
        alive = [.. al];
        dead = [.. de];
    }

    private double EvaluatePatterns(double[] beta)
    {
        var q = patterns!.Length / p;
        var risk = q <= 256 ? stackalloc double[q] : new double[q];
        for (var c = 0; c < q; c++)
        {
            double z = 0;
            for (var j = 0; j < p; j++)
            {
                z += beta[j] * patterns[(c * p) + j];
            }

            risk[c] = Math.Exp(z);
        }

        Array.Clear(Imat);
        Array.Clear(a);
        Array.Clear(cmat);
        double loglik = 0, denom = 0;
        for (var j = 0; j < p; j++)
        {
            U[j] = deadSumX[j];
            loglik += beta[j] * deadSumX[j];
        }

        var pp = p;
        for (var b = blockDeaths.Length - 1; b >= 0; b--)
        {
            double dAlive = 0, dDead = 0;
            Array.Clear(aAlive);
            Array.Clear(aDead);
            Array.Clear(cAlive);
            Array.Clear(cDead);
            for (var e = entryStart![b]; e < entryStart[b + 1]; e++)
            {
                var c = entryPattern![e];
                var r = risk[c];
                double ra = entryAlive![e] * r, rd = entryDead![e] * r;
                dAlive += ra;
                dDead += rd;
                AccumulateMoments(patterns, c * pp, ra, rd);
            }

            loglik = AddBlock(b, loglik, ref denom, dAlive, dDead);
        }

        return Finish(loglik);
    }

    /// <summary>
    /// Adds one subject's (or pattern's) first and second moments x·w and x·xᵀ·w, split into the alive and dying
    /// parts of the risk weight, to the block sums (lower triangle only).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void AccumulateMoments(double[] x, int offset, double ra, double rd)
    {
        var pp = p;
        for (var j = 0; j < pp; j++)
        {
            var xv = x[offset + j];
            double ta = ra * xv, td = rd * xv;
            aAlive[j] += ta;
            aDead[j] += td;
            var row = j * pp;
            for (var k = 0; k <= j; k++)
            {
                var xk = x[offset + k];
                cAlive[row + k] += ta * xk;
                cDead[row + k] += td * xk;
            }
        }
    }

    /// <summary>Specialisation for two covariates (no inner loops, scalar accumulators).</summary>
    private double Evaluate2(double b0, double b1)
    {
        var xs = xRowMajor;
        var st = status;
        var starts = blockStart;
        Array.Clear(Imat);
        Array.Clear(a);
        Array.Clear(cmat);
        U[0] = deadSumX[0];
        U[1] = deadSumX[1];
        var loglik = (b0 * deadSumX[0]) + (b1 * deadSumX[1]);
        double denom = 0;
        double[] bv = [b0, b1];
        var win = window;
        var ws = int.MaxValue;
        for (var b = blockDeaths.Length - 1; b >= 0; b--)
        {
            int start = starts[b], end = starts[b + 1];
            double dA = 0, dD = 0, a0A = 0, a0D = 0, a1A = 0, a1D = 0, c00A = 0, c00D = 0, c10A = 0, c10D = 0, c11A = 0, c11D = 0;
            for (var i = end - 1; i >= start; i--)
            {
                double x0v = xs[2 * i], x1v = xs[(2 * i) + 1];
                if (i < ws)
                {
                    ws = FillWindow(i, bv);
                }

                var r = win[i - ws];
                var rd = r * st[i];
                var ra = r - rd;
                dA += ra;
                dD += rd;
                double t0a = ra * x0v, t0d = rd * x0v, t1a = ra * x1v, t1d = rd * x1v;
                a0A += t0a;
                a0D += t0d;
                a1A += t1a;
                a1D += t1d;
                c00A += t0a * x0v;
                c00D += t0d * x0v;
                c10A += t1a * x0v;
                c10D += t1d * x0v;
                c11A += t1a * x1v;
                c11D += t1d * x1v;
            }

            aAlive[0] = a0A;
            aAlive[1] = a1A;
            aDead[0] = a0D;
            aDead[1] = a1D;
            cAlive[0] = c00A;
            cAlive[2] = c10A;
            cAlive[3] = c11A;
            cDead[0] = c00D;
            cDead[2] = c10D;
            cDead[3] = c11D;
            loglik = AddBlock(b, loglik, ref denom, dA, dD);
        }

        return Finish(loglik);
    }

    /// <summary>
    /// Fills <see cref="window"/> with exp(x_i β) for subjects [start, last], start = max(0, last − 511), and returns
    /// start. The likelihood loops walk the subjects backwards, so each subject's risk is computed exactly once,
    /// in cache-resident segments, without an n-sized buffer. The exponential uses
    /// <see cref="Vector256.Exp(Vector256{double})"/> where the hardware supports it (≤ 1 ulp from <see cref="Math.Exp"/>).
    /// </summary>
    private int FillWindow(int last, double[] beta)
    {
        var xs = xRowMajor;
        var w = window;
        var start = Math.Max(0, last - Segment + 1);
        var len = last - start + 1;
        var pp = p;
        if (pp == 1)
        {
            var b0 = beta[0];
            for (var k = 0; k < len; k++)
            {
                w[k] = b0 * xs[start + k];
            }
        }
        else if (pp == 2)
        {
            double b0 = beta[0], b1 = beta[1];
            for (var k = 0; k < len; k++)
            {
                var i = start + k;
                w[k] = (b0 * xs[2 * i]) + (b1 * xs[(2 * i) + 1]);
            }
        }
        else
        {
            for (var k = 0; k < len; k++)
            {
                var o = (start + k) * pp;
                double z = 0;
                for (var j = 0; j < pp; j++)
                {
                    z += beta[j] * xs[o + j];
                }

                w[k] = z;
            }
        }

        var m = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; m <= len - Vector256<double>.Count; m += Vector256<double>.Count)
            {
                Vector256.Exp(Vector256.LoadUnsafe(ref w[m])).StoreUnsafe(ref w[m]);
            }
        }

        for (; m < len; m++)
        {
            w[m] = Math.Exp(w[m]);
        }

        return start;
    }

    /// <summary>
    /// Adds the censored subjects of block b to the risk set, then its deaths with the Breslow or Efron update
    /// (lower triangles of the block sums in <see cref="aAlive"/>, <see cref="aDead"/>, <see cref="cAlive"/>,
    /// <see cref="cDead"/>). Returns the updated log-likelihood.
    /// </summary>
    private double AddBlock(int b, double loglik, ref double denom, double dAlive, double dDead)
    {
        var pp = p;
        denom += dAlive;
        for (var j = 0; j < pp; j++)
        {
            a[j] += aAlive[j];
            var row = j * pp;
            for (var k = 0; k <= j; k++)
            {
                cmat[row + k] += cAlive[row + k];
            }
        }

        var ndead = blockDeaths[b];
        if (ndead == 0)
        {
            return loglik;
        }

        if (!efron || ndead == 1)
        {
            denom += dDead;
            loglik -= ndead * Math.Log(denom);
            for (var i = 0; i < pp; i++)
            {
                a[i] += aDead[i];
                var temp2 = a[i] / denom;
                U[i] -= ndead * temp2;
                var row = i * pp;
                for (var j = 0; j <= i; j++)
                {
                    cmat[row + j] += cDead[row + j];
                    Imat[(j * pp) + i] += ndead * (cmat[row + j] - (temp2 * a[j])) / denom;
                }
            }
        }
        else
        {
            // Efron: the k-th of the d tied deaths (k = 1…d) sees denom_k = D + (k/d)·D_dead, a_k = A + (k/d)·A_dead,
            // c_k = C + (k/d)·C_dead. The sums over k are formed from scalar moments of 1/denom_k (EfronSums), so the
            // cost is O(d + p²) per block rather than O(d·p²).
            double fd = ndead;
            EfronSums(denom, dDead / fd, ndead, out var logSum, out var s1, out var s2, out var t0, out var t1, out var t2);
            loglik -= logSum;
            for (var i = 0; i < pp; i++)
            {
                double ai = a[i], alphaI = aDead[i] / fd;
                U[i] -= (ai * s1) + (alphaI * s2);
                var row = i * pp;
                for (var j = 0; j <= i; j++)
                {
                    double aj = a[j], alphaJ = aDead[j] / fd;
                    var quad = (ai * aj * t0) + (((ai * alphaJ) + (alphaI * aj)) * t1) + (alphaI * alphaJ * t2);
                    Imat[(j * pp) + i] += (cmat[row + j] * s1) + (cDead[row + j] / fd * s2) - quad;
                }
            }

            denom += dDead;
            for (var i = 0; i < pp; i++)
            {
                a[i] += aDead[i];
                var row = i * pp;
                for (var j = 0; j <= i; j++)
                {
                    cmat[row + j] += cDead[row + j];
                }
            }
        }

        return loglik;
    }

    /// <summary>
    /// For den_k = d0 + k·step, k = 1…d: Σ log den_k (logs of chunked products, one log per ~dozens of terms),
    /// s1 = Σ 1/den_k, s2 = Σ k/den_k, t0 = Σ 1/den_k², t1 = Σ k/den_k², t2 = Σ k²/den_k².
    /// </summary>
    internal static void EfronSums(
        double d0, double step, int d,
        out double logSum, out double s1, out double s2, out double t0, out double t1, out double t2)
    {
        double prod = 1.0, logs = 0, a1 = 0, a2 = 0, b0 = 0, b1 = 0, b2 = 0;
        var k = 1;
        if (Vector256.IsHardwareAccelerated && d >= 8)
        {
            // Four k at a time. Products of at most 8 factors in [1e-30, 1e30] per lane cannot overflow; a chunk with
            // a factor outside that range is logged factor by factor instead.
            var vk = Vector256.Create(1.0, 2.0, 3.0, 4.0);
            var four = Vector256.Create(4.0);
            var vd0 = Vector256.Create(d0);
            var vstep = Vector256.Create(step);
            var one = Vector256<double>.One;
            var hi = Vector256.Create(1e30);
            var lo = Vector256.Create(1e-30);
            Vector256<double> va1 = default, va2 = default, vb0 = default, vb1 = default, vb2 = default, vprod = one;
            var pending = 0;
            for (; k + 3 <= d; k += 4)
            {
                var den = vd0 + (vk * vstep);
                var inv = one / den;
                var kinv = vk * inv;
                va1 += inv;
                va2 += kinv;
                vb0 += inv * inv;
                vb1 += kinv * inv;
                vb2 += kinv * kinv;
                if ((Vector256.GreaterThan(den, hi) | Vector256.LessThan(den, lo)) != Vector256<double>.Zero)
                {
                    for (var lane = 0; lane < 4; lane++)
                    {
                        logs += Math.Log(den[lane]);
                    }
                }
                else
                {
                    vprod *= den;
                    if (++pending == 8)
                    {
                        for (var lane = 0; lane < 4; lane++)
                        {
                            logs += Math.Log(vprod[lane]);
                        }

                        vprod = one;
                        pending = 0;
                    }
                }

                vk += four;
            }

            for (var lane = 0; lane < 4; lane++)
            {
                logs += Math.Log(vprod[lane]);
            }

            a1 = Vector256.Sum(va1);
            a2 = Vector256.Sum(va2);
            b0 = Vector256.Sum(vb0);
            b1 = Vector256.Sum(vb1);
            b2 = Vector256.Sum(vb2);
        }

        for (; k <= d; k++)
        {
            var den = d0 + (k * step);
            var inv = 1.0 / den;
            var kinv = k * inv;
            a1 += inv;
            a2 += kinv;
            b0 += inv * inv;
            b1 += kinv * inv;
            b2 += kinv * kinv;
            if (den > 1e100 || den < 1e-100)
            {
                logs += Math.Log(den);
            }
            else
            {
                prod *= den;
                if (prod > 1e200 || prod < 1e-200)
                {
                    logs += Math.Log(prod);
                    prod = 1.0;
                }
            }
        }

        logSum = logs + Math.Log(prod);
        s1 = a1;
        s2 = a2;
        t0 = b0;
        t1 = b1;
        t2 = b2;
    }

    private double Finish(double loglik)
    {
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < i; j++)
            {
                Imat[(i * p) + j] = Imat[(j * p) + i];
            }
        }

        return loglik;
    }

    private double EvaluateGeneral(double[] beta)
    {
        Array.Clear(Imat);
        Array.Clear(a);
        Array.Clear(cmat);
        double loglik = 0, denom = 0;
        for (var j = 0; j < p; j++)
        {
            U[j] = deadSumX[j];
            loglik += beta[j] * deadSumX[j];
        }

        var xs = xRowMajor;
        var st = status;
        var pp = p;
        var win = window;
        var ws = int.MaxValue;
        for (var b = blockDeaths.Length - 1; b >= 0; b--)
        {
            int start = blockStart[b], end = blockStart[b + 1];
            double dAlive = 0, dDead = 0;
            Array.Clear(aAlive);
            Array.Clear(aDead);
            Array.Clear(cAlive);
            Array.Clear(cDead);
            for (var i = end - 1; i >= start; i--)
            {
                var o = i * pp;
                if (i < ws)
                {
                    ws = FillWindow(i, beta);
                }

                var r = win[i - ws];
                var rd = r * st[i];
                var ra = r - rd;
                dAlive += ra;
                dDead += rd;
                AccumulateMoments(xs, o, ra, rd);
            }

            loglik = AddBlock(b, loglik, ref denom, dAlive, dDead);
        }

        return Finish(loglik);
    }

    /// <summary>Specialisation of <see cref="EvaluateGeneral"/> for one covariate.</summary>
    private double Evaluate1(double beta)
    {
        var xv0 = x0;
        var st = status;
        var starts = blockStart;
        var deaths = blockDeaths;
        double loglik = beta * deadSumX[0], u = deadSumX[0];
        double[] bv = [beta];
        var win = window;
        var ws = int.MaxValue;
        double denom = 0, sa = 0, sc = 0, imat = 0;
        for (var b = deaths.Length - 1; b >= 0; b--)
        {
            int start = starts[b], end = starts[b + 1];
            double dAlive = 0, dDead = 0, aAl = 0, aDe = 0, cAl = 0, cDe = 0;
            for (var i = end - 1; i >= start; i--)
            {
                var xv = xv0[i];
                if (i < ws)
                {
                    ws = FillWindow(i, bv);
                }

                var r = win[i - ws];
                var rd = r * st[i];
                var ra = r - rd;
                double ta = ra * xv, td = rd * xv;
                dAlive += ra;
                dDead += rd;
                aAl += ta;
                aDe += td;
                cAl += ta * xv;
                cDe += td * xv;
            }

            denom += dAlive;
            sa += aAl;
            sc += cAl;
            var ndead = deaths[b];
            if (ndead == 0)
            {
                continue;
            }

            if (!efron || ndead == 1)
            {
                denom += dDead;
                loglik -= ndead * Math.Log(denom);
                sa += aDe;
                var temp2 = sa / denom;
                u -= ndead * temp2;
                sc += cDe;
                imat += ndead * (sc - (temp2 * sa)) / denom;
            }
            else
            {
                double fd = ndead;
                EfronSums(denom, dDead / fd, ndead, out var logSum, out var s1, out var s2, out var t0, out var t1, out var t2);
                var alpha = aDe / fd;
                loglik -= logSum;
                u -= (sa * s1) + (alpha * s2);
                imat += (sc * s1) + (cDe / fd * s2) - ((sa * sa * t0) + (2 * sa * alpha * t1) + (alpha * alpha * t2));
                denom += dDead;
                sa += aDe;
                sc += cDe;
            }
        }

        U[0] = u;
        Imat[0] = imat;
        return loglik;
    }
}
