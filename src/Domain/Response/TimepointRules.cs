namespace HccOutcomes.Domain.Response;

/// <summary>A baseline target lesion and the diameter the criteria sums at one follow-up.</summary>
/// <param name="LesionId">Lesion id.</param>
/// <param name="IsLymphNode">The baseline lesion is a lymph node (CR then means under 10 mm short axis).</param>
/// <param name="DiameterMm">Diameter at this follow-up (mm); null when not measured.</param>
internal readonly record struct TargetLesionAtTimepoint(string LesionId, bool IsLymphNode, double? DiameterMm);

/// <summary>A baseline non-target lesion and its status at one follow-up.</summary>
/// <param name="LesionId">Lesion id.</param>
/// <param name="Status">Status at this follow-up; null when not assessed.</param>
internal readonly record struct NonTargetLesionAtTimepoint(string LesionId, NonTargetStatus? Status);

/// <summary>What the timepoint rules need at one follow-up assessment, with its lesions already matched to baseline.</summary>
/// <param name="Date">Assessment date.</param>
/// <param name="Criteria">RECIST 1.1 or mRECIST.</param>
/// <param name="Targets">Baseline target lesions in target order, with this follow-up's diameters.</param>
/// <param name="NonTargets">Baseline non-target lesions, with this follow-up's statuses.</param>
/// <param name="NewLesions">Lesions recorded as new or not seen at baseline.</param>
/// <param name="BaselineSumMm">Baseline sum of target diameters (mm); null without targets.</param>
/// <param name="NadirMm">Smallest earlier sum, baseline included (mm).</param>
internal sealed record TimepointInput(
    DateOnly Date,
    Criteria Criteria,
    IReadOnlyList<TargetLesionAtTimepoint> Targets,
    IReadOnlyList<NonTargetLesionAtTimepoint> NonTargets,
    IReadOnlyList<LesionMeasurement> NewLesions,
    double? BaselineSumMm,
    double NadirMm);

/// <summary>
/// RECIST 1.1 (Eisenhauer et al. 2009) and mRECIST (Lencioni &amp; Llovet 2010) at one follow-up assessment, in the order
/// of the criteria: target-lesion sum and nadir, target response, non-target response, new lesions, overall response.
/// Returns what each rule used and decided; <see cref="TimepointReasoning"/> turns that into text.
/// </summary>
internal static class TimepointRules
{
    /// <summary>Tolerance for comparisons of summed diameters, so that exactly +20% or -30% meets the threshold.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>Evaluates one follow-up assessment.</summary>
    public static TimepointEvaluation Evaluate(TimepointInput input)
    {
        var targets = input.Targets.Count > 0 ? TargetLesions(input) : null;
        var nonTargets = NonTargetLesions(input.NonTargets);
        var newLesions = NewLesions(input.NewLesions, input.Criteria);
        var (overall, rule) = Overall(targets?.Response, nonTargets.Response, newLesions.Any(static n => n.IsProgression));
        return new TimepointEvaluation
        {
            Date = input.Date,
            Criteria = input.Criteria,
            Targets = targets,
            NonTargets = nonTargets,
            NewLesions = newLesions,
            Overall = overall,
            OverallRule = rule,
        };
    }

    /// <summary>The sum of the measured targets, the targets not measured, and whether every measured target disappeared.</summary>
    private readonly record struct TargetSum(double MeasuredMm, IReadOnlyList<string> NotMeasured, bool AllDisappeared, bool AnyLymphNode);

    /// <summary>Step 1: sum of the target diameters measured at this timepoint.</summary>
    private static TargetSum SumTargets(IReadOnlyList<TargetLesionAtTimepoint> targets)
    {
        var sum = 0.0;
        var allDisappeared = true;
        var anyNode = false;
        List<string>? notMeasured = null;
        foreach (var t in targets)
        {
            anyNode |= t.IsLymphNode;
            if (t.DiameterMm is not { } d)
            {
                (notMeasured ??= []).Add(t.LesionId);
                continue;
            }

            sum += d;
            if (t.IsLymphNode ? d >= 10 : d > 0)
            {
                allDisappeared = false;
            }
        }

        return new TargetSum(sum, notMeasured ?? (IReadOnlyList<string>)[], allDisappeared, anyNode);
    }

