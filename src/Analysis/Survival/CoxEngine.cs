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
    private readonly byte[] _status;
    private readonly bool _generalOnly;   // tests: force the generic evaluator
    private readonly double[] _xRowMajor; // n × p, row-major (subject-major) for locality; empty for categorical engines
    private readonly double[] _x0;        // the single column when p = 1 (same array)
    private readonly bool _efron;
    private readonly int _p;
    private readonly int[] _blockStart;  // tie blocks, ascending; block b = [_blockStart[b], _blockStart[b+1])
    private readonly int[] _blockDeaths;
    private readonly double[] _deadSumX; // Σ_deaths x_j: first term of U and of ℓ (Σ_deaths xβ = βᵀ _deadSumX)

    // Categorical fast path: when the design rows take at most MaxPatterns distinct values (e.g. group
    // indicators only), the likelihood depends on the data only through the number of censored subjects and of
    // deaths with each row pattern in each block of tied times. Those counts are computed once, and each
    // evaluation then costs O(entries · p²) with entries ≤ min(n, blocks · patterns), instead of n exponentials.
    private const int MaxPatterns = 16;
    private readonly double[]? _patterns;     // Q × p, row-major
    private readonly int[]? _entryStart;      // per block: [_entryStart[b], _entryStart[b+1]) in the entry arrays
    private readonly int[]? _entryPattern;
    private readonly double[]? _entryAlive;
    private readonly double[]? _entryDead;
    // Group indicators only (the model of FitGroups without covariates): the scale of each centred indicator column
    // and each group's deaths; see EvaluateIndicators.
    private readonly double[]? _indicatorScale;
    private readonly double[]? _groupDeaths;
    private const int Segment = 512;
    private readonly double[] _window = new double[Segment]; // exp(xβ) for a segment of subjects (see FillWindow)

    // work arrays (alive = censored in the current block, dead = deaths in the current block)
    private readonly double[] _a;
    private readonly double[] _cmat;
    private readonly double[] _aAlive;
    private readonly double[] _aDead;
    private readonly double[] _cAlive;
    private readonly double[] _cDead;

    /// <summary>Engine over an n×p row-major design (sorted order, centred and scaled).</summary>
    internal CoxEngine(SurvivalSample sample, double[] xRowMajor, int p, bool efron, bool generalOnly = false)
        : this(sample, p, efron)
    {
        _generalOnly = generalOnly;
        _xRowMajor = xRowMajor;
        _x0 = xRowMajor;
        var n = _status.Length;
        for (var i = 0; i < n; i++)
        {
            if (_status[i] == 0)
            {
                continue;
            }

            for (var j = 0; j < p; j++)
            {
                _deadSumX[j] += xRowMajor[(i * p) + j];
            }
        }

        if (!generalOnly && TryPatterns(xRowMajor, p, n, out var pats, out var rowPattern))
        {
            _patterns = pats;
            BuildEntries(rowPattern!, null, _patterns!.Length / p, out _entryStart, out _entryPattern, out _entryAlive, out _entryDead);
        }
    }

    /// <summary>
    /// Engine over a categorical design given as Q row patterns (Q×p, centred and scaled) and the pattern index
    /// of each sorted subject; no n×p matrix is formed.
    /// </summary>
    internal CoxEngine(SurvivalSample sample, double[] patterns, int[] rowPattern, int p, bool efron)
        : this(sample, p, efron)
    {
        _xRowMajor = [];
        _x0 = [];
        _patterns = patterns;
        var q = patterns.Length / p;
        BuildEntries(null, rowPattern, q, out _entryStart, out _entryPattern, out _entryAlive, out _entryDead);
        for (var e = 0; e < _entryPattern.Length; e++)
        {
            var d = _entryDead[e];
            if (d == 0)
            {
                continue;
            }

            var po = _entryPattern[e] * p;
            for (var j = 0; j < p; j++)
            {
                _deadSumX[j] += d * patterns[po + j];
            }
        }

        _indicatorScale = IndicatorScale(patterns, p);
        if (_indicatorScale is not null)
        {
            _groupDeaths = new double[q];
            for (var e = 0; e < _entryPattern.Length; e++)
            {
                _groupDeaths[_entryPattern[e]] += _entryDead[e];
            }
        }
    }

    /// <summary>
    /// When pattern g (g ≥ 1) differs from pattern 0 only in column g − 1 (centred and scaled indicators of g against
    /// the reference), the scale of each column (that difference); otherwise null.
    /// </summary>
    private static double[]? IndicatorScale(double[] patterns, int p)
    {
        if (patterns.Length != (p + 1) * p)
        {
            return null;
        }

        var scale = new double[p];
        for (var g = 1; g <= p; g++)
        {
            for (var j = 0; j < p; j++)
            {
                var difference = patterns[(g * p) + j] - patterns[j];
                if ((j == g - 1) != (difference != 0))
                {
                    return null;
                }
            }

            scale[g - 1] = patterns[(g * p) + g - 1] - patterns[g - 1];
        }

        return scale;
    }

    private CoxEngine(SurvivalSample sample, int p, bool efron)
    {
        _status = sample.Status;
        _efron = efron;
        _p = p;
        _blockStart = sample.BlockStart;
        _blockDeaths = sample.BlockDeaths;
        _deadSumX = new double[p];
        _xRowMajor = [];
        _x0 = [];
        U = new double[p];
        Imat = new double[p * p];
        _a = new double[p];
        _cmat = new double[p * p];
        _aAlive = new double[p];
        _aDead = new double[p];
        _cAlive = new double[p * p];
        _cDead = new double[p * p];
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
        _generalOnly ? EvaluateGeneral(beta)
        : _indicatorScale is not null ? EvaluateIndicators(beta)
        : _patterns is not null ? EvaluatePatterns(beta)
        : _p == 1 ? Evaluate1(beta[0])
        : _p == 2 ? Evaluate2(beta[0], beta[1])
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
        var nb = _blockDeaths.Length;
        starts = new int[nb + 1];
        var pat = new List<int>();
        var al = new List<double>();
        var de = new List<double>();
        var aliveCount = new int[q];
        var deadCount = new int[q];
        for (var b = 0; b < nb; b++)
        {
            starts[b] = pat.Count;
            int from = _blockStart[b], to = _blockStart[b + 1];
            for (var i = from; i < to; i++)
            {
                var c = bytePattern is not null ? bytePattern[i] : intPattern![i];
                if (_status[i] != 0)
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

    /// <summary>
    /// ℓ, U and I for group indicators only, in O(entries · k) rather than O(entries · p²) with p = k − 1.
    /// </summary>
    /// <remarks>
    /// In the groups' own coordinates (γ_g = β_g·scale_g, r_g = exp γ_g, reference γ = 0) a risk set's sums are
    /// a_g = n_g r_g and c = diag(a), so every term of a block is r_g (or r_g r_h) times a function of the at-risk
    /// counts n_g and the block's scalars (s1, s2, t0, t1, t2 of <see cref="EfronSums"/>; Breslow is the same form).
    /// The counts n_g change only when group g gains subjects, so Σ_b n_g s1 and Σ_b n_g n_h t0 are kept as running
    /// totals brought up to date for group g, and its k pairs, at each such change. The deaths' own terms touch only
    /// the groups with deaths in the block. ℓ, U and I are invariant to the centring, and scale back to β by the
    /// column scales.
    /// </remarks>
    private double EvaluateIndicators(double[] beta)
    {
        var scale = _indicatorScale!;
        var deaths = _groupDeaths!;
        var k = _p + 1;
        var r = new double[k];
        var loglik = 0.0;
        r[0] = 1.0;
        for (var g = 1; g < k; g++)
        {
            var gamma = beta[g - 1] * scale[g - 1];
            r[g] = Math.Exp(gamma);
            loglik += gamma * deaths[g];
        }

        var count = new double[k];
        var single = new double[k];       // Σ_b n_g s1 + d_g s2 / d
        var singleAt = new double[k];
        var pair = new double[k * k];     // Σ_b n_g n_h t0 + (n_g d_h + d_g n_h) t1 / d + d_g d_h t2 / d²
        var pairAt = new double[k * k];
        double s1Total = 0, t0Total = 0, denom = 0;

        void BringUpToDate(int g)
        {
            single[g] += count[g] * (s1Total - singleAt[g]);
            singleAt[g] = s1Total;
            var row = g * k;
            for (var h = 0; h < k; h++)
            {
                var delta = t0Total - pairAt[row + h];
                if (delta != 0)
                {
                    var v = count[g] * count[h] * delta;
                    pair[row + h] += v;
                    pairAt[row + h] = t0Total;
                    if (h != g)
                    {
                        pair[(h * k) + g] += v;
                        pairAt[(h * k) + g] = t0Total;
                    }
                }
            }
        }

        for (var b = _blockDeaths.Length - 1; b >= 0; b--)
        {
            int from = _entryStart![b], to = _entryStart[b + 1];
            double dDead = 0;
            for (var e = from; e < to; e++)
            {
                var g = _entryPattern![e];
                if (_entryAlive![e] > 0)
                {
                    BringUpToDate(g);
                    count[g] += _entryAlive[e];
                    denom += _entryAlive[e] * r[g];
                }

                dDead += _entryDead![e] * r[g];
            }

            var ndead = _blockDeaths[b];
            if (ndead == 0)
            {
                continue;
            }

            double fd = ndead, logSum, s1, s2, t0, t1, t2;
            if (!_efron || ndead == 1)
            {
                var total = denom + dDead;
                logSum = fd * Math.Log(total);
                s1 = fd / total;
                s2 = fd * s1;
                t0 = fd / (total * total);
                t1 = fd * t0;
                t2 = fd * fd * t0;
            }
            else
            {
                EfronSums(denom, dDead / fd, ndead, out logSum, out s1, out s2, out t0, out t1, out t2);
            }

            loglik -= logSum;
            s1Total += s1;
            t0Total += t0;
            for (var e = from; e < to; e++)
            {
                var dh = _entryDead![e];
                if (dh == 0)
                {
                    continue;
                }

                var h = _entryPattern![e];
                single[h] += dh * s2 / fd;
                var cross = dh * t1 / fd;
                for (var g = 0; g < k; g++)
                {
                    var v = count[g] * cross;
                    pair[(g * k) + h] += v;
                    pair[(h * k) + g] += v;
                }

                for (var e2 = from; e2 < to; e2++)
                {
                    if (_entryDead[e2] != 0)
                    {
                        pair[(h * k) + _entryPattern[e2]] += dh * _entryDead[e2] * t2 / (fd * fd);
                    }
                }
            }

            for (var e = from; e < to; e++)
            {
                if (_entryDead![e] > 0)
                {
                    var g = _entryPattern![e];
                    BringUpToDate(g);
                    count[g] += _entryDead[e];
                }
            }

            denom += dDead;
        }

        for (var g = 0; g < k; g++)
        {
            BringUpToDate(g);
        }

        for (var i = 0; i < _p; i++)
        {
            var gi = i + 1;
            U[i] = scale[i] * (deaths[gi] - (r[gi] * single[gi]));
            for (var j = 0; j < _p; j++)
            {
                var gj = j + 1;
                var information = (i == j ? r[gi] * single[gi] : 0) - (r[gi] * r[gj] * pair[(gi * k) + gj]);
                Imat[(i * _p) + j] = scale[i] * scale[j] * information;
            }
        }

        return loglik;
    }

    private double EvaluatePatterns(double[] beta)
    {
        var q = _patterns!.Length / _p;
        var risk = q <= 256 ? stackalloc double[q] : new double[q];
        for (var c = 0; c < q; c++)
        {
            double z = 0;
            for (var j = 0; j < _p; j++)
            {
                z += beta[j] * _patterns[(c * _p) + j];
            }

            risk[c] = Math.Exp(z);
        }

        Array.Clear(Imat);
        Array.Clear(_a);
        Array.Clear(_cmat);
        double loglik = 0, denom = 0;
        for (var j = 0; j < _p; j++)
        {
            U[j] = _deadSumX[j];
            loglik += beta[j] * _deadSumX[j];
        }

        var pp = _p;
        for (var b = _blockDeaths.Length - 1; b >= 0; b--)
        {
            double dAlive = 0, dDead = 0;
            Array.Clear(_aAlive);
            Array.Clear(_aDead);
            Array.Clear(_cAlive);
            Array.Clear(_cDead);
            for (var e = _entryStart![b]; e < _entryStart[b + 1]; e++)
            {
                var c = _entryPattern![e];
                var r = risk[c];
                double ra = _entryAlive![e] * r, rd = _entryDead![e] * r;
                dAlive += ra;
                dDead += rd;
                AccumulateMoments(_patterns, c * pp, ra, rd);
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
        var pp = _p;
        for (var j = 0; j < pp; j++)
        {
            var xv = x[offset + j];
            double ta = ra * xv, td = rd * xv;
            _aAlive[j] += ta;
            _aDead[j] += td;
            var row = j * pp;
            for (var k = 0; k <= j; k++)
            {
                var xk = x[offset + k];
                _cAlive[row + k] += ta * xk;
                _cDead[row + k] += td * xk;
            }
        }
    }

    /// <summary>Specialisation for two covariates (no inner loops, scalar accumulators).</summary>
    private double Evaluate2(double b0, double b1)
    {
        var xs = _xRowMajor;
        var st = _status;
        var starts = _blockStart;
        Array.Clear(Imat);
        Array.Clear(_a);
        Array.Clear(_cmat);
        U[0] = _deadSumX[0];
        U[1] = _deadSumX[1];
        var loglik = (b0 * _deadSumX[0]) + (b1 * _deadSumX[1]);
        double denom = 0;
        double[] bv = [b0, b1];
        var win = _window;
        var ws = int.MaxValue;
        for (var b = _blockDeaths.Length - 1; b >= 0; b--)
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

            _aAlive[0] = a0A;
            _aAlive[1] = a1A;
            _aDead[0] = a0D;
            _aDead[1] = a1D;
            _cAlive[0] = c00A;
            _cAlive[2] = c10A;
            _cAlive[3] = c11A;
            _cDead[0] = c00D;
            _cDead[2] = c10D;
            _cDead[3] = c11D;
            loglik = AddBlock(b, loglik, ref denom, dA, dD);
        }

        return Finish(loglik);
    }

    /// <summary>
    /// Fills <see cref="_window"/> with exp(x_i β) for subjects [start, last], start = max(0, last − 511), and returns
    /// start. The likelihood loops walk the subjects backwards, so each subject's risk is computed exactly once,
    /// in cache-resident segments, without an n-sized buffer. The exponential uses
    /// <see cref="Vector256.Exp(Vector256{double})"/> where the hardware supports it (≤ 1 ulp from <see cref="Math.Exp"/>).
    /// </summary>
    private int FillWindow(int last, double[] beta)
    {
        var xs = _xRowMajor;
        var w = _window;
        var start = Math.Max(0, last - Segment + 1);
        var len = last - start + 1;
        var pp = _p;
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
    /// (lower triangles of the block sums in <see cref="_aAlive"/>, <see cref="_aDead"/>, <see cref="_cAlive"/>,
    /// <see cref="_cDead"/>). Returns the updated log-likelihood.
    /// </summary>
    private double AddBlock(int b, double loglik, ref double denom, double dAlive, double dDead)
    {
        var pp = _p;
        denom += dAlive;
        for (var j = 0; j < pp; j++)
        {
            _a[j] += _aAlive[j];
            var row = j * pp;
            for (var k = 0; k <= j; k++)
            {
                _cmat[row + k] += _cAlive[row + k];
            }
        }

        var ndead = _blockDeaths[b];
        if (ndead == 0)
        {
            return loglik;
        }

        if (!_efron || ndead == 1)
        {
            denom += dDead;
            loglik -= ndead * Math.Log(denom);
            for (var i = 0; i < pp; i++)
            {
                _a[i] += _aDead[i];
                var temp2 = _a[i] / denom;
                U[i] -= ndead * temp2;
                var row = i * pp;
                for (var j = 0; j <= i; j++)
                {
                    _cmat[row + j] += _cDead[row + j];
                    Imat[(j * pp) + i] += ndead * (_cmat[row + j] - (temp2 * _a[j])) / denom;
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
                double ai = _a[i], alphaI = _aDead[i] / fd;
                U[i] -= (ai * s1) + (alphaI * s2);
                var row = i * pp;
                for (var j = 0; j <= i; j++)
                {
                    double aj = _a[j], alphaJ = _aDead[j] / fd;
                    var quad = (ai * aj * t0) + (((ai * alphaJ) + (alphaI * aj)) * t1) + (alphaI * alphaJ * t2);
                    Imat[(j * pp) + i] += (_cmat[row + j] * s1) + (_cDead[row + j] / fd * s2) - quad;
                }
            }

            denom += dDead;
            for (var i = 0; i < pp; i++)
            {
                _a[i] += _aDead[i];
                var row = i * pp;
                for (var j = 0; j <= i; j++)
                {
                    _cmat[row + j] += _cDead[row + j];
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
        for (var i = 0; i < _p; i++)
        {
            for (var j = 0; j < i; j++)
            {
                Imat[(i * _p) + j] = Imat[(j * _p) + i];
            }
        }

        return loglik;
    }

    private double EvaluateGeneral(double[] beta)
    {
        Array.Clear(Imat);
        Array.Clear(_a);
        Array.Clear(_cmat);
        double loglik = 0, denom = 0;
        for (var j = 0; j < _p; j++)
        {
            U[j] = _deadSumX[j];
            loglik += beta[j] * _deadSumX[j];
        }

        var xs = _xRowMajor;
        var st = _status;
        var pp = _p;
        var win = _window;
        var ws = int.MaxValue;
        for (var b = _blockDeaths.Length - 1; b >= 0; b--)
        {
            int start = _blockStart[b], end = _blockStart[b + 1];
            double dAlive = 0, dDead = 0;
            Array.Clear(_aAlive);
            Array.Clear(_aDead);
            Array.Clear(_cAlive);
            Array.Clear(_cDead);
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
        var xv0 = _x0;
        var st = _status;
        var starts = _blockStart;
        var deaths = _blockDeaths;
        double loglik = beta * _deadSumX[0], u = _deadSumX[0];
        double[] bv = [beta];
        var win = _window;
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

            if (!_efron || ndead == 1)
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
