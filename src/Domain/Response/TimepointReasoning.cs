using System.Text;

namespace HccOutcomes.Domain.Response;

/// <summary>
/// The reasoning text of a timepoint response, rendered from what the rules decided, e.g.
/// "PD on 2021-03-04: sum 84 mm is +23.5% over nadir 68 mm (+16 mm)".
/// </summary>
internal static class TimepointReasoning
{
    /// <summary>
    /// "{overall} on {date}: " followed by the findings separated by "; ". For PD only its causes are listed; otherwise the
    /// target and non-target findings. Equivocal new lesions are always listed last.
    /// </summary>
    public static string Render(TimepointEvaluation e)
    {
        var sb = new StringBuilder(128);
        sb.Append(e.Overall).Append(" on ").Append(Fmt.D(e.Date)).Append(": ");
        var first = true;
        if (e.Overall == ResponseCategory.PD)
        {
            if (e.Targets is { Response: ResponseCategory.PD } targets)
            {
                Part(sb, ref first, Targets(targets, e.Criteria));
            }

            if (e.NonTargets.Response == NonTargetResponse.PD)
            {
                Part(sb, ref first, NonTargets(e.NonTargets)!);
            }

            foreach (var n in e.NewLesions)
            {
                if (n.IsProgression)
                {
                    Part(sb, ref first, NewLesion(n));
                }
            }
        }
        else
        {
            if (e.Targets is { } targets)
            {
                Part(sb, ref first, Targets(targets, e.Criteria));
            }

            if (NonTargets(e.NonTargets) is { } nonTargets)
            {
                Part(sb, ref first, nonTargets);
            }

            if (e.OverallRule == OverallResponseRule.NonTargetNonCompleteNonProgression)
            {
                Part(sb, ref first, "no target lesions: non-CR/non-PD reported as SD");
            }

            if (e.OverallRule == OverallResponseRule.NoBaselineLesions)
            {
                Part(sb, ref first, "no target or non-target lesions at baseline");
            }
        }

        foreach (var n in e.NewLesions)
        {
            if (!n.IsProgression)
            {
                Part(sb, ref first, NewLesion(n));
            }
        }

        return sb.ToString();
    }

    /// <summary>A timepoint taken from the investigator because the baseline has no usable measurements.</summary>
    public static string InvestigatorReported(ResponseCategory response, DateOnly date, Criteria criteria) =>
        $"{response} on {Fmt.D(date)}: investigator-reported {criteria.DisplayName()} response (no baseline lesion measurements)";

    /// <summary>An investigator timepoint in the series that is compared with the computed best overall response.</summary>
    public static string InvestigatorSeries(ResponseCategory response, DateOnly date) =>
        $"{response} on {Fmt.D(date)} (investigator)";

    private static string Targets(TargetLesionEvaluation t, Criteria criteria)
    {
        var sumLabel = criteria == Criteria.MRecist ? "viable sum" : "sum";
        return t.Rule switch
        {
            TargetResponseRule.AllTargetsDisappeared =>
                (criteria == Criteria.MRecist ? "no arterial enhancement in any target lesion" : "all target lesions disappeared")
                + (t.AnyLymphNode ? " (target nodes < 10 mm short axis)" : string.Empty),
            TargetResponseRule.IncreaseOverNadir => $"{sumLabel} {Fmt.N1(t.MeasuredSumMm)} mm is {OverNadir(t)}",
            TargetResponseRule.MeasuredTargetsIncreaseOverNadir =>
                $"{sumLabel} of measured target lesions {Fmt.N1(t.MeasuredSumMm)} mm ({Ids(t.NotMeasuredLesionIds)} not measured) is {OverNadir(t)}",
            TargetResponseRule.TargetNotMeasured => $"target lesion(s) {Ids(t.NotMeasuredLesionIds)} not measured",
            TargetResponseRule.DecreaseFromBaseline => FromBaseline(sumLabel, t) + " (≥ 30% decrease)",
            _ => StableTargets(sumLabel, t),
        };
    }