    /// <summary>Step 2: target response from the sum, the baseline sum and the nadir.</summary>
    private static TargetLesionEvaluation TargetLesions(TimepointInput input)
    {
        var sum = SumTargets(input.Targets);
        var allMeasured = sum.NotMeasured.Count == 0;
        var baseline = input.BaselineSumMm!.Value;
        var nadir = input.NadirMm;

        // PD needs +20% over the nadir and an absolute increase: 5 mm under RECIST 1.1, none under mRECIST as published.
        var minimumIncrease = input.Criteria == Criteria.MRecist ? 0.0 : 5.0;
        var increase = sum.MeasuredMm - nadir;
        var meetsRelativeIncrease = increase > 0 && increase >= (0.2 * nadir) - Tolerance;
        var meetsPd = meetsRelativeIncrease && increase >= minimumIncrease - Tolerance;
        var (response, rule) = TargetResponse(sum, baseline, meetsPd);
        return new TargetLesionEvaluation
        {
            Response = response,
            Rule = rule,
            MeasuredSumMm = sum.MeasuredMm,
            NotMeasuredLesionIds = sum.NotMeasured,
            BaselineSumMm = baseline,
            NadirMm = nadir,
            IncreaseOverNadirMm = increase,
            ChangeFromNadirPct = nadir > 0 ? increase / nadir * 100 : null,
            ChangeFromBaselinePct = allMeasured ? (sum.MeasuredMm - baseline) / baseline * 100 : null,
            MinimumIncreaseMm = minimumIncrease,
            IncreaseBelowAbsoluteMinimum = meetsRelativeIncrease && increase < minimumIncrease - Tolerance,
            AnyLymphNode = sum.AnyLymphNode,
            NextNadirMm = allMeasured && sum.MeasuredMm < nadir ? sum.MeasuredMm : nadir,
        };
    }

    /// <summary>The first rule that applies: NE or PD with a target not measured, then CR, PD, PR, SD.</summary>
    private static (ResponseCategory Response, TargetResponseRule Rule) TargetResponse(TargetSum sum, double baseline, bool meetsPd)
    {
        // With a target not measured the timepoint is NE, unless the measured targets alone already show PD.
        if (sum.NotMeasured.Count > 0)
        {
            return meetsPd
                ? (ResponseCategory.PD, TargetResponseRule.MeasuredTargetsIncreaseOverNadir)
                : (ResponseCategory.NE, TargetResponseRule.TargetNotMeasured);
        }

        if (sum.AllDisappeared)
        {
            return (ResponseCategory.CR, TargetResponseRule.AllTargetsDisappeared);
        }

        if (meetsPd)
        {
            return (ResponseCategory.PD, TargetResponseRule.IncreaseOverNadir);
        }

        if (baseline - sum.MeasuredMm >= (0.3 * baseline) - Tolerance)
        {
            return (ResponseCategory.PR, TargetResponseRule.DecreaseFromBaseline);
        }

        return (ResponseCategory.SD, TargetResponseRule.NeitherResponseNorProgression);
    }

