using HccOutcomes.Analysis.Continuous.Numerics;

namespace HccOutcomes.Analysis.Contingency;

/// <summary>
/// The conditional distribution of the (1,1) cell of a 2×2 table given its margins: Fisher's
/// noncentral hypergeometric distribution with noncentrality = odds ratio. Mirrors the helper
/// functions inside R's <c>fisher.test</c> (<c>dnhyper</c>, <c>mnhyper</c>, <c>pnhyper</c>).
/// </summary>
internal sealed class NoncentralHypergeometric
{
    private readonly double[] _logCentralDensity;

    public NoncentralHypergeometric(ContingencyTable table)
    {
        // R: m <- sum(x[, 1]); n <- sum(x[, 2]); k <- sum(x[1, ]); x <- x[1, 1]
        M = table.ColumnTotals[0];
        N = table.ColumnTotals[1];
        K = table.RowTotals[0];
        Observed = table[0, 0];
        Low = Math.Max(0, K - N);
        High = Math.Min(K, M);
        var size = High - Low + 1;
        _logCentralDensity = new double[size];
        var logDenominator = Probability.LogChoose(M + N, K);
        for (var s = 0; s < size; s++)
        {
            var x = Low + s;
            _logCentralDensity[s] = Probability.LogChoose(M, x) + Probability.LogChoose(N, K - x) - logDenominator;
        }
    }

    /// <summary>Column-1 total (R's m).</summary>
    public int M { get; }

    /// <summary>Column-2 total (R's n).</summary>
    public int N { get; }

    /// <summary>Row-1 total (R's k).</summary>
    public int K { get; }

    /// <summary>The observed (1,1) cell.</summary>
    public int Observed { get; }

    /// <summary>Smallest value of the support.</summary>
    public int Low { get; }

    /// <summary>Largest value of the support.</summary>
    public int High { get; }

    /// <summary>Probabilities over Low..High for the given odds ratio (0 &lt; ncp &lt; ∞).</summary>
    public double[] Density(double ncp)
    {
        var logNcp = Math.Log(ncp);
        var d = new double[_logCentralDensity.Length];
        var max = double.NegativeInfinity;
        for (var s = 0; s < d.Length; s++)
        {
            d[s] = _logCentralDensity[s] + logNcp * (Low + s);
            max = Math.Max(max, d[s]);
        }

        double sum = 0;
        for (var s = 0; s < d.Length; s++)
        {
            d[s] = Math.Exp(d[s] - max);
            sum += d[s];
        }

        for (var s = 0; s < d.Length; s++)
        {
            d[s] /= sum;
        }

        return d;
    }

    /// <summary>Mean of the distribution (R's <c>mnhyper</c>).</summary>
    public double Mean(double ncp)
    {
        if (ncp == 0)
        {
            return Low;
        }

        if (double.IsPositiveInfinity(ncp))
        {
            return High;
        }

        var d = Density(ncp);
        double mean = 0;
        for (var s = 0; s < d.Length; s++)
        {
            mean += (Low + s) * d[s];
        }

        return mean;
    }

    /// <summary>P(X ≤ q) or, with <paramref name="upperTail"/>, P(X ≥ q) (R's <c>pnhyper</c>).</summary>
    public double Cdf(int q, double ncp, bool upperTail)
    {
        if (ncp == 1)
        {
            // Central case: R calls phyper().
            double sum = 0;
            for (var s = 0; s < _logCentralDensity.Length; s++)
            {
                var x = Low + s;
                if (upperTail ? x >= q : x <= q)
                {
                    sum += Math.Exp(_logCentralDensity[s]);
                }
            }

            return Math.Min(1.0, sum);
        }

        if (ncp == 0)
        {
            return (upperTail ? q <= Low : q >= Low) ? 1.0 : 0.0;
        }

        if (double.IsPositiveInfinity(ncp))
        {
            return (upperTail ? q <= High : q >= High) ? 1.0 : 0.0;
        }

        var d = Density(ncp);
        double total = 0;
        for (var s = 0; s < d.Length; s++)
        {
            var x = Low + s;
            if (upperTail ? x >= q : x <= q)
            {
                total += d[s];
            }
        }

        return total;
    }
}
