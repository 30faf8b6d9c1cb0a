namespace HccOutcomes.Analysis.Adjusted;

/// <summary>
/// The data of a weighted, stratified Cox model sorted once by (stratum, time), with the blocks of tied times, and the
/// backward risk-set passes shared by <see cref="WeightedCoxRegression"/> and <see cref="ProportionalHazardsTest"/>
/// (the algorithm of R survival's <c>coxfit6</c>, <c>coxscore2</c> and <c>zph1</c>, right-censored data).
/// </summary>
internal sealed class CoxRiskSets
{
    private readonly double[] _x;      // sorted, centred, row-major n × p
    private readonly double[] _w;      // sorted weights
    private readonly bool[] _dead;     // sorted status
    private readonly int[] _blockStart; // blocks of equal (stratum, time); block b = [_blockStart[b], _blockStart[b + 1])
    private readonly bool[] _blockOpensStratum; // the block is the first (earliest) of its stratum
    private readonly double[] _risk;   // w·exp(xβ) of the last evaluation
    private readonly double[] _a;
    private readonly double[] _a2;
    private readonly double[] _c;
    private readonly double[] _c2;

    public CoxRiskSets(double[] time, bool[] status, DesignMatrix design, double[]? weights, int[]? strata)
    {
        var n = time.Length;
        P = design.Columns;
        Order = Enumerable.Range(0, n).ToArray();
        Array.Sort(Order, (i, j) =>
        {
            var s = strata is null ? 0 : strata[i].CompareTo(strata[j]);
            return s != 0 ? s : time[i].CompareTo(time[j]);
        });

        // Centre the columns (weighted means) for the numerics; β is invariant to centring.
        var p = P;
        var means = new double[p];
        double sw = 0;
        for (var i = 0; i < n; i++)
        {
            var wi = weights?[i] ?? 1.0;
            sw += wi;
            for (var j = 0; j < p; j++)
            {
                means[j] += wi * design[i, j];
            }
        }

        for (var j = 0; j < p; j++)
        {
            means[j] /= sw;
        }

        _x = new double[n * p];
        _w = new double[n];
        _dead = new bool[n];
        Time = new double[n];
        var starts = new List<int>();
        var opens = new List<bool>();
        for (var k = 0; k < n; k++)
        {
            var i = Order[k];
            _w[k] = weights?[i] ?? 1.0;
            _dead[k] = status[i];
            Time[k] = time[i];
            for (var j = 0; j < p; j++)
            {
                _x[(k * p) + j] = design[i, j] - means[j];
            }

            var newStratum = k == 0 || (strata is not null && strata[i] != strata[Order[k - 1]]);
            if (newStratum || time[i] != time[Order[k - 1]])
            {
                starts.Add(k);
                opens.Add(newStratum);
            }

            if (status[i])
            {
                Events++;
            }
        }

        starts.Add(n);
        _blockStart = [.. starts];
        _blockOpensStratum = [.. opens];
        _risk = new double[n];
        _a = new double[p];
        _a2 = new double[p];
        _c = new double[p * p];
        _c2 = new double[p * p];
    }

    /// <summary>Number of columns.</summary>
    public int P { get; }

    /// <summary>Sorted position → subject index.</summary>
    public int[] Order { get; }

    /// <summary>Times in sorted order.</summary>
    public double[] Time { get; }

    /// <summary>Number of events.</summary>
    public int Events { get; }

    /// <summary>Sorted status.</summary>
    public bool[] Dead => _dead;

    /// <summary>Number of blocks.</summary>
    public int Blocks => _blockStart.Length - 1;

    /// <summary>First sorted position of block b.</summary>
    public int BlockStart(int b) => _blockStart[b];

    /// <summary>
    /// One death block's contribution at the evaluated β: its score s (Σ_deaths w x − Σ_k m x̄_k) and information V
    /// (Σ_k m (C_k/D_k − x̄_k x̄_kᵀ)), k over the Efron steps (one step for Breslow), m the mean death weight.
    /// </summary>
    public delegate void BlockVisitor(int block, double[] score, double[] information);

