namespace HccOutcomes.Analysis.Survival;

/// <summary>
/// Evaluates the Cox partial log-likelihood, score U and information matrix I at β in one backward pass over
/// data sorted by ascending time (the algorithm of R survival's <c>coxfit6_iter</c>): the risk-set sums
/// Σ exp(xβ), Σ x exp(xβ), Σ x xᵀ exp(xβ) are accumulated from the last time to the first, so each
/// evaluation is O(n·p²).
/// </summary>
internal sealed class CoxEngine
{
    private readonly double[] time;
    private readonly byte[] status;
    private readonly double[][] x;
    private readonly bool efron;
    private readonly int p;
    private readonly int[] blockStart; // tie blocks, ascending; block b = [blockStart[b], blockStart[b+1])

    // work arrays
    private readonly double[] a;
    private readonly double[] a2;
    private readonly double[] cmat;
    private readonly double[] cmat2;

    internal CoxEngine(double[] time, byte[] status, double[][] x, bool efron)
    {
        this.time = time;
        this.status = status;
        this.x = x;
        this.efron = efron;
        p = x.Length;
        int n = time.Length;
        var starts = new List<int>();
        for (int i = 0; i < n; i++)
        {
            if (i == 0 || time[i] != time[i - 1]) starts.Add(i);
        }

        starts.Add(n);
        blockStart = [.. starts];
        U = new double[p];
        Imat = new double[p * p];
        a = new double[p];
        a2 = new double[p];
        cmat = new double[p * p];
        cmat2 = new double[p * p];
    }

    /// <summary>Score vector at the last evaluated β.</summary>
    internal double[] U { get; }

    /// <summary>Information matrix (p×p, row-major, symmetric) at the last evaluated β.</summary>
    internal double[] Imat { get; }

    /// <summary>Evaluates ℓ(β), filling <see cref="U"/> and <see cref="Imat"/>.</summary>
    internal double Evaluate(double[] beta)
    {
        return p switch
        {
            1 => Evaluate1(beta[0]),
            _ => EvaluateGeneral(beta),
        };
    }

    private double EvaluateGeneral(double[] beta)
    {
        Array.Clear(U);
        Array.Clear(Imat);
        Array.Clear(a);
        Array.Clear(a2);
        Array.Clear(cmat);
        Array.Clear(cmat2);
        double loglik = 0, denom = 0;
        int nb = blockStart.Length - 1;
        for (int b = nb - 1; b >= 0; b--)
        {
            int start = blockStart[b], end = blockStart[b + 1];
            int ndead = 0;
            double denom2 = 0;
            for (int person = end - 1; person >= start; person--)
            {
                double zbeta = 0;
                for (int i = 0; i < p; i++) zbeta += beta[i] * x[i][person];
                double risk = Math.Exp(zbeta);
                if (status[person] == 0)
                {
                    denom += risk;
                    for (int i = 0; i < p; i++)
                    {
                        double xi = risk * x[i][person];
                        a[i] += xi;
                        int row = i * p;
                        for (int j = 0; j <= i; j++) cmat[row + j] += xi * x[j][person];
                    }
                }
                else
                {
                    ndead++;
                    denom2 += risk;
                    loglik += zbeta;
                    for (int i = 0; i < p; i++)
                    {
                        double xv = x[i][person];
                        U[i] += xv;
                        double xi = risk * xv;
                        a2[i] += xi;
                        int row = i * p;
                        for (int j = 0; j <= i; j++) cmat2[row + j] += xi * x[j][person];
                    }
                }
            }

            if (ndead == 0) continue;
            if (!efron || ndead == 1)
            {
                denom += denom2;
                loglik -= ndead * Math.Log(denom);
                for (int i = 0; i < p; i++)
                {
                    a[i] += a2[i];
                    double temp2 = a[i] / denom;
                    U[i] -= ndead * temp2;
                    int row = i * p;
                    for (int j = 0; j <= i; j++)
                    {
                        cmat[row + j] += cmat2[row + j];
                        Imat[(j * p) + i] += ndead * (cmat[row + j] - (temp2 * a[j])) / denom;
                    }
                }
            }
            else
            {
                double fd = ndead;
                for (int k = 0; k < ndead; k++)
                {
                    denom += denom2 / fd;
                    loglik -= Math.Log(denom);
                    for (int i = 0; i < p; i++)
                    {
                        a[i] += a2[i] / fd;
                        double temp2 = a[i] / denom;
                        U[i] -= temp2;
                        int row = i * p;
                        for (int j = 0; j <= i; j++)
                        {
                            cmat[row + j] += cmat2[row + j] / fd;
                            Imat[(j * p) + i] += (cmat[row + j] - (temp2 * a[j])) / denom;
                        }
                    }
                }
            }

            Array.Clear(a2);
            Array.Clear(cmat2);
        }

        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < i; j++) Imat[(i * p) + j] = Imat[(j * p) + i];
        }

        return loglik;
    }

    /// <summary>Specialisation of <see cref="EvaluateGeneral"/> for one covariate.</summary>
    private double Evaluate1(double beta)
    {
        double[] x0 = x[0];
        double loglik = 0, denom = 0, sa = 0, sc = 0, u = 0, imat = 0;
        int nb = blockStart.Length - 1;
        for (int b = nb - 1; b >= 0; b--)
        {
            int start = blockStart[b], end = blockStart[b + 1];
            int ndead = 0;
            double denom2 = 0, sa2 = 0, sc2 = 0;
            for (int person = end - 1; person >= start; person--)
            {
                double xv = x0[person];
                double zbeta = beta * xv;
                double risk = Math.Exp(zbeta);
                double xr = risk * xv;
                if (status[person] == 0)
                {
                    denom += risk;
                    sa += xr;
                    sc += xr * xv;
                }
                else
                {
                    ndead++;
                    denom2 += risk;
                    loglik += zbeta;
                    u += xv;
                    sa2 += xr;
                    sc2 += xr * xv;
                }
            }

            if (ndead == 0) continue;
            if (!efron || ndead == 1)
            {
                denom += denom2;
                loglik -= ndead * Math.Log(denom);
                sa += sa2;
                double temp2 = sa / denom;
                u -= ndead * temp2;
                sc += sc2;
                imat += ndead * (sc - (temp2 * sa)) / denom;
            }
            else
            {
                double fd = ndead;
                for (int k = 0; k < ndead; k++)
                {
                    denom += denom2 / fd;
                    loglik -= Math.Log(denom);
                    sa += sa2 / fd;
                    double temp2 = sa / denom;
                    u -= temp2;
                    sc += sc2 / fd;
                    imat += (sc - (temp2 * sa)) / denom;
                }
            }
        }

        U[0] = u;
        Imat[0] = imat;
        return loglik;
    }
}
