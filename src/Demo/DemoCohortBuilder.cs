using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Domain.Clinical;
using HccOutcomes.Domain.Registry;

namespace HccOutcomes.Demo;

/// <summary>One patient while it is being generated: its skeleton, dates and the document being filled.</summary>
internal sealed class DemoPatient(DemoArmTargets arm, int index, DemoOutcome outcome)
{
    public DemoArmTargets Arm { get; } = arm;

    /// <summary>Row of the skeleton (sorted by OS).</summary>
    public int Index { get; } = index;

    public DemoOutcome Outcome { get; } = outcome;

    public PatientDocument Document { get; } = new() { Arm = arm.Arm, Baseline = new BaselineDto() };

    public DateOnly OnStudy { get; set; }

    public bool Albi3 { get; set; }

    /// <summary>Offset (days from on-study) of the last date any record may carry: death, last contact or cut-off.</summary>
    public int LastOffset => Outcome.OsOffset;

    public bool Dead => Outcome.Status == DemoVitalStatus.Dead;

    public DateOnly Day(int offset) => OnStudy.AddDays(offset);

    public int Offset(DateOnly date) => date.DayNumber - OnStudy.DayNumber;

    /// <summary>Offset of the last day AEs are placed on: 30 days after the last anti-PD1 or sorafenib dose (within the treatment-emergent window).</summary>
    public int WindowEndOffset { get; set; }

    /// <summary>Offsets of tumor assessments after baseline (filled by imaging).</summary>
    public List<int> ScanOffsets { get; } = [];
}

/// <summary>
/// Builds the demo cohort. Every random draw comes from one <see cref="Random"/> seeded with <see cref="DemoCohort.Seed"/>
/// and is made in a fixed order, so the output is identical on every run and platform.
/// </summary>
internal sealed partial class DemoCohortBuilder(int seed)
{
    private readonly Random _rng = new(seed);

    public IReadOnlyList<PatientDocument> Build()
    {
        var documents = new List<PatientDocument>(78);
        documents.AddRange(BuildArm(DemoArmTargets.RtPd1, DemoSkeleton.RtPd1));
        documents.AddRange(BuildArm(DemoArmTargets.TaceSorafenib, DemoSkeleton.TaceSorafenib));
        return documents;
    }

    private List<PatientDocument> BuildArm(DemoArmTargets arm, IReadOnlyList<DemoOutcome> outcomes)
    {
        if (outcomes.Count != arm.N)
        {
            throw new InvalidOperationException($"Skeleton of {arm.Arm} has {outcomes.Count} rows, expected {arm.N}.");
        }

        var patients = new List<DemoPatient>(arm.N);
        for (var i = 0; i < arm.N; i++)
        {
            patients.Add(new DemoPatient(arm, i, outcomes[i]));
        }

        // Redrawn until every level of the paper's subgroups (Fig. 4) holds at least one OS and one PFS event per arm,
        // so that each forest-plot hazard ratio is estimable.
        for (var attempt = 0; ; attempt++)
        {
            AssignBaseline(arm, patients);
            if (EverySubgroupHasEvents(patients))
            {
                break;
            }

            if (attempt == 200)
            {
                throw new InvalidOperationException($"No baseline assignment of {arm.Arm} gives events in every subgroup.");
            }
        }

        AssignOnStudyDates(arm, patients);
        foreach (var p in patients)
        {
            BuildImaging(p);
        }

        if (arm.IsRt)
        {
            BuildRadiotherapyAndAntiPd1(patients);
        }
        else
        {
            BuildTaceAndSorafenib(patients);
        }

        BuildAdverseEvents(arm, patients);
        if (!arm.IsRt)
        {
            AddSorafenibDoseChanges(patients);
        }

        BuildFollowUp(arm, patients);

        // External IDs in random order, so that the numbering says nothing about outcome.
        var order = Enumerable.Range(0, arm.N).ToArray();
        Shuffle(order);
        var result = new List<PatientDocument>(arm.N);
        for (var k = 0; k < arm.N; k++)
        {
            var p = patients[order[k]];
            p.Document.ExternalId = $"{arm.IdPrefix}{k + 1:00}";
            p.Document.SourceId = $"synthetic-{arm.IdPrefix}{k + 1:00}";
            result.Add(p.Document);
        }

        return result;
    }