    /// <summary>
    /// Evaluates ℓ(β), U(β) and I(β) in one backward pass (risk-set sums reset at each stratum). The optional visitor
    /// receives each death block's score and information (for the PH test).
    /// </summary>
    public double Evaluate(double[] beta, bool efron, double[] u, double[] imat, BlockVisitor? visitor = null)
    {
        var p = P;
        Array.Clear(u);
        Array.Clear(imat);
        double loglik = 0, denom = 0;
        Array.Clear(_a);
        Array.Clear(_c);
        var s = visitor is null ? null : new double[p];
        var v = visitor is null ? null : new double[p * p];
        for (var b = Blocks - 1; b >= 0; b--)
        {
            int from = _blockStart[b], to = _blockStart[b + 1];
            if (b == Blocks - 1 || _blockOpensStratum[b + 1])
            {
                denom = 0;
                Array.Clear(_a);
                Array.Clear(_c);
            }

            double denom2 = 0, deadWeight = 0;
            var ndead = 0;
            Array.Clear(_a2);
            Array.Clear(_c2);
            if (s is not null)
            {
                Array.Clear(s);
                Array.Clear(v!);
            }

            for (var k = from; k < to; k++)
            {
                var o = k * p;
                double eta = 0;
                for (var j = 0; j < p; j++)
                {
                    eta += beta[j] * _x[o + j];
                }

                var r = _w[k] * Math.Exp(eta);
                _risk[k] = r;
                var aa = _dead[k] ? _a2 : _a;
                var cc = _dead[k] ? _c2 : _c;
                if (_dead[k])
                {
                    ndead++;
                    deadWeight += _w[k];
                    denom2 += r;
                    loglik += _w[k] * eta;
                    for (var j = 0; j < p; j++)
                    {
                        u[j] += _w[k] * _x[o + j];
                        s?[j] += _w[k] * _x[o + j];
                    }
                }
                else
                {
                    denom += r;
                }

                for (var j = 0; j < p; j++)
                {
                    var rx = r * _x[o + j];
                    aa[j] += rx;
                    for (var l = 0; l <= j; l++)
                    {
                        cc[(j * p) + l] += rx * _x[o + l];
                    }
                }
            }

            if (ndead == 0)
            {
                continue;
            }

            // Full risk set at this time; the Efron steps take away (k/d) of the deaths' share.
            denom += denom2;
            for (var j = 0; j < p; j++)
            {
                _a[j] += _a2[j];
                for (var l = 0; l <= j; l++)
                {
                    _c[(j * p) + l] += _c2[(j * p) + l];
                }
            }

            var steps = efron ? ndead : 1;
            var meanWeight = deadWeight / steps;
            for (var k = 0; k < steps; k++)
            {
                var f = (double)k / steps;
                var d2 = denom - (f * denom2);
                loglik -= meanWeight * Math.Log(d2);
                for (var j = 0; j < p; j++)
                {
                    var xbarJ = (_a[j] - (f * _a2[j])) / d2;
                    u[j] -= meanWeight * xbarJ;
                    s?[j] -= meanWeight * xbarJ;
                    for (var l = 0; l <= j; l++)
                    {
                        var xbarL = (_a[l] - (f * _a2[l])) / d2;
                        var cjl = (_c[(j * p) + l] - (f * _c2[(j * p) + l])) / d2;
                        var inc = meanWeight * (cjl - (xbarJ * xbarL));
                        imat[(j * p) + l] += inc;
                        if (v is not null)
                        {
                            v[(j * p) + l] += inc;
                        }
                    }
                }
            }

            if (visitor is not null)
            {
                Symmetrize(v!, p);
                visitor(b, s!, v!);
            }
        }

        Symmetrize(imat, p);
        return loglik;
    }

