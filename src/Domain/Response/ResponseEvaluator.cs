using System.Text;

namespace HccOutcomes.Domain.Response;

/// <summary>
/// RECIST 1.1 (Eisenhauer et al. 2009) and mRECIST for HCC (Lencioni &amp; Llovet 2010): timepoint responses,
/// best overall response, time to and duration of response, and the waterfall value, each with its reasoning.
/// </summary>
/// <remarks>
/// Choices beyond the published text:
/// <list type="bullet">
/// <item>Assessments on the same date are merged into one timepoint (e.g. chest CT and liver MRI).</item>
/// <item>Baseline lesions flagged Target by the site are used as the target set and only checked (≤ 5, ≤ 2 per organ,
/// measurable); the check results are notes. Without site flags, the largest measurable lesions are selected.
/// Under mRECIST a portal-vein tumor thrombus is never a target.</item>
/// <item>mRECIST measures non-nodal lesions on the viable diameter; an extrahepatic lesion without a viable diameter is
/// measured on its longest diameter (RECIST). Nodes use the short axis under both criteria.</item>
/// <item>PD by target sum needs +20% over the nadir and, under RECIST 1.1 only, +5 mm absolute (mRECIST as published has
/// no absolute floor). With a target missing, the timepoint is NE unless the measured lesions alone already meet PD.</item>
/// <item>A follow-up lesion whose id was not seen at baseline is treated as new. Under mRECIST a new liver lesion is PD only
/// when ≥ 10 mm with a typical HCC pattern (an unrecorded pattern is not typical); other new lesions, including a new
/// portal-vein tumor thrombus, are PD. Equivocal lesions are not back-dated when they later qualify.</item>
/// <item>Non-CR/non-PD without target lesions is reported as SD.</item>
/// </list>
/// </remarks>
public static class ResponseEvaluator
{
    private const double Eps = 1e-9;

    /// <summary>Evaluates one patient's assessments under one criteria.</summary>
    /// <param name="onStudyDate">Index date; the baseline is the last assessment on or before it.</param>
    /// <param name="assessments">All tumor assessments of the patient, in any order.</param>
    /// <param name="criteria">RECIST 1.1 or mRECIST.</param>
    /// <param name="options">Confirmation and SD parameters; defaults when null.</param>
    public static ResponseEvaluation Evaluate(
        DateOnly onStudyDate, IReadOnlyList<TumorAssessment> assessments, Criteria criteria, ResponseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(assessments);
        options ??= ResponseOptions.Default;
        var notes = new List<string>();
        var ordered = Normalize(assessments, notes);

        var baselineIdx = -1;
        for (var i = 0; i < ordered.Count && ordered[i].Date <= onStudyDate; i++)
        {
            baselineIdx = i;
        }

        if (baselineIdx >= 0 && HasMeasurements(ordered[baselineIdx], criteria))
        {
            return FromMeasurements(onStudyDate, ordered, baselineIdx, criteria, options, notes);
        }

        return FromInvestigator(onStudyDate, ordered, baselineIdx, criteria, options, notes);
    }

    /// <summary>True when the baseline has at least one lesion measured the way the criteria measures it
    /// (e.g. mRECIST needs viable diameters for liver lesions); otherwise investigator responses are used.</summary>
    private static bool HasMeasurements(TumorAssessment baseline, Criteria criteria)
    {
        foreach (var l in baseline.Lesions)
        {
            if (Measure(l, criteria) is not null)
            {
                return true;
            }
        }

        return false;
    }

    // ---------------------------------------------------------------- measurements

    private sealed class BaselineLesion
    {
        public required LesionMeasurement Source { get; init; }

        public required string OrganKey { get; init; }

        public double? Measure { get; init; }

        public bool Ignored { get; set; }

        public int TargetSlot { get; set; } = -1;

        public int NonTargetSlot { get; set; } = -1;
    }