    // ---------------------------------------------------------------- baseline (Table 1)

    private void AssignBaseline(DemoArmTargets arm, List<DemoPatient> patients)
    {
        var n = arm.N;
        var all = Enumerable.Range(0, n).ToList();

        // BCLC: the mRECIST CR patient has no non-target disease, so stage B (no vascular invasion, no extrahepatic spread).
        var cr = patients.FindIndex(p => p.Outcome.MRecist == Domain.ResponseCategory.CR);
        var stageB = Pick(all, n - arm.BclcC, mustInclude: [cr]);
        var stageC = all.Except(stageB).ToList();
        var mvi = Pick(stageC, arm.MacrovascularInvasion);
        var ehs = Pick(stageC, arm.ExtrahepaticMetastasis);

        var male = Pick(all, arm.Male);
        var hbv = Pick(all, arm.Hbv);
        var hcv = Pick(all.Except(hbv).ToList(), arm.Hcv);
        var cirrhosis = Pick(all, arm.Cirrhosis);
        var afpHigh = Pick(all, arm.AfpAtLeast400);
        var albi3 = Pick(all, arm.AlbiGrade3);
        var bilirubinHigh = Pick(all, arm.BilirubinAbove21, mustInclude: albi3);
        var albuminLow = Pick(all, arm.AlbuminBelow35, mustInclude: albi3);
        var hemoglobinLow = Pick(all, arm.HemoglobinBelow131);
        var plateletsLow = Pick([.. cirrhosis.Order()], arm.PlateletsBelow100);
        var wbcLow = Pick(all, arm.WbcBelow397);
        var priorTace = Pick(all, arm.PriorTace);
        var priorHepatectomy = Pick(all, arm.PriorHepatectomy);
        var priorSystemic = Pick(all, arm.PriorSystemicTherapy);

        // Ages 25–72: a sample capped at 70 (the paper's eligibility limit) cannot have mean ± SD 54.16 ± 10.68 and still
        // pass as normal, which Table 1 (mean ± SD, t-test) requires.
        var ages = FitIntegers(n, arm.AgeMean, arm.AgeSd, 25, 72);
        var weights = FitIntegers(n, arm.BodyweightMean * 10, arm.BodyweightSd * 10, 400, 980);
        var diameters = arm.MaxTumorDiametersCm.ToArray();
        Shuffle(diameters);

        foreach (var p in patients)
        {
            var i = p.Index;
            var d = p.Document;
            var b = d.Baseline;
            d.Sex = male.Contains(i) ? Sex.Male : Sex.Female;
            d.AgeYears = ages[i];
            b.BodyweightKg = weights[i] / 10.0;
            b.BclcStage = stageB.Contains(i) ? BclcStage.B : BclcStage.C;
            b.MacrovascularInvasion = mvi.Contains(i);
            b.ExtrahepaticMetastasis = ehs.Contains(i);
            b.Ecog = stageB.Contains(i) ? 0 : (mvi.Contains(i) || ehs.Contains(i)) ? _rng.Next(2) : 1;
            b.Hbv = hbv.Contains(i);
            b.Hcv = hcv.Contains(i);
            b.Cirrhosis = cirrhosis.Contains(i);
            b.AfpNgPerMl = afpHigh.Contains(i)
                ? Round1(Math.Exp(Uniform(Math.Log(420), Math.Log(60000))))
                : Round1(Math.Exp(Uniform(Math.Log(1.5), Math.Log(380))));
            p.Albi3 = albi3.Contains(i);
            (b.AlbuminGPerL, b.TotalBilirubinUmolPerL) = LiverFunction(albuminLow.Contains(i), bilirubinHigh.Contains(i), p.Albi3);
            b.HemoglobinGPerL = hemoglobinLow.Contains(i) ? Math.Round(Uniform(98, 130.4)) : Math.Round(Uniform(131.6, 162));
            b.Platelets10e9PerL = plateletsLow.Contains(i) ? Math.Round(Uniform(48, 97)) : Math.Round(Uniform(104, 310));
            b.Wbc10e9PerL = wbcLow.Contains(i) ? Math.Round(Uniform(2.3, 3.9), 2) : Math.Round(Uniform(4.1, 9.6), 2);
            b.MaxTumorDiameterCm = diameters[i];
            b.IntrahepaticLesionCount = stageB.Contains(i) ? _rng.Next(2, 7) : 1 + (int)Math.Floor(4 * _rng.NextDouble() * _rng.NextDouble());
            b.PriorTace = priorTace.Contains(i);
            b.PriorHepatectomy = priorHepatectomy.Contains(i);
            b.PriorAblation = _rng.NextDouble() < 0.1;
            b.PriorSystemicTherapy = priorSystemic.Contains(i);
            b.DiagnosisBasis = b.PriorHepatectomy == true
                ? DiagnosisBasis.Histopathology
                : _rng.NextDouble() switch { < 0.3 => DiagnosisBasis.Histopathology, < 0.65 => DiagnosisBasis.Easl, _ => DiagnosisBasis.Aasld };

            // Child–Pugh from bilirubin and albumin, INR and encephalopathy normal, mild ascites in some cirrhotic patients.
            var bilirubinPoints = b.TotalBilirubinUmolPerL < 34 ? 1 : b.TotalBilirubinUmolPerL <= 50 ? 2 : 3;
            var albuminPoints = b.AlbuminGPerL > 35 ? 1 : b.AlbuminGPerL >= 28 ? 2 : 3;
            var ascitesPoints = b.Cirrhosis == true && _rng.NextDouble() < 0.25 ? 2 : 1;
            var score = bilirubinPoints + albuminPoints + ascitesPoints + 2;
            b.ChildPughScore = score;
            b.ChildPughClass = score <= 6 ? ChildPughClass.A : score <= 9 ? ChildPughClass.B : ChildPughClass.C;
        }
    }