    /// <summary>Step 3: non-target response; unequivocal progression of any lesion first, then any not assessed, then any present.</summary>
    private static NonTargetLesionEvaluation NonTargetLesions(IReadOnlyList<NonTargetLesionAtTimepoint> nonTargets)
    {
        if (nonTargets.Count == 0)
        {
            return NonTargetLesionEvaluation.NotApplicable;
        }

        List<string>? progressed = null;
        List<string>? notAssessed = null;
        List<string>? present = null;
        foreach (var nt in nonTargets)
        {
            switch (nt.Status)
            {
                case NonTargetStatus.UnequivocalProgression:
                    (progressed ??= []).Add(nt.LesionId);
                    break;
                case NonTargetStatus.Present:
                    (present ??= []).Add(nt.LesionId);
                    break;
                case null:
                    (notAssessed ??= []).Add(nt.LesionId);
                    break;
                default:
                    break;
            }
        }

        var response = progressed is not null ? NonTargetResponse.PD
            : notAssessed is not null ? NonTargetResponse.NE
            : present is not null ? NonTargetResponse.NonCRNonPD
            : NonTargetResponse.CR;
        return new NonTargetLesionEvaluation
        {
            Response = response,
            ProgressedLesionIds = progressed ?? (IReadOnlyList<string>)[],
            NotAssessedLesionIds = notAssessed ?? (IReadOnlyList<string>)[],
            PresentLesionIds = present ?? (IReadOnlyList<string>)[],
        };
    }

    /// <summary>Step 4: classifies each new lesion. Under RECIST 1.1 every new lesion is PD; under mRECIST a new liver lesion
    /// is PD only when at least 10 mm with the typical HCC pattern.</summary>
    private static IReadOnlyList<NewLesionFinding> NewLesions(IReadOnlyList<LesionMeasurement> lesions, Criteria criteria)
    {
        if (lesions.Count == 0)
        {
            return [];
        }

        var findings = new NewLesionFinding[lesions.Count];
        for (var i = 0; i < lesions.Count; i++)
        {
            var l = lesions[i];
            var size = l.LongestDiameterMm ?? l.ViableDiameterMm;
            var kind = criteria == Criteria.Recist11 ? NewLesionKind.NewLesion
                : l.IsPortalVeinTumorThrombus ? NewLesionKind.PortalVeinTumorThrombus
                : !LesionMeasures.IsLiver(l.Organ) ? NewLesionKind.Extrahepatic
                : size >= 10 && l.TypicalHccPattern == true ? NewLesionKind.TypicalLiverLesion
                : NewLesionKind.EquivocalLiverLesion;
            findings[i] = new NewLesionFinding(l.LesionId, l.Organ, size, l.TypicalHccPattern, kind);
        }

        return findings;
    }

    /// <summary>Step 5: overall timepoint response by RECIST 1.1 Table 1 (with targets) or Table 2 (non-targets only).</summary>
    private static (ResponseCategory Overall, OverallResponseRule Rule) Overall(
        ResponseCategory? target, NonTargetResponse nonTarget, bool unequivocalNewLesion)
    {
        if (unequivocalNewLesion || nonTarget == NonTargetResponse.PD || target == ResponseCategory.PD)
        {
            return (ResponseCategory.PD, OverallResponseRule.Progression);
        }

        if (target is null)
        {
            return nonTarget switch
            {
                NonTargetResponse.CR => (ResponseCategory.CR, OverallResponseRule.NonTargetComplete),
                NonTargetResponse.NonCRNonPD => (ResponseCategory.SD, OverallResponseRule.NonTargetNonCompleteNonProgression),
                NonTargetResponse.NE => (ResponseCategory.NE, OverallResponseRule.NonTargetNotEvaluable),
                _ => (ResponseCategory.NE, OverallResponseRule.NoBaselineLesions),
            };
        }

        return target.Value switch
        {
            ResponseCategory.CR => nonTarget is NonTargetResponse.CR or NonTargetResponse.NotApplicable
                ? (ResponseCategory.CR, OverallResponseRule.TargetAndNonTargetComplete)
                : (ResponseCategory.PR, OverallResponseRule.TargetCompleteNonTargetIncomplete),
            ResponseCategory.PR => (ResponseCategory.PR, OverallResponseRule.TargetPartial),
            ResponseCategory.SD => (ResponseCategory.SD, OverallResponseRule.TargetStable),
            _ => (ResponseCategory.NE, OverallResponseRule.TargetNotEvaluable),
        };
    }
}