    private static ResponseEvaluation FromMeasurements(
        DateOnly onStudy, List<TumorAssessment> ordered, int baselineIdx, Criteria criteria, ResponseOptions options, List<string> notes)
    {
        var baseline = ordered[baselineIdx];
        var mrecist = criteria == Criteria.MRecist;
        if (onStudy.DayNumber - baseline.Date.DayNumber > 28)
        {
            notes.Add($"Baseline assessment {Fmt.D(baseline.Date)} is {Fmt.I(onStudy.DayNumber - baseline.Date.DayNumber)} days before on-study (RECIST expects ≤ 28 days)");
        }

        // Index baseline lesions by id; follow-up lesions are matched through this map (linear in lesions).
        var index = new Dictionary<string, int>(baseline.Lesions.Count, StringComparer.Ordinal);
        var lesions = new List<BaselineLesion>(baseline.Lesions.Count);
        foreach (var l in baseline.Lesions)
        {
            if (index.ContainsKey(l.LesionId))
            {
                notes.Add($"Duplicate lesion id {l.LesionId} at baseline; first record used");
                continue;
            }

            var bl = new BaselineLesion { Source = l, OrganKey = OrganKey(l), Measure = Measure(l, criteria) };
            index.Add(l.LesionId, lesions.Count);
            lesions.Add(bl);
            if (l.IsLymphNode && l.ShortAxisMm is { } sa && sa < 10)
            {
                bl.Ignored = true;
                notes.Add($"Node {l.LesionId} short axis {Fmt.N1(sa)} mm < 10 mm at baseline: normal node, not followed");
            }
            else if (l.Role == LesionRole.New)
            {
                notes.Add($"Baseline lesion {l.LesionId} recorded as New: followed as non-target");
            }
        }

        var targets = SelectTargets(lesions, criteria, notes);
        var nonTargets = new List<BaselineLesion>();
        foreach (var bl in lesions)
        {
            if (!bl.Ignored && bl.TargetSlot < 0)
            {
                bl.NonTargetSlot = nonTargets.Count;
                nonTargets.Add(bl);
            }
        }

        double? baselineSum = null;
        if (targets.Count > 0)
        {
            double s = 0;
            foreach (var t in targets)
            {
                s += t.Measure!.Value;
            }

            baselineSum = s;
        }

        var sumLabel = mrecist ? "viable sum" : "sum";
        var minAbsoluteIncrease = mrecist ? 0.0 : 5.0;
        var nadir = baselineSum ?? 0;
        var tMeasure = new double?[targets.Count];
        var ntStatus = new NonTargetStatus?[nonTargets.Count];
        var timepoints = new List<TimepointResponse>(ordered.Count - baselineIdx);
        var newPd = new List<string>();
        var newEquivocal = new List<string>();

        for (var k = baselineIdx + 1; k < ordered.Count; k++)
        {
            var a = ordered[k];
            Array.Clear(tMeasure);
            Array.Clear(ntStatus);
            newPd.Clear();
            newEquivocal.Clear();

            foreach (var l in a.Lesions)
            {
                if (l.Role != LesionRole.New && index.TryGetValue(l.LesionId, out var li))
                {
                    var bl = lesions[li];
                    if (bl.TargetSlot >= 0)
                    {
                        tMeasure[bl.TargetSlot] = Measure(l, criteria);
                    }
                    else if (bl.NonTargetSlot >= 0)
                    {
                        ntStatus[bl.NonTargetSlot] = l.NonTargetStatus ?? DerivedStatus(l, criteria);
                    }

                    continue;
                }

                if (l.Role != LesionRole.New)
                {
                    notes.Add($"Lesion {l.LesionId} on {Fmt.D(a.Date)} was not present at baseline: treated as new");
                }

                ClassifyNewLesion(l, mrecist, newPd, newEquivocal);
            }

            timepoints.Add(EvaluateTimepoint(
                a, targets, nonTargets, tMeasure, ntStatus, newPd, newEquivocal, baselineSum, ref nadir,
                sumLabel, minAbsoluteIncrease, mrecist, criteria));
        }

        var targetIds = new string[targets.Count];
        for (var i = 0; i < targets.Count; i++)
        {
            targetIds[i] = targets[i].Source.LesionId;
        }

        var ntIds = new string[nonTargets.Count];
        for (var i = 0; i < nonTargets.Count; i++)
        {
            ntIds[i] = nonTargets[i].Source.LesionId;
        }

        var discrepancies = Discrepancies(onStudy, timepoints, options);
        return Summarize(onStudy, criteria, ResponseSource.Measurements, baseline.Date, targetIds, ntIds, baselineSum,
            timepoints, options, discrepancies, notes);
    }

    private static List<BaselineLesion> SelectTargets(List<BaselineLesion> lesions, Criteria criteria, List<string> notes)
    {
        var mrecist = criteria == Criteria.MRecist;
        var targets = new List<BaselineLesion>(5);
        var siteFlagged = false;
        foreach (var bl in lesions)
        {
            if (bl.Ignored || bl.Source.Role != LesionRole.Target)
            {
                continue;
            }

            siteFlagged = true;
            if (mrecist && bl.Source.IsPortalVeinTumorThrombus)
            {
                notes.Add($"Target {bl.Source.LesionId} is a portal-vein tumor thrombus: non-measurable under mRECIST, followed as non-target");
                continue;
            }

            if (bl.Measure is null)
            {
                notes.Add($"Target {bl.Source.LesionId} has no baseline {MeasureName(bl.Source, criteria)}: followed as non-target");
                continue;
            }

            if (!IsMeasurable(bl))
            {
                notes.Add($"Target {bl.Source.LesionId} {MeasureName(bl.Source, criteria)} {Fmt.N1(bl.Measure.Value)} mm is below the measurable size ({(bl.Source.IsLymphNode ? "15" : "10")} mm); site selection kept");
            }

            targets.Add(bl);
        }

        if (targets.Count > 0)
        {
            if (targets.Count > 5)
            {
                notes.Add($"Site selected {Fmt.I(targets.Count)} target lesions (maximum 5); site selection kept");
            }

            for (var i = 0; i < targets.Count; i++)
            {
                var sameOrgan = 0;
                var firstOfOrgan = true;
                for (var j = 0; j < targets.Count; j++)
                {
                    if (string.Equals(targets[j].OrganKey, targets[i].OrganKey, StringComparison.Ordinal))
                    {
                        sameOrgan++;
                        firstOfOrgan &= j >= i;
                    }
                }

                if (sameOrgan > 2 && firstOfOrgan)
                {
                    notes.Add($"Site selected {Fmt.I(sameOrgan)} target lesions in {targets[i].OrganKey} (maximum 2 per organ); site selection kept");
                }
            }
        }
        else
        {
            if (siteFlagged)
            {
                notes.Add("No usable site-selected target lesion: targets selected from measurable lesions");
            }

            // Largest measurable lesions first, at most 2 per organ and 5 in total; ties broken by id for determinism.
            var candidates = new List<BaselineLesion>();
            foreach (var bl in lesions)
            {
                if (!bl.Ignored && IsMeasurable(bl) && !(mrecist && bl.Source.IsPortalVeinTumorThrombus))
                {
                    candidates.Add(bl);
                }
            }

            candidates.Sort(static (x, y) =>
            {
                var c = y.Measure!.Value.CompareTo(x.Measure!.Value);
                return c != 0 ? c : string.CompareOrdinal(x.Source.LesionId, y.Source.LesionId);
            });

            foreach (var c in candidates)
            {
                if (targets.Count == 5)
                {
                    break;
                }

                var inOrgan = 0;
                foreach (var t in targets)
                {
                    if (string.Equals(t.OrganKey, c.OrganKey, StringComparison.Ordinal))
                    {
                        inOrgan++;
                    }
                }

                if (inOrgan < 2)
                {
                    targets.Add(c);
                }
            }
        }

        for (var i = 0; i < targets.Count; i++)
        {
            targets[i].TargetSlot = i;
        }

        return targets;
    }

