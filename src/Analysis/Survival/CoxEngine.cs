namespace HccOutcomes.Analysis.Survival;

/// <summary>
/// Evaluates the Cox partial log-likelihood, score U and information matrix I at β in one backward pass over
/// data sorted by ascending time (the algorithm of R survival's <c>coxfit6_iter</c>): the risk-set sums
/// Σ exp(xβ), Σ x exp(xβ), Σ x xᵀ exp(xβ) are accumulated from the last time to the first, so each
/// evaluation is O(n·p²). Within a block of tied times the contributions of censored subjects and of deaths
/// are accumulated separately (branch-free), then the Breslow or Efron update is applied per block.
/// </summary>
internal sealed class CoxEngine
{
    private readonly byte[] status;
    private readonly double[] xRowMajor; // n × p, row-major (subject-major) for locality
    private readonly double[] x0;        // the single column when p = 1 (same array)
    private readonly bool efron;
    private readonly int p;
    private readonly int[] blockStart;  // tie blocks, ascending; block b = [blockStart[b], blockStart[b+1])
    private readonly int[] blockDeaths;
    private readonly double[] deadSumX; // Σ_deaths x_j: first term of U and of ℓ (Σ_deaths xβ = βᵀ deadSumX)

    // work arrays (alive = censored in the current block, dead = deaths in the current block)
    private readonly double[] a;
    private readonly double[] cmat;
    private readonly double[] aAlive;
    private readonly double[] aDead;
    private readonly double[] cAlive;
    private readonly double[] cDead;

    internal CoxEngine(SurvivalSample sample, double[] xRowMajor, int p, bool efron)
    {
        status = sample.Status;
        this.efron = efron;
        this.p = p;
        this.xRowMajor = xRowMajor;
        x0 = xRowMajor;
        blockStart = sample.BlockStart;
        blockDeaths = sample.BlockDeaths;
        deadSumX = new double[p];
        int n = status.Length;
        for (int i = 0; i < n; i++)
        {
            if (status[i] == 0) continue;
            for (int j = 0; j < p; j++) deadSumX[j] += xRowMajor[(i * p) + j];
        }

        U = new double[p];
        Imat = new double[p * p];
        a = new double[p];
        cmat = new double[p * p];
        aAlive = new double[p];
        aDead = new double[p];
        cAlive = new double[p * p];
        cDead = new double[p * p];
    }

    /// <summary>Score vector at the last evaluated β.</summary>
    internal double[] U { get; }

    /// <summary>Information matrix (p×p, row-major, symmetric) at the last evaluated β.</summary>
    internal double[] Imat { get; }

    /// <summary>Evaluates ℓ(β), filling <see cref="U"/> and <see cref="Imat"/>.</summary>
    internal double Evaluate(double[] beta) => p == 1 ? Evaluate1(beta[0]) : EvaluateGeneral(beta);