    private static bool EverySubgroupHasEvents(List<DemoPatient> patients)
    {
        Func<BaselineDto, int?, bool>[] subgroups =
        [
            (_, age) => age >= 53,
            (b, _) => b.Hbv == true,
            (b, _) => b.MaxTumorDiameterCm < 10,
            (b, _) => b.MacrovascularInvasion == true,
            (b, _) => b.ExtrahepaticMetastasis == true,
            (b, _) => b.BclcStage == BclcStage.C,
            (b, _) => b.PriorTace == true,
            (b, _) => b.PriorHepatectomy == true,
            (b, _) => b.PriorSystemicTherapy == true,
            (b, _) => b.AfpNgPerMl >= 400,
        ];
        foreach (var inSubgroup in subgroups)
        {
            foreach (var level in new[] { true, false })
            {
                var cell = patients.Where(p => inSubgroup(p.Document.Baseline, p.Document.AgeYears) == level).ToList();
                if (!cell.Any(p => p.Dead) || !cell.Any(p => p.Outcome.PfsEnd != DemoPfsEnd.Censored))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Albumin and bilirubin in their Table 1 categories, with the ALBI grade the patient was given (3 or ≤ 2).</summary>
    private (double Albumin, double Bilirubin) LiverFunction(bool albuminLow, bool bilirubinHigh, bool albi3)
    {
        if (albi3)
        {
            // ALBI grade 3 (score > −1.39): low albumin and raised bilirubin.
            var albumin = Round1(Uniform(25.5, 29.5));
            var bilirubin = Round1(Uniform(34, 46));
            while (Albi.Evaluate(bilirubin, albumin).Score <= -1.33)
            {
                albumin = Round1(Math.Max(20, albumin - 0.5));
                bilirubin = Round1(bilirubin + 1);
            }

            return (albumin, bilirubin);
        }

        var alb = albuminLow ? Round1(Uniform(28.5, 34.6)) : Round1(Uniform(35.4, 46.5));
        var bil = bilirubinHigh ? Round1(Uniform(21.6, 38)) : Round1(Uniform(5.5, 20.6));

        // Keep ALBI ≤ 2 with a margin (score ≤ −1.45): raise albumin, then lower bilirubin, within their categories.
        while (Albi.Evaluate(bil, alb).Score > -1.45)
        {
            if (alb + 0.5 < (albuminLow ? 34.9 : 50))
            {
                alb = Round1(alb + 0.5);
            }
            else
            {
                bil = Round1(Math.Max(bilirubinHigh ? 21.6 : 5.5, bil - 1));
            }
        }

        return (alb, bil);
    }

    // ---------------------------------------------------------------- dates

    private void AssignOnStudyDates(DemoArmTargets arm, List<DemoPatient> patients)
    {
        foreach (var p in patients)
        {
            var latest = DemoCohort.DataCutoff.AddDays(-p.Outcome.OsOffset);
            if (p.Outcome.Status == DemoVitalStatus.Alive)
            {
                // Alive patients are followed up to the cut-off, so their on-study date fixes their follow-up.
                p.OnStudy = latest;
            }
            else
            {
                var last = latest < DemoArmTargets.EnrolmentEnd ? latest : DemoArmTargets.EnrolmentEnd;
                p.OnStudy = arm.EnrolmentStart.AddDays(_rng.Next(0, last.DayNumber - arm.EnrolmentStart.DayNumber + 1));
            }

            if (p.OnStudy > DemoArmTargets.EnrolmentEnd || p.OnStudy < arm.EnrolmentStart)
            {
                throw new InvalidOperationException($"{arm.Arm} row {p.Index}: on-study {p.OnStudy} outside enrolment.");
            }

            p.Document.OnStudyDate = p.OnStudy;
        }
    }

    // ---------------------------------------------------------------- random helpers

    private double Uniform(double min, double max) => min + ((max - min) * _rng.NextDouble());

    private int Int(int minInclusive, int maxInclusive) => _rng.Next(minInclusive, maxInclusive + 1);

    private bool Chance(double p) => _rng.NextDouble() < p;

    private static double Round1(double x) => Math.Round(x, 1, MidpointRounding.AwayFromZero);

    private double Normal()
    {
        // Box–Muller; 1 − U avoids log(0).
        var u1 = 1.0 - _rng.NextDouble();
        var u2 = _rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private void Shuffle<T>(IList<T> list)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = _rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    private T OneOf<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    /// <summary><paramref name="k"/> distinct members of <paramref name="from"/>, including <paramref name="mustInclude"/>.</summary>
    private HashSet<int> Pick(IReadOnlyList<int> from, int k, IReadOnlyCollection<int>? mustInclude = null)
    {
        var chosen = new List<int>(mustInclude ?? []);
        var rest = from.Where(x => !chosen.Contains(x)).ToList();
        Shuffle(rest);
        chosen.AddRange(rest.Take(k - chosen.Count));
        if (chosen.Count != k || chosen.Any(c => !from.Contains(c)))
        {
            throw new InvalidOperationException($"Cannot pick {k} of {from.Count}.");
        }

        return [.. chosen];
    }

    /// <summary>
    /// <paramref name="n"/> integers in [lo, hi] that look normal and whose mean and sample SD are as close to the targets as
    /// integers allow. Of 20 candidate samples the one with the smallest |skewness| + |excess kurtosis| / 2 is kept.
    /// </summary>
    private int[] FitIntegers(int n, double mean, double sd, int lo, int hi)
    {
        int[]? best = null;
        var bestScore = double.MaxValue;
        for (var candidate = 0; candidate < 20; candidate++)
        {
            var x = FitIntegersOnce(n, mean, sd, lo, hi);
            var m = x.Average();
            var m2 = x.Sum(v => Math.Pow(v - m, 2)) / n;
            var skewness = x.Sum(v => Math.Pow(v - m, 3)) / n / Math.Pow(m2, 1.5);
            var excessKurtosis = (x.Sum(v => Math.Pow(v - m, 4)) / n / (m2 * m2)) - 3;
            var score = Math.Abs(skewness) + (Math.Abs(excessKurtosis) / 2);
            if (score < bestScore)
            {
                (best, bestScore) = (x, score);
            }
        }

        return best!;
    }

    /// <summary>
    /// Truncated-normal draws rescaled to the mean and SD, rounded; then the sum is set to round(mean·n) and the sum of
    /// squares to the nearest reachable value by moves x_i + 1, x_j − 1 (each changes Σx² by 2(x_i − x_j) + 2).
    /// </summary>
    private int[] FitIntegersOnce(int n, double mean, double sd, int lo, int hi)
    {
        var z = new double[n];
        for (var i = 0; i < n; i++)
        {
            double v;
            do
            {
                v = mean + (sd * Normal());
            }
            while (v < lo || v > hi);
            z[i] = v;
        }

        for (var round = 0; round < 20; round++)
        {
            var m = z.Average();
            var s = Math.Sqrt(z.Sum(v => (v - m) * (v - m)) / (n - 1));
            for (var i = 0; i < n; i++)
            {
                z[i] = Math.Clamp(mean + (sd * (z[i] - m) / s), lo, hi);
            }
        }

        var x = z.Select(v => (int)Math.Round(v)).ToArray();
        var targetSum = (long)Math.Round(mean * n);
        while (x.Sum(v => (long)v) is var sum && sum != targetSum)
        {
            var i = _rng.Next(n);
            var step = sum < targetSum ? 1 : -1;
            if (x[i] + step >= lo && x[i] + step <= hi)
            {
                x[i] += step;
            }
        }

        // Σx² ≡ Σx (mod 2) and every move changes Σx² by an even number: aim at the nearest value of that parity.
        var idealSquares = (sd * sd * (n - 1)) + ((double)targetSum * targetSum / n);
        var targetSquares = (long)Math.Round(idealSquares);
        if (Math.Abs(targetSquares - targetSum) % 2 == 1)
        {
            targetSquares += idealSquares >= targetSquares ? 1 : -1;
        }

        var toward = new List<(int I, int J)>();
        var nearest = new List<(int I, int J)>();
        for (var iteration = 0; iteration < 100_000; iteration++)
        {
            var diff = targetSquares - x.Sum(v => (long)v * v);
            if (diff == 0)
            {
                return x;
            }

            // A random move toward the target that does not overshoot (spreads the changes over the sample); when none
            // exists, or one lands exactly, the move landing nearest.
            toward.Clear();
            nearest.Clear();
            var best = long.MaxValue;
            for (var i = 0; i < n; i++)
            {
                if (x[i] >= hi)
                {
                    continue;
                }

                for (var j = 0; j < n; j++)
                {
                    if (i == j || x[j] <= lo)
                    {
                        continue;
                    }

                    var delta = (2L * (x[i] - x[j])) + 2;
                    if (delta == 0)
                    {
                        continue;
                    }

                    if (Math.Sign(delta) == Math.Sign(diff) && Math.Abs(delta) <= Math.Abs(diff))
                    {
                        toward.Add((i, j));
                    }

                    var miss = Math.Abs(diff - delta);
                    if (miss < best)
                    {
                        best = miss;
                        nearest.Clear();
                    }

                    if (miss == best)
                    {
                        nearest.Add((i, j));
                    }
                }
            }

            var (a, c) = toward.Count > 0 && best != 0 ? OneOf(toward) : OneOf(nearest);
            x[a]++;
            x[c]--;
        }

        throw new InvalidOperationException($"Could not fit {n} integers to mean {mean} and SD {sd}.");
    }
}