    private static void ClassifyNewLesion(LesionMeasurement l, bool mrecist, List<string> newPd, List<string> newEquivocal)
    {
        var size = l.LongestDiameterMm ?? l.ViableDiameterMm;
        var sizeText = size is { } s ? $", {Fmt.N1(s)} mm" : string.Empty;
        if (!mrecist)
        {
            newPd.Add($"new lesion {l.LesionId} ({l.Organ}{sizeText})");
            return;
        }

        if (l.IsPortalVeinTumorThrombus)
        {
            newPd.Add($"new portal-vein tumor thrombus {l.LesionId}");
            return;
        }

        if (!IsLiver(l.Organ))
        {
            newPd.Add($"new extrahepatic lesion {l.LesionId} ({l.Organ}{sizeText})");
            return;
        }

        if (size >= 10 && l.TypicalHccPattern == true)
        {
            newPd.Add($"new liver lesion {l.LesionId} ({Fmt.N1(size.Value)} mm, typical HCC pattern)");
            return;
        }

        var why = l.TypicalHccPattern switch
        {
            true => "typical pattern",
            false => "atypical pattern",
            null => "pattern not recorded",
        };
        newEquivocal.Add($"new liver lesion {l.LesionId} ({(size is { } z ? Fmt.N1(z) + " mm" : "size not recorded")}, {why}) not PD under mRECIST (needs ≥ 10 mm with typical HCC pattern)");
    }

