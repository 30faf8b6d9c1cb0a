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
/// <para>The rules return what they used and decided (<see cref="TimepointRules"/>, <see cref="BestOverallResponse"/>);
/// the reasoning text is rendered from that by <see cref="TimepointReasoning"/> and <see cref="ResponseReasoning"/>.</para>
/// </remarks>
public static class ResponseEvaluator
{
    /// <summary>Evaluates one patient's assessments under one criteria.</summary>
    /// <param name="onStudyDate">Index date; the baseline is the last assessment on or before it.</param>
    /// <param name="assessments">All tumor assessments of the patient, in any order.</param>
    /// <param name="criteria">RECIST 1.1 or mRECIST.</param>
    /// <param name="options">Confirmation and SD parameters; defaults when null.</param>
    public static ResponseEvaluation Evaluate(
        DateOnly onStudyDate, IReadOnlyList<ImagingAssessment> assessments, Criteria criteria, ResponseOptions? options = null)
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
    private static bool HasMeasurements(ImagingAssessment baseline, Criteria criteria)
    {
        foreach (var l in baseline.Lesions)
        {
            if (LesionMeasures.Measure(l, criteria) is not null)
            {
                return true;
            }
        }

        return false;
    }

    // ---------------------------------------------------------------- from measurements

    private static ResponseEvaluation FromMeasurements(
        DateOnly onStudy, List<ImagingAssessment> ordered, int baselineIdx, Criteria criteria, ResponseOptions options, List<string> notes)
    {
        var baseline = ordered[baselineIdx];
        if (onStudy.DayNumber - baseline.Date.DayNumber > 28)
        {
            notes.Add($"Baseline assessment {Fmt.D(baseline.Date)} is {Fmt.I(onStudy.DayNumber - baseline.Date.DayNumber)} days before on-study (RECIST expects ≤ 28 days)");
        }

        var (lesions, index) = IndexBaseline(baseline, criteria, notes);
        var targets = TargetSelection.Select(lesions, criteria, notes);
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
            var s = 0.0;
            foreach (var t in targets)
            {
                s += t.Measure!.Value;
            }

            baselineSum = s;
        }

        // Each follow-up starts from the baseline lesions with nothing measured or assessed yet. The buffers are reused from
        // one follow-up to the next: the rules copy out what they keep.
        var unmeasuredTargets = new TargetLesionAtTimepoint[targets.Count];
        for (var i = 0; i < targets.Count; i++)
        {
            unmeasuredTargets[i] = new TargetLesionAtTimepoint(targets[i].Source.LesionId, targets[i].Source.IsLymphNode, null);
        }

        var unassessedNonTargets = new NonTargetLesionAtTimepoint[nonTargets.Count];
        for (var i = 0; i < nonTargets.Count; i++)
        {
            unassessedNonTargets[i] = new NonTargetLesionAtTimepoint(nonTargets[i].Source.LesionId, null);
        }