    /// <summary>
    /// Score residuals (R's <c>residuals(fit, type = "score")</c>, unweighted) at the β of the last
    /// <see cref="Evaluate"/>, in sorted order, n × p row-major: L_i = δ_i(x_i − x̄_death) − e^{η_i} Σ_{t_j ≤ t_i}
    /// (x_i − x̄(t_j)) dΛ(t_j), with the Efron weights (1 − k/d) for the deaths of a tie, as <c>coxscore2</c>.
    /// </summary>
    public double[] ScoreResiduals(bool efron)
    {
        var p = P;
        var n = _w.Length;
        var nb = Blocks;
        var hazFull = new double[nb];
        var hazDeath = new double[nb];
        var xhazFull = new double[nb * p];
        var xhazDeath = new double[nb * p];
        var xbarDeath = new double[nb * p];
        double denom = 0;
        var a = new double[p];
        var a2 = new double[p];
        for (var b = nb - 1; b >= 0; b--)
        {
            int from = _blockStart[b], to = _blockStart[b + 1];
            if (b == nb - 1 || _blockOpensStratum[b + 1])
            {
                denom = 0;
                Array.Clear(a);
            }

            double denom2 = 0, deadWeight = 0;
            var ndead = 0;
            Array.Clear(a2);
            for (var k = from; k < to; k++)
            {
                var r = _risk[k];
                denom += r;
                for (var j = 0; j < p; j++)
                {
                    a[j] += r * _x[(k * p) + j];
                }

                if (_dead[k])
                {
                    ndead++;
                    deadWeight += _w[k];
                    denom2 += r;
                    for (var j = 0; j < p; j++)
                    {
                        a2[j] += r * _x[(k * p) + j];
                    }
                }
            }

            if (ndead == 0)
            {
                continue;
            }

            var steps = efron ? ndead : 1;
            var meanWeight = deadWeight / steps;
            for (var k = 0; k < steps; k++)
            {
                var f = (double)k / steps;
                var d2 = denom - (f * denom2);
                var hazard = meanWeight / d2;
                hazFull[b] += hazard;
                hazDeath[b] += (1 - f) * hazard;
                for (var j = 0; j < p; j++)
                {
                    var xbar = (a[j] - (f * a2[j])) / d2;
                    xhazFull[(b * p) + j] += xbar * hazard;
                    xhazDeath[(b * p) + j] += xbar * hazard * (1 - f);
                    xbarDeath[(b * p) + j] += xbar / steps;
                }
            }
        }

        var resid = new double[n * p];
        double cumHaz = 0;
        var cumXHaz = new double[p];
        for (var b = 0; b < nb; b++)
        {
            if (_blockOpensStratum[b])
            {
                cumHaz = 0;
                Array.Clear(cumXHaz);
            }

            for (var k = _blockStart[b]; k < _blockStart[b + 1]; k++)
            {
                var e = _risk[k] / _w[k];
                var dead = _dead[k];
                var h = cumHaz + (dead ? hazDeath[b] : hazFull[b]);
                for (var j = 0; j < p; j++)
                {
                    var x = _x[(k * p) + j];
                    var xh = cumXHaz[j] + (dead ? xhazDeath[(b * p) + j] : xhazFull[(b * p) + j]);
                    var value = -e * ((x * h) - xh);
                    if (dead)
                    {
                        value += x - xbarDeath[(b * p) + j];
                    }

                    resid[(k * p) + j] = value;
                }
            }

            cumHaz += hazFull[b];
            for (var j = 0; j < p; j++)
            {
                cumXHaz[j] += xhazFull[(b * p) + j];
            }
        }

        return resid;
    }

    /// <summary>Sorted weights.</summary>
    public double Weight(int k) => _w[k];

    private static void Symmetrize(double[] m, int p)
    {
        for (var j = 0; j < p; j++)
        {
            for (var l = 0; l < j; l++)
            {
                m[(l * p) + j] = m[(j * p) + l];
            }
        }
    }
}