    private static TimepointResponse EvaluateTimepoint(
        TumorAssessment a,
        List<BaselineLesion> targets,
        List<BaselineLesion> nonTargets,
        double?[] tMeasure,
        NonTargetStatus?[] ntStatus,
        List<string> newPd,
        List<string> newEquivocal,
        double? baselineSum,
        ref double nadir,
        string sumLabel,
        double minAbsoluteIncrease,
        bool mrecist,
        Criteria criteria)
    {
        // ---- targets
        ResponseCategory? target = null;
        string? targetText = null;
        double? sum = null;
        double? pctBaseline = null;
        var nadirBefore = nadir;
        if (targets.Count > 0)
        {
            double partial = 0;
            var allCr = true;
            StringBuilder? missing = null;
            for (var i = 0; i < targets.Count; i++)
            {
                if (tMeasure[i] is not { } m)
                {
                    (missing ??= new StringBuilder()).Append(missing.Length > 0 ? ", " : string.Empty).Append(targets[i].Source.LesionId);
                    continue;
                }

                partial += m;
                if (targets[i].Source.IsLymphNode ? m >= 10 : m > 0)
                {
                    allCr = false;
                }
            }

            var increase = partial - nadir;
            var meetsPd = increase >= (0.2 * nadir) - Eps && increase >= minAbsoluteIncrease - Eps && increase > 0;
            if (missing is not null)
            {
                if (meetsPd)
                {
                    target = ResponseCategory.PD;
                    targetText = $"{sumLabel} of measured target lesions {Fmt.N1(partial)} mm ({missing} not measured) is {OverNadir(partial, nadir)}";
                }
                else
                {
                    target = ResponseCategory.NE;
                    targetText = $"target lesion(s) {missing} not measured";
                }
            }
            else
            {
                sum = partial;
                var bs = baselineSum!.Value;
                pctBaseline = (partial - bs) / bs * 100;
                if (allCr)
                {
                    target = ResponseCategory.CR;
                    var anyNode = false;
                    foreach (var t in targets)
                    {
                        anyNode |= t.Source.IsLymphNode;
                    }

                    targetText = (mrecist ? "no arterial enhancement in any target lesion" : "all target lesions disappeared")
                        + (anyNode ? " (target nodes < 10 mm short axis)" : string.Empty);
                }
                else if (meetsPd)
                {
                    target = ResponseCategory.PD;
                    targetText = $"{sumLabel} {Fmt.N1(partial)} mm is {OverNadir(partial, nadir)}";
                }
                else if (bs - partial >= (0.3 * bs) - Eps)
                {
                    target = ResponseCategory.PR;
                    targetText = FromBaseline(sumLabel, partial, pctBaseline.Value, bs) + " (≥ 30% decrease)";
                }
                else
                {
                    target = ResponseCategory.SD;
                    targetText = FromBaseline(sumLabel, partial, pctBaseline.Value, bs);
                    var belowFloor = increase > 0 && increase >= (0.2 * nadir) - Eps && increase < minAbsoluteIncrease - Eps;
                    if (increase > 0 && (nadir < bs - Eps || belowFloor))
                    {
                        targetText += $", {OverNadir(partial, nadir)}";
                    }

                    if (belowFloor)
                    {
                        targetText += $": increase < {Fmt.N1(minAbsoluteIncrease)} mm absolute, not PD";
                    }
                }

                if (partial < nadir)
                {
                    nadir = partial;
                }
            }
        }

        // ---- non-targets
        var nonTarget = NonTargetResponse.NotApplicable;
        string? ntText = null;
        if (nonTargets.Count > 0)
        {
            StringBuilder? up = null;
            StringBuilder? notAssessed = null;
            StringBuilder? present = null;
            for (var i = 0; i < nonTargets.Count; i++)
            {
                var id = nonTargets[i].Source.LesionId;
                switch (ntStatus[i])
                {
                    case NonTargetStatus.UnequivocalProgression:
                        Append(ref up, id);
                        break;
                    case NonTargetStatus.Present:
                        Append(ref present, id);
                        break;
                    case null:
                        Append(ref notAssessed, id);
                        break;
                    default:
                        break;
                }
            }

            if (up is not null)
            {
                nonTarget = NonTargetResponse.PD;
                ntText = $"unequivocal progression of non-target lesion(s) {up}";
            }
            else if (notAssessed is not null)
            {
                nonTarget = NonTargetResponse.NE;
                ntText = $"non-target lesion(s) {notAssessed} not assessed";
            }
            else if (present is not null)
            {
                nonTarget = NonTargetResponse.NonCRNonPD;
                ntText = $"non-target lesion(s) {present} present (non-CR/non-PD)";
            }
            else
            {
                nonTarget = NonTargetResponse.CR;
                ntText = "all non-target lesions absent";
            }
        }

        // ---- overall (RECIST 1.1 tables 1 and 2; mRECIST uses the same tables)
        var hasNew = newPd.Count > 0;
        ResponseCategory overall;
        if (hasNew || nonTarget == NonTargetResponse.PD || target == ResponseCategory.PD)
        {
            overall = ResponseCategory.PD;
        }
        else if (target is null)
        {
            overall = nonTarget switch
            {
                NonTargetResponse.CR => ResponseCategory.CR,
                NonTargetResponse.NonCRNonPD => ResponseCategory.SD,
                _ => ResponseCategory.NE,
            };
        }
        else
        {
            overall = target.Value switch
            {
                ResponseCategory.CR => nonTarget is NonTargetResponse.CR or NonTargetResponse.NotApplicable
                    ? ResponseCategory.CR
                    : ResponseCategory.PR,
                ResponseCategory.PR => ResponseCategory.PR,
                ResponseCategory.SD => ResponseCategory.SD,
                _ => ResponseCategory.NE,
            };
        }

        // ---- reasoning: for PD only the causes; otherwise target, non-target and equivocal findings.
        var sb = new StringBuilder(128);
        sb.Append(overall).Append(" on ").Append(Fmt.D(a.Date)).Append(": ");
        var first = true;
        if (overall == ResponseCategory.PD)
        {
            if (target == ResponseCategory.PD)
            {
                Part(sb, ref first, targetText!);
            }

            if (nonTarget == NonTargetResponse.PD)
            {
                Part(sb, ref first, ntText!);
            }

            foreach (var n in newPd)
            {
                Part(sb, ref first, n);
            }
        }
        else
        {
            if (targetText is not null)
            {
                Part(sb, ref first, targetText);
            }

            if (ntText is not null)
            {
                Part(sb, ref first, ntText);
            }

            if (target is null && nonTarget == NonTargetResponse.NonCRNonPD)
            {
                Part(sb, ref first, "no target lesions: non-CR/non-PD reported as SD");
            }

            if (target is null && nonTarget == NonTargetResponse.NotApplicable)
            {
                Part(sb, ref first, "no target or non-target lesions at baseline");
            }
        }

        foreach (var e in newEquivocal)
        {
            Part(sb, ref first, e);
        }

        var investigator = criteria == Criteria.Recist11 ? a.InvestigatorRecist : a.InvestigatorMRecist;
        return new TimepointResponse
        {
            Date = a.Date,
            Target = target,
            NonTarget = nonTarget,
            NewLesion = hasNew,
            Overall = overall,
            SumMm = sum,
            ChangeFromBaselinePct = pctBaseline,
            NadirMm = targets.Count > 0 ? nadirBefore : null,
            Investigator = investigator,
            SourceId = a.SourceId,
            Reasoning = sb.ToString(),
        };
    }