        var targetsNow = new TargetLesionAtTimepoint[targets.Count];
        var nonTargetsNow = new NonTargetLesionAtTimepoint[nonTargets.Count];
        var nadir = baselineSum ?? 0;
        var timepoints = new List<TimepointResponse>(ordered.Count - baselineIdx);
        for (var k = baselineIdx + 1; k < ordered.Count; k++)
        {
            var a = ordered[k];
            unmeasuredTargets.CopyTo(targetsNow, 0);
            unassessedNonTargets.CopyTo(nonTargetsNow, 0);
            List<LesionMeasurement>? newLesions = null;
            foreach (var l in a.Lesions)
            {
                if (l.Role != LesionRole.New && index.TryGetValue(l.LesionId, out var li))
                {
                    var bl = lesions[li];
                    if (bl.TargetSlot >= 0)
                    {
                        targetsNow[bl.TargetSlot] = targetsNow[bl.TargetSlot] with { DiameterMm = LesionMeasures.Measure(l, criteria) };
                    }
                    else if (bl.NonTargetSlot >= 0)
                    {
                        nonTargetsNow[bl.NonTargetSlot] = nonTargetsNow[bl.NonTargetSlot] with
                        {
                            Status = l.NonTargetStatus ?? LesionMeasures.DerivedStatus(l, criteria),
                        };
                    }

                    continue;
                }

                if (l.Role != LesionRole.New)
                {
                    notes.Add($"Lesion {l.LesionId} on {Fmt.D(a.Date)} was not present at baseline: treated as new");
                }

                (newLesions ??= []).Add(l);
            }

            var evaluation = TimepointRules.Evaluate(new TimepointInput(
                a.Date, criteria, targetsNow, nonTargetsNow, newLesions ?? (IReadOnlyList<LesionMeasurement>)[], baselineSum, nadir));
            nadir = evaluation.Targets?.NextNadirMm ?? nadir;
            timepoints.Add(new TimepointResponse
            {
                Date = a.Date,
                Target = evaluation.Targets?.Response,
                NonTarget = evaluation.NonTargets.Response,
                NewLesion = evaluation.HasUnequivocalNewLesion,
                Overall = evaluation.Overall,
                SumMm = evaluation.Targets?.SumMm,
                ChangeFromBaselinePct = evaluation.Targets?.ChangeFromBaselinePct,
                NadirMm = evaluation.Targets?.NadirMm,
                Investigator = criteria == Criteria.Recist11 ? a.InvestigatorRecist : a.InvestigatorMRecist,
                SourceId = a.SourceId,
                Reasoning = TimepointReasoning.Render(evaluation),
            });
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

    /// <summary>Baseline lesions in recorded order, indexed by id so that follow-up lesions are matched in linear time.</summary>
    private static (List<BaselineLesion> Lesions, Dictionary<string, int> Index) IndexBaseline(
        ImagingAssessment baseline, Criteria criteria, List<string> notes)
    {
        var index = new Dictionary<string, int>(baseline.Lesions.Count, StringComparer.Ordinal);
        var lesions = new List<BaselineLesion>(baseline.Lesions.Count);
        foreach (var l in baseline.Lesions)
        {
            if (index.ContainsKey(l.LesionId))
            {
                notes.Add($"Duplicate lesion id {l.LesionId} at baseline; first record used");
                continue;
            }

            var bl = new BaselineLesion { Source = l, OrganKey = LesionMeasures.OrganKey(l), Measure = LesionMeasures.Measure(l, criteria) };
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

        return (lesions, index);
    }

    // ---------------------------------------------------------------- investigator fallback

    private static ResponseEvaluation FromInvestigator(
        DateOnly onStudy, List<ImagingAssessment> ordered, int baselineIdx, Criteria criteria, ResponseOptions options, List<string> notes)
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
                Reasoning = TimepointReasoning.InvestigatorReported(r, a.Date, criteria),
            });
        }

        DateOnly? baselineDate = baselineIdx >= 0 ? ordered[baselineIdx].Date : null;
        var reason = baselineIdx < 0 ? MissingBaselineReason.NoBaselineAssessment
            : ordered[baselineIdx].Lesions.Count == 0 ? MissingBaselineReason.NoLesions
            : MissingBaselineReason.NoMeasurementsForCriteria;
        var why = ResponseReasoning.MissingBaseline(reason, onStudy, baselineDate, criteria);
        if (timepoints.Count == 0)
        {
            notes.Add(why + " and no investigator responses");
            return new ResponseEvaluation
            {
                Criteria = criteria,
                Source = ResponseSource.None,
                OnStudyDate = onStudy,
                BaselineDate = baselineDate,
                BestOverallResponse = ResponseCategory.NE,
                BestOverallResponseReasoning = ResponseReasoning.NoUsableResponses(why, criteria),
                Notes = notes,
            };
        }

        notes.Add(why + ": investigator timepoint responses used");
        return Summarize(onStudy, criteria, ResponseSource.Investigator, baselineDate, [], [], null, timepoints, options, [], notes);
    }

    // ---------------------------------------------------------------- patient summary

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
        var bor = BestOverallResponse.Derive(onStudy, tps, options);

        // Only assessments up to the first PD count for the waterfall value and for censoring.
        double? bestPct = null;
        var bestIdx = -1;
        var lastAdequate = -1;
        for (var i = 0; i < bor.CountedTimepoints; i++)
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
            bestPctText = ResponseReasoning.BestPercentChange(criteria, tps[bestIdx], baselineSum!.Value);
        }
        else if (source == ResponseSource.Measurements && targetIds.Count > 0)
        {
            bestPctText = ResponseReasoning.NoBestPercentChange();
        }

        DateOnly? responseDate = null;
        int? ttr = null;
        int? dor = null;
        bool? dorCensored = null;
        string? durationText = null;
        if (bor.ResponseStartIndex is { } start)
        {
            responseDate = tps[start].Date;
            ttr = StudyTime.Days(onStudy, responseDate.Value);
            var progressed = bor.ProgressionIndex is { } pd && pd > start;
            var end = progressed ? tps[bor.ProgressionIndex!.Value].Date : tps[lastAdequate].Date;
            dor = StudyTime.Days(responseDate.Value, end);
            dorCensored = !progressed;
            durationText = ResponseReasoning.ResponseDuration(responseDate.Value, ttr.Value, dor.Value, end, dorCensored.Value);
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
            BestOverallResponse = bor.Response,
            BestOverallResponseReasoning = ResponseReasoning.BestOverallResponse(bor, tps),
            ResponseDate = responseDate,
            TimeToResponseDays = ttr,
            ProgressionDate = bor.ProgressionIndex is { } progression ? tps[progression].Date : null,
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

            (investigator ??= []).Add(new TimepointResponse { Date = tp.Date, Overall = inv, Reasoning = TimepointReasoning.InvestigatorSeries(inv, tp.Date) });
            if (inv != tp.Overall)
            {
                result.Add(new ResponseDiscrepancy(tp.Date, tp.Overall, inv, ResponseReasoning.TimepointDiscrepancy(tp, inv)));
            }
        }

        if (investigator is not null)
        {
            var computed = BestOverallResponse.Derive(onStudy, tps, options).Response;
            var inv = BestOverallResponse.Derive(onStudy, investigator, options).Response;
            if (computed != inv)
            {
                result.Add(new ResponseDiscrepancy(null, computed, inv, ResponseReasoning.BestOverallResponseDiscrepancy(computed, inv)));
            }
        }

        return result;
    }

    // ---------------------------------------------------------------- assessments

    /// <summary>Assessments in date order; same-day assessments are merged into one timepoint.</summary>
    private static List<ImagingAssessment> Normalize(IReadOnlyList<ImagingAssessment> assessments, List<string> notes)
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
            return assessments as List<ImagingAssessment> ?? [.. assessments];
        }

        var list = assessments.OrderBy(a => a.Date).ToList();
        var merged = new List<ImagingAssessment>(list.Count);
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
}