    private static string StableTargets(string sumLabel, TargetLesionEvaluation t)
    {
        // The nadir is mentioned when the sum rose from a nadir below baseline, or when only the absolute minimum kept it from PD.
        var text = FromBaseline(sumLabel, t);
        if (t.IncreaseOverNadirMm > 0 && (t.NadirMm < t.BaselineSumMm - TimepointRules.Tolerance || t.IncreaseBelowAbsoluteMinimum))
        {
            text += $", {OverNadir(t)}";
        }

        if (t.IncreaseBelowAbsoluteMinimum)
        {
            text += $": increase < {Fmt.N1(t.MinimumIncreaseMm)} mm absolute, not PD";
        }

        return text;
    }

    private static string FromBaseline(string sumLabel, TargetLesionEvaluation t) =>
        $"{sumLabel} {Fmt.N1(t.MeasuredSumMm)} mm is {Fmt.Pct(t.ChangeFromBaselinePct!.Value)} from baseline {Fmt.N1(t.BaselineSumMm)} mm";

    private static string OverNadir(TargetLesionEvaluation t) =>
        t.ChangeFromNadirPct is { } pct
            ? $"{Fmt.Pct(pct)} over nadir {Fmt.N1(t.NadirMm)} mm ({Fmt.SignedMm(t.IncreaseOverNadirMm)})"
            : $"{Fmt.SignedMm(t.IncreaseOverNadirMm)} over nadir 0 mm";

    private static string? NonTargets(NonTargetLesionEvaluation nt) => nt.Response switch
    {
        NonTargetResponse.PD => $"unequivocal progression of non-target lesion(s) {Ids(nt.ProgressedLesionIds)}",
        NonTargetResponse.NE => $"non-target lesion(s) {Ids(nt.NotAssessedLesionIds)} not assessed",
        NonTargetResponse.NonCRNonPD => $"non-target lesion(s) {Ids(nt.PresentLesionIds)} present (non-CR/non-PD)",
        NonTargetResponse.CR => "all non-target lesions absent",
        _ => null,
    };

    private static string NewLesion(NewLesionFinding n)
    {
        var sizeText = n.SizeMm is { } s ? $", {Fmt.N1(s)} mm" : string.Empty;
        return n.Kind switch
        {
            NewLesionKind.NewLesion => $"new lesion {n.LesionId} ({n.Organ}{sizeText})",
            NewLesionKind.PortalVeinTumorThrombus => $"new portal-vein tumor thrombus {n.LesionId}",
            NewLesionKind.Extrahepatic => $"new extrahepatic lesion {n.LesionId} ({n.Organ}{sizeText})",
            NewLesionKind.TypicalLiverLesion => $"new liver lesion {n.LesionId} ({Fmt.N1(n.SizeMm!.Value)} mm, typical HCC pattern)",
            _ => EquivocalLiverLesion(n),
        };
    }

    private static string EquivocalLiverLesion(NewLesionFinding n)
    {
        var size = n.SizeMm is { } z ? Fmt.N1(z) + " mm" : "size not recorded";
        var pattern = n.TypicalHccPattern switch
        {
            true => "typical pattern",
            false => "atypical pattern",
            null => "pattern not recorded",
        };
        return $"new liver lesion {n.LesionId} ({size}, {pattern}) not PD under mRECIST (needs ≥ 10 mm with typical HCC pattern)";
    }

    /// <summary>Lesion ids separated by ", "; a separator only follows text already written, so an empty id adds nothing.</summary>
    private static string Ids(IReadOnlyList<string> ids)
    {
        if (ids.Count == 1)
        {
            return ids[0];
        }

        var sb = new StringBuilder();
        foreach (var id in ids)
        {
            if (sb.Length > 0)
            {
                sb.Append(", ");
            }

            sb.Append(id);
        }

        return sb.ToString();
    }

    private static void Part(StringBuilder sb, ref bool first, string text)
    {
        if (!first)
        {
            sb.Append("; ");
        }

        sb.Append(text);
        first = false;
    }
}