    private static string FromBaseline(string sumLabel, double sum, double pct, double baseline) =>
        $"{sumLabel} {Fmt.N1(sum)} mm is {Fmt.Pct(pct)} from baseline {Fmt.N1(baseline)} mm";

    private static string OverNadir(double sum, double nadir)
    {
        var diff = sum - nadir;
        return nadir > 0
            ? $"{Fmt.Pct(diff / nadir * 100)} over nadir {Fmt.N1(nadir)} mm ({Fmt.SignedMm(diff)})"
            : $"{Fmt.SignedMm(diff)} over nadir 0 mm";
    }

    private static void Append(ref StringBuilder? sb, string id) =>
        (sb ??= new StringBuilder()).Append(sb.Length > 0 ? ", " : string.Empty).Append(id);

    private static void Part(StringBuilder sb, ref bool first, string text)
    {
        if (!first)
        {
            sb.Append("; ");
        }

        sb.Append(text);
        first = false;
    }

    // ---------------------------------------------------------------- investigator fallback

    private static ResponseEvaluation FromInvestigator(
        DateOnly onStudy, List<TumorAssessment> ordered, int baselineIdx, Criteria criteria, ResponseOptions options, List<string> notes)
    {
        var timepoints = new List<TimepointResponse>();
        for (var k = baselineIdx + 1; k < ordered.Count; k++)
        {
            var a = ordered[k];
            if ((criteria == Criteria.Recist11 ? a.InvestigatorRecist : a.InvestigatorMRecist) is not { } r)
            {
                continue;
            }

            timepoints.Add(new TimepointResponse
            {
                Date = a.Date,
                Overall = r,
                Investigator = r,
                SourceId = a.SourceId,
                Reasoning = $"{r} on {Fmt.D(a.Date)}: investigator-reported {criteria.DisplayName()} response (no baseline lesion measurements)",
            });
        }

        var why = baselineIdx < 0
            ? $"No baseline tumor assessment on or before on-study {Fmt.D(onStudy)}"
            : ordered[baselineIdx].Lesions.Count == 0
                ? $"Baseline assessment {Fmt.D(ordered[baselineIdx].Date)} has no lesion measurements"
                : $"Baseline assessment {Fmt.D(ordered[baselineIdx].Date)} has no {criteria.DisplayName()} measurements{(criteria == Criteria.MRecist ? " (viable diameters)" : string.Empty)}";
        if (timepoints.Count == 0)
        {
            notes.Add(why + " and no investigator responses");
            return new ResponseEvaluation
            {
                Criteria = criteria,
                Source = ResponseSource.None,
                OnStudyDate = onStudy,
                BaselineDate = baselineIdx >= 0 ? ordered[baselineIdx].Date : null,
                BestOverallResponse = ResponseCategory.NE,
                BestOverallResponseReasoning = $"NE: {why} and no investigator {criteria.DisplayName()} responses",
                Notes = notes,
            };
        }

        notes.Add(why + ": investigator timepoint responses used");
        return Summarize(onStudy, criteria, ResponseSource.Investigator, baselineIdx >= 0 ? ordered[baselineIdx].Date : null,
            [], [], null, timepoints, options, [], notes);
    }

    // ---------------------------------------------------------------- best overall response