    private double EvaluateGeneral(double[] beta)
    {
        Array.Clear(Imat);
        Array.Clear(a);
        Array.Clear(cmat);
        double loglik = 0, denom = 0;
        for (int j = 0; j < p; j++)
        {
            U[j] = deadSumX[j];
            loglik += beta[j] * deadSumX[j];
        }

        double[] xs = xRowMajor;
        byte[] st = status;
        int pp = p;
        for (int b = blockDeaths.Length - 1; b >= 0; b--)
        {
            int start = blockStart[b], end = blockStart[b + 1];
            double dAlive = 0, dDead = 0;
            Array.Clear(aAlive);
            Array.Clear(aDead);
            Array.Clear(cAlive);
            Array.Clear(cDead);
            for (int i = start; i < end; i++)
            {
                int o = i * pp;
                double zbeta = 0;
                for (int j = 0; j < pp; j++) zbeta += beta[j] * xs[o + j];
                double r = Math.Exp(zbeta);
                double rd = r * st[i];
                double ra = r - rd;
                dAlive += ra;
                dDead += rd;
                for (int j = 0; j < pp; j++)
                {
                    double xv = xs[o + j];
                    double ta = ra * xv, td = rd * xv;
                    aAlive[j] += ta;
                    aDead[j] += td;
                    int row = j * pp;
                    for (int k = 0; k <= j; k++)
                    {
                        double xk = xs[o + k];
                        cAlive[row + k] += ta * xk;
                        cDead[row + k] += td * xk;
                    }
                }
            }

            denom += dAlive;
            for (int j = 0; j < pp; j++)
            {
                a[j] += aAlive[j];
                int row = j * pp;
                for (int k = 0; k <= j; k++) cmat[row + k] += cAlive[row + k];
            }

            int ndead = blockDeaths[b];
            if (ndead == 0) continue;
            if (!efron || ndead == 1)
            {
                denom += dDead;
                loglik -= ndead * Math.Log(denom);
                for (int i = 0; i < pp; i++)
                {
                    a[i] += aDead[i];
                    double temp2 = a[i] / denom;
                    U[i] -= ndead * temp2;
                    int row = i * pp;
                    for (int j = 0; j <= i; j++)
                    {
                        cmat[row + j] += cDead[row + j];
                        Imat[(j * pp) + i] += ndead * (cmat[row + j] - (temp2 * a[j])) / denom;
                    }
                }
            }
            else
            {
                double fd = ndead;
                for (int k = 0; k < ndead; k++)
                {
                    denom += dDead / fd;
                    loglik -= Math.Log(denom);
                    for (int i = 0; i < pp; i++)
                    {
                        a[i] += aDead[i] / fd;
                        double temp2 = a[i] / denom;
                        U[i] -= temp2;
                        int row = i * pp;
                        for (int j = 0; j <= i; j++)
                        {
                            cmat[row + j] += cDead[row + j] / fd;
                            Imat[(j * pp) + i] += (cmat[row + j] - (temp2 * a[j])) / denom;
                        }
                    }
                }
            }
        }

        for (int i = 0; i < pp; i++)
        {
            for (int j = 0; j < i; j++) Imat[(i * pp) + j] = Imat[(j * pp) + i];
        }

        return loglik;
    }

    /// <summary>Specialisation of <see cref="EvaluateGeneral"/> for one covariate.</summary>
    private double Evaluate1(double beta)
    {
        double[] xv0 = x0;
        byte[] st = status;
        int[] starts = blockStart;
        int[] deaths = blockDeaths;
        double loglik = beta * deadSumX[0], u = deadSumX[0];
        double denom = 0, sa = 0, sc = 0, imat = 0;
        for (int b = deaths.Length - 1; b >= 0; b--)
        {
            int start = starts[b], end = starts[b + 1];
            double dAlive = 0, dDead = 0, aAl = 0, aDe = 0, cAl = 0, cDe = 0;
            for (int i = start; i < end; i++)
            {
                double xv = xv0[i];
                double r = Math.Exp(beta * xv);
                double rd = r * st[i];
                double ra = r - rd;
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
            int ndead = deaths[b];
            if (ndead == 0) continue;
            if (!efron || ndead == 1)
            {
                denom += dDead;
                loglik -= ndead * Math.Log(denom);
                sa += aDe;
                double temp2 = sa / denom;
                u -= ndead * temp2;
                sc += cDe;
                imat += ndead * (sc - (temp2 * sa)) / denom;
            }
            else
            {
                double fd = ndead;
                for (int k = 0; k < ndead; k++)
                {
                    denom += dDead / fd;
                    loglik -= Math.Log(denom);
                    sa += aDe / fd;
                    double temp2 = sa / denom;
                    u -= temp2;
                    sc += cDe / fd;
                    imat += (sc - (temp2 * sa)) / denom;
                }
            }
        }

        U[0] = u;
        Imat[0] = imat;
        return loglik;
    }
}