    private static ResponseEvaluation Summarize(
        DateOnly onStudy,
        Criteria criteria,
        ResponseSource source,
        DateOnly? baselineDate,
        IReadOnlyList<string> targetIds,
        IReadOnlyList<string> nonTargetIds,
        double? baselineSum,
        List<TimepointResponse> tps,
        ResponseOptions options,
        IReadOnlyList<ResponseDiscrepancy> discrepancies,
        List<string> notes)
    {
        var bor = BestOverall(onStudy, tps, options);

        // Only assessments up to the first PD count for the waterfall value and for censoring.
        double? bestPct = null;
        var bestIdx = -1;
        var lastAdequate = -1;
        for (var i = 0; i < bor.End; i++)
        {
            if (tps[i].ChangeFromBaselinePct is { } p && (bestPct is null || p < bestPct))
            {
                bestPct = p;
                bestIdx = i;
            }

            if (tps[i].Overall != ResponseCategory.NE)
            {
                lastAdequate = i;
            }
        }

        string? bestPctText = null;
        if (bestIdx >= 0)
        {
            bestPctText = $"Best change {Fmt.Pct(bestPct!.Value)} on {Fmt.D(tps[bestIdx].Date)}: {(criteria == Criteria.MRecist ? "viable sum" : "sum")} {Fmt.N1(tps[bestIdx].SumMm!.Value)} mm vs baseline {Fmt.N1(baselineSum!.Value)} mm";
        }
        else if (source == ResponseSource.Measurements && targetIds.Count > 0)
        {
            bestPctText = "No post-baseline assessment with all target lesions measured";
        }

        DateOnly? responseDate = null;
        int? ttr = null;
        int? dor = null;
        bool? dorCensored = null;
        string? durationText = null;
        if (bor.ResponseIdx >= 0)
        {
            responseDate = tps[bor.ResponseIdx].Date;
            ttr = StudyTime.Days(onStudy, responseDate.Value);
            durationText = $"Response from {Fmt.D(responseDate.Value)}: time to response {Fmt.Days(ttr.Value)} ({Fmt.N2(StudyTime.Months(ttr.Value))} months)";
            if (bor.PdIdx > bor.ResponseIdx)
            {
                dor = StudyTime.Days(responseDate.Value, tps[bor.PdIdx].Date);
                dorCensored = false;
                durationText += $"; duration {Fmt.Days(dor.Value)} to PD on {Fmt.D(tps[bor.PdIdx].Date)}";
            }
            else
            {
                var last = tps[lastAdequate].Date;
                dor = StudyTime.Days(responseDate.Value, last);
                dorCensored = true;
                durationText += $"; duration {Fmt.Days(dor.Value)}, censored at last adequate assessment {Fmt.D(last)} (no PD)";
            }
        }

        return new ResponseEvaluation
        {
            Criteria = criteria,
            Source = source,
            OnStudyDate = onStudy,
            BaselineDate = baselineDate,
            TargetLesionIds = targetIds,
            NonTargetLesionIds = nonTargetIds,
            BaselineSumMm = baselineSum,
            Timepoints = tps,
            BestOverallResponse = bor.Bor,
            BestOverallResponseReasoning = bor.Reason,
            ResponseDate = responseDate,
            TimeToResponseDays = ttr,
            ProgressionDate = bor.PdIdx >= 0 ? tps[bor.PdIdx].Date : null,
            DurationOfResponseDays = dor,
            DurationOfResponseCensored = dorCensored,
            ResponseDurationReasoning = durationText,
            BestPercentChange = bestPct,
            BestPercentChangeReasoning = bestPctText,
            LastAdequateAssessmentDate = lastAdequate >= 0 ? tps[lastAdequate].Date : null,
            LastAdequateAssessmentSourceId = lastAdequate >= 0 ? tps[lastAdequate].SourceId : null,
            Discrepancies = discrepancies,
            Notes = notes,
        };
    }

    private readonly record struct BorResult(ResponseCategory Bor, string Reason, int ResponseIdx, int PdIdx, int End);

    private static BorResult BestOverall(DateOnly onStudy, List<TimepointResponse> tps, ResponseOptions o)
    {
        // Assessments after the first PD do not count.
        var end = tps.Count;
        var pd = -1;
        for (var i = 0; i < tps.Count; i++)
        {
            if (tps[i].Overall == ResponseCategory.PD)
            {
                pd = i;
                end = i + 1;
                break;
            }
        }

        if (tps.Count == 0)
        {
            return new BorResult(ResponseCategory.NE, "NE: no post-baseline tumor assessment", -1, -1, 0);
        }

        var crI = -1;
        var crJ = -1;
        var prI = -1;
        var prJ = -1;
        var firstResponse = -1;
        for (var i = 0; i < end; i++)
        {
            var r = tps[i].Overall;
            if (r is not (ResponseCategory.CR or ResponseCategory.PR))
            {
                continue;
            }

            if (firstResponse < 0)
            {
                firstResponse = i;
            }

            if (!o.RequireConfirmation)
            {
                continue;
            }

            if (prI < 0 && FindConfirmation(tps, i, end, crOnly: false, o) is var j and >= 0)
            {
                prI = i;
                prJ = j;
            }

            if (crI < 0 && r == ResponseCategory.CR && FindConfirmation(tps, i, end, crOnly: true, o) is var jc and >= 0)
            {
                crI = i;
                crJ = jc;
                break; // a confirmed CR is the best possible; the PR-level pair (if any) started no later.
            }
        }

        if (!o.RequireConfirmation)
        {
            return BestUnconfirmed(onStudy, tps, end, pd, o);
        }

        if (crI >= 0)
        {
            return new BorResult(ResponseCategory.CR,
                $"CR on {Fmt.D(tps[crI].Date)} confirmed by CR on {Fmt.D(tps[crJ].Date)} ({Fmt.I(Gap(tps, crI, crJ))} days later)",
                prI >= 0 ? prI : crI, pd, end);
        }

        if (prI >= 0)
        {
            var confirmation = $"{tps[prJ].Overall} on {Fmt.D(tps[prJ].Date)} ({Fmt.I(Gap(tps, prI, prJ))} days later)";
            var reason = tps[prI].Overall == ResponseCategory.CR
                ? $"PR: CR on {Fmt.D(tps[prI].Date)} not confirmed as CR; response confirmed as PR by {confirmation}"
                : $"PR on {Fmt.D(tps[prI].Date)} confirmed by {confirmation}";
            if (firstResponse >= 0 && firstResponse < prI)
            {
                reason = $"{Unconfirmed(tps, firstResponse, end, o)}; {reason}";
            }

            return new BorResult(ResponseCategory.PR, reason, prI, pd, end);
        }

        // No confirmed response: an unconfirmed CR/PR counts as SD once the SD minimum is met.
        var prefix = firstResponse >= 0 ? Unconfirmed(tps, firstResponse, end, o) + "; " : string.Empty;
        return StableOrWorse(onStudy, tps, end, pd, o, prefix);
    }

    private static BorResult BestUnconfirmed(DateOnly onStudy, List<TimepointResponse> tps, int end, int pd, ResponseOptions o)
    {
        var cr = -1;
        var pr = -1;
        for (var i = 0; i < end; i++)
        {
            if (cr < 0 && tps[i].Overall == ResponseCategory.CR)
            {
                cr = i;
            }

            if (pr < 0 && tps[i].Overall is ResponseCategory.CR or ResponseCategory.PR)
            {
                pr = i;
            }
        }

        if (cr >= 0)
        {
            return new BorResult(ResponseCategory.CR, $"CR on {Fmt.D(tps[cr].Date)} (confirmation not required)", pr, pd, end);
        }

        if (pr >= 0)
        {
            return new BorResult(ResponseCategory.PR, $"PR on {Fmt.D(tps[pr].Date)} (confirmation not required)", pr, pd, end);
        }

        return StableOrWorse(onStudy, tps, end, pd, o, string.Empty);
    }

    private static BorResult StableOrWorse(DateOnly onStudy, List<TimepointResponse> tps, int end, int pd, ResponseOptions o, string prefix)
    {
        var early = -1;
        for (var i = 0; i < end; i++)
        {
            if (tps[i].Overall is ResponseCategory.CR or ResponseCategory.PR or ResponseCategory.SD)
            {
                var days = tps[i].Date.DayNumber - onStudy.DayNumber;
                var label = tps[i].Overall == ResponseCategory.SD ? "SD" : $"{tps[i].Overall} (counted as SD)";
                if (days >= o.StableDiseaseMinDays)
                {
                    return new BorResult(ResponseCategory.SD,
                        $"{prefix}SD: {label} on {Fmt.D(tps[i].Date)}, {Fmt.I(days)} days after on-study (SD minimum {Fmt.I(o.StableDiseaseMinDays)} days met)",
                        -1, pd, end);
                }

                if (early < 0)
                {
                    early = i;
                }
            }
        }

        var earlyText = early >= 0
            ? $"{(tps[early].Overall == ResponseCategory.SD ? "SD" : tps[early].Overall + " (counted as SD)")} on {Fmt.D(tps[early].Date)} only {Fmt.I(tps[early].Date.DayNumber - onStudy.DayNumber)} days after on-study (SD minimum {Fmt.I(o.StableDiseaseMinDays)} days not met); "
            : string.Empty;
        if (pd >= 0)
        {
            return new BorResult(ResponseCategory.PD, $"{prefix}{earlyText}{tps[pd].Reasoning}", -1, pd, end);
        }

        return early >= 0
            ? new BorResult(ResponseCategory.NE, $"{prefix}{earlyText}NE: no later evaluable assessment", -1, pd, end)
            : new BorResult(ResponseCategory.NE, $"{prefix}NE: no evaluable post-baseline assessment", -1, pd, end);
    }

    /// <summary>Index of the assessment confirming response <paramref name="i"/>, or -1. In between only responses and at most the allowed NEs.</summary>
    private static int FindConfirmation(List<TimepointResponse> tps, int i, int end, bool crOnly, ResponseOptions o)
    {
        var ne = 0;
        for (var j = i + 1; j < end; j++)
        {
            var r = tps[j].Overall;
            if (r == ResponseCategory.NE)
            {
                if (++ne > o.MaxNotEvaluableBetweenConfirmations)
                {
                    return -1;
                }

                continue;
            }

            var ok = crOnly ? r == ResponseCategory.CR : r is ResponseCategory.CR or ResponseCategory.PR;
            if (!ok)
            {
                return -1;
            }

            if (Gap(tps, i, j) >= o.ConfirmationMinDays)
            {
                return j;
            }
        }

        return -1;
    }

    /// <summary>Explains why response <paramref name="i"/> was not confirmed.</summary>
    private static string Unconfirmed(List<TimepointResponse> tps, int i, int end, ResponseOptions o)
    {
        var label = $"{tps[i].Overall} on {Fmt.D(tps[i].Date)} unconfirmed: ";
        var ne = 0;
        for (var j = i + 1; j < end; j++)
        {
            var r = tps[j].Overall;
            if (r == ResponseCategory.NE)
            {
                if (++ne > o.MaxNotEvaluableBetweenConfirmations)
                {
                    return label + $"more than {Fmt.I(o.MaxNotEvaluableBetweenConfirmations)} NE assessment(s) before confirmation";
                }

                continue;
            }

            if (r is not (ResponseCategory.CR or ResponseCategory.PR))
            {
                return label + $"followed by {r} on {Fmt.D(tps[j].Date)} ({Fmt.I(Gap(tps, i, j))} days later) before a confirming assessment ≥ {Fmt.I(o.ConfirmationMinDays)} days later";
            }

            if (Gap(tps, i, j) >= o.ConfirmationMinDays)
            {
                // Reached only for a CR followed by PR when explaining CR-level confirmation.
                return label + $"{r} on {Fmt.D(tps[j].Date)}";
            }
        }

        return label + $"no assessment ≥ {Fmt.I(o.ConfirmationMinDays)} days later";
    }

    private static int Gap(List<TimepointResponse> tps, int i, int j) => tps[j].Date.DayNumber - tps[i].Date.DayNumber;

    // ---------------------------------------------------------------- discrepancies

    private static List<ResponseDiscrepancy> Discrepancies(DateOnly onStudy, List<TimepointResponse> tps, ResponseOptions options)
    {
        var result = new List<ResponseDiscrepancy>();
        List<TimepointResponse>? investigator = null;
        foreach (var tp in tps)
        {
            if (tp.Investigator is not { } inv)
            {
                continue;
            }

            (investigator ??= []).Add(new TimepointResponse { Date = tp.Date, Overall = inv, Reasoning = $"{inv} on {Fmt.D(tp.Date)} (investigator)" });
            if (inv != tp.Overall)
            {
                result.Add(new ResponseDiscrepancy(tp.Date, tp.Overall, inv,
                    $"{Fmt.D(tp.Date)}: computed {tp.Overall} differs from investigator {inv}; computed value used ({tp.Reasoning})"));
            }
        }

        if (investigator is not null)
        {
            var computed = BestOverall(onStudy, tps, options).Bor;
            var inv = BestOverall(onStudy, investigator, options).Bor;
            if (computed != inv)
            {
                result.Add(new ResponseDiscrepancy(null, computed, inv,
                    $"Best overall response: computed {computed} differs from {inv} derived from investigator timepoint responses; computed value used"));
            }
        }

        return result;
    }

    // ---------------------------------------------------------------- helpers

    private static List<TumorAssessment> Normalize(IReadOnlyList<TumorAssessment> assessments, List<string> notes)
    {
        var sorted = true;
        for (var i = 1; i < assessments.Count; i++)
        {
            if (assessments[i].Date <= assessments[i - 1].Date)
            {
                sorted = false;
                break;
            }
        }

        if (sorted)
        {
            return assessments as List<TumorAssessment> ?? [.. assessments];
        }

        var list = assessments.OrderBy(a => a.Date).ToList();
        var merged = new List<TumorAssessment>(list.Count);
        foreach (var a in list)
        {
            if (merged.Count > 0 && merged[^1].Date == a.Date)
            {
                var prev = merged[^1];
                notes.Add($"Assessments on {Fmt.D(a.Date)} merged into one timepoint");
                merged[^1] = prev with
                {
                    Lesions = [.. prev.Lesions, .. a.Lesions],
                    InvestigatorRecist = a.InvestigatorRecist ?? prev.InvestigatorRecist,
                    InvestigatorMRecist = a.InvestigatorMRecist ?? prev.InvestigatorMRecist,
                    SourceId = prev.SourceId ?? a.SourceId,
                };
            }
            else
            {
                merged.Add(a);
            }
        }

        return merged;
    }

    /// <summary>The diameter each criteria sums: short axis for nodes; longest diameter (RECIST 1.1) or viable diameter (mRECIST).</summary>
    private static double? Measure(LesionMeasurement l, Criteria criteria)
    {
        if (l.IsLymphNode)
        {
            return l.ShortAxisMm;
        }

        if (criteria == Criteria.Recist11)
        {
            return l.LongestDiameterMm;
        }

        // Enhancement is the HCC concept; an extrahepatic lesion without a viable diameter is measured as in RECIST.
        return l.ViableDiameterMm ?? (IsLiver(l.Organ) ? null : l.LongestDiameterMm);
    }

    private static string MeasureName(LesionMeasurement l, Criteria criteria) =>
        l.IsLymphNode ? "short axis" : criteria == Criteria.Recist11 ? "longest diameter" : "viable diameter";

    private static bool IsMeasurable(BaselineLesion bl) =>
        bl.Measure is { } m && m >= (bl.Source.IsLymphNode ? 15 : 10);

    private static NonTargetStatus? DerivedStatus(LesionMeasurement l, Criteria criteria)
    {
        // A non-target without a recorded status (e.g. a measurable lesion beyond the 5 targets) is judged from its size;
        // unequivocal progression needs the radiologist and is never inferred.
        if (Measure(l, criteria) is not { } m)
        {
            return null;
        }

        return (l.IsLymphNode ? m < 10 : m <= 0) ? NonTargetStatus.Absent : NonTargetStatus.Present;
    }

    private static string OrganKey(LesionMeasurement l) =>
        l.IsLymphNode ? "lymph nodes" : (l.Organ ?? string.Empty).Trim().ToLowerInvariant();

    private static bool IsLiver(string? organ) =>
        organ is not null
        && (organ.Contains("liver", StringComparison.OrdinalIgnoreCase) || organ.Contains("hepat", StringComparison.OrdinalIgnoreCase));
}
