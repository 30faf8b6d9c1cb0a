namespace HccOutcomes.Domain.Response;

/// <summary>Why the baseline gives no measurements to evaluate, so investigator responses are used.</summary>
internal enum MissingBaselineReason
{
    /// <summary>No assessment on or before on-study.</summary>
    NoBaselineAssessment,

    /// <summary>The baseline assessment has no lesions.</summary>
    NoLesions,

    /// <summary>No baseline lesion is measured the way the criteria measures it (mRECIST: viable diameters).</summary>
    NoMeasurementsForCriteria,
}

/// <summary>
/// Patient-level reasoning text, rendered from what the rules decided: best overall response and its confirmation,
/// time to and duration of response, the waterfall value, discrepancies with the investigator and missing baselines.
/// </summary>
internal static class ResponseReasoning
{
    /// <summary>Best overall response, e.g. "PR on 2021-02-15 confirmed by PR on 2021-03-29 (42 days later)".</summary>
    /// <param name="bor">The derivation's result.</param>
    /// <param name="tps">The timepoints it was derived from.</param>
    public static string BestOverallResponse(BestOverallResponseResult bor, IReadOnlyList<TimepointResponse> tps) => bor.Rule switch
    {
        BestResponseRule.NoAssessment => "NE: no post-baseline tumor assessment",
        BestResponseRule.ConfirmedComplete =>
            $"CR on {Fmt.D(tps[bor.ResponseIndex!.Value].Date)} confirmed by CR on {Fmt.D(tps[bor.ConfirmationIndex!.Value].Date)} ({Fmt.I(bor.DaysToConfirmation!.Value)} days later)",
        BestResponseRule.ConfirmedPartial or BestResponseRule.CompleteConfirmedAsPartial => ConfirmedPartial(bor, tps),
        BestResponseRule.CompleteWithoutConfirmation or BestResponseRule.PartialWithoutConfirmation =>
            $"{bor.Response} on {Fmt.D(tps[bor.ResponseIndex!.Value].Date)} (confirmation not required)",
        _ => StableOrWorse(bor, tps),
    };

    /// <summary>Time to and duration of response, e.g. "Response from 2021-02-15: time to response 43 days (1.41 months); duration 85 days to PD on 2021-05-10".</summary>
    /// <param name="responseDate">Start of the response.</param>
    /// <param name="timeToResponseDays">On-study to response, both days counted.</param>
    /// <param name="durationDays">Response to PD, or to the last adequate assessment when censored.</param>
    /// <param name="endDate">PD date, or the last adequate assessment when censored.</param>
    /// <param name="censored">No PD observed.</param>
    public static string ResponseDuration(DateOnly responseDate, int timeToResponseDays, int durationDays, DateOnly endDate, bool censored)
    {
        var text = $"Response from {Fmt.D(responseDate)}: time to response {Fmt.Days(timeToResponseDays)} ({Fmt.N2(StudyTime.Months(timeToResponseDays))} months)";
        return censored
            ? text + $"; duration {Fmt.Days(durationDays)}, censored at last adequate assessment {Fmt.D(endDate)} (no PD)"
            : text + $"; duration {Fmt.Days(durationDays)} to PD on {Fmt.D(endDate)}";
    }

    /// <summary>The waterfall value, e.g. "Best change -20.0% on 2021-02-15: sum 80 mm vs baseline 100 mm".</summary>
    public static string BestPercentChange(Criteria criteria, TimepointResponse best, double baselineSumMm) =>
        $"Best change {Fmt.Pct(best.ChangeFromBaselinePct!.Value)} on {Fmt.D(best.Date)}: {(criteria == Criteria.MRecist ? "viable sum" : "sum")} {Fmt.N1(best.SumMm!.Value)} mm vs baseline {Fmt.N1(baselineSumMm)} mm";

    /// <summary>No waterfall value although there are target lesions.</summary>
    public static string NoBestPercentChange() => "No post-baseline assessment with all target lesions measured";

    /// <summary>A timepoint where the computed response differs from the investigator's.</summary>
    public static string TimepointDiscrepancy(TimepointResponse tp, ResponseCategory investigator) =>
        $"{Fmt.D(tp.Date)}: computed {tp.Overall} differs from investigator {investigator}; computed value used ({tp.Reasoning})";

    /// <summary>The best overall response differs from the one derived from the investigator's timepoint responses.</summary>
    public static string BestOverallResponseDiscrepancy(ResponseCategory computed, ResponseCategory investigator) =>
        $"Best overall response: computed {computed} differs from {investigator} derived from investigator timepoint responses; computed value used";

    /// <summary>Why the baseline gives nothing to evaluate, e.g. "Baseline assessment 2020-12-28 has no lesion measurements".</summary>
    public static string MissingBaseline(MissingBaselineReason reason, DateOnly onStudy, DateOnly? baselineDate, Criteria criteria) => reason switch
    {
        MissingBaselineReason.NoBaselineAssessment => $"No baseline tumor assessment on or before on-study {Fmt.D(onStudy)}",
        MissingBaselineReason.NoLesions => $"Baseline assessment {Fmt.D(baselineDate!.Value)} has no lesion measurements",
        _ => $"Baseline assessment {Fmt.D(baselineDate!.Value)} has no {criteria.DisplayName()} measurements{(criteria == Criteria.MRecist ? " (viable diameters)" : string.Empty)}",
    };

    /// <summary>Best overall response when neither measurements nor investigator responses are usable.</summary>
    public static string NoUsableResponses(string missingBaseline, Criteria criteria) =>
        $"NE: {missingBaseline} and no investigator {criteria.DisplayName()} responses";

    private static string ConfirmedPartial(BestOverallResponseResult bor, IReadOnlyList<TimepointResponse> tps)
    {
        var response = tps[bor.ResponseIndex!.Value];
        var confirming = tps[bor.ConfirmationIndex!.Value];
        var confirmation = $"{confirming.Overall} on {Fmt.D(confirming.Date)} ({Fmt.I(bor.DaysToConfirmation!.Value)} days later)";
        var reason = bor.Rule == BestResponseRule.CompleteConfirmedAsPartial
            ? $"PR: CR on {Fmt.D(response.Date)} not confirmed as CR; response confirmed as PR by {confirmation}"
            : $"PR on {Fmt.D(response.Date)} confirmed by {confirmation}";
        return bor.Unconfirmed is { } earlier ? $"{Unconfirmed(earlier, tps, bor.Options)}; {reason}" : reason;
    }

    /// <summary>SD, PD or NE, after why an earlier CR/PR was not confirmed and why an early SD did not count.</summary>
    private static string StableOrWorse(BestOverallResponseResult bor, IReadOnlyList<TimepointResponse> tps)
    {
        var minDays = Fmt.I(bor.Options.StableDiseaseMinDays);
        var prefix = bor.Unconfirmed is { } u ? Unconfirmed(u, tps, bor.Options) + "; " : string.Empty;
        if (bor.StableDisease is { } sd && bor.Rule == BestResponseRule.StableDisease)
        {
            return $"{prefix}SD: {CountedAsSd(tps[sd.Index])} on {Fmt.D(tps[sd.Index].Date)}, {Fmt.I(sd.DaysAfterOnStudy)} days after on-study (SD minimum {minDays} days met)";
        }

        var earlyText = bor.EarlyStableDisease is { } early
            ? $"{CountedAsSd(tps[early.Index])} on {Fmt.D(tps[early.Index].Date)} only {Fmt.I(early.DaysAfterOnStudy)} days after on-study (SD minimum {minDays} days not met); "
            : string.Empty;
        return bor.Rule switch
        {
            BestResponseRule.Progression => $"{prefix}{earlyText}{tps[bor.ProgressionIndex!.Value].Reasoning}",
            BestResponseRule.NotEvaluableAfterEarlyStableDisease => $"{prefix}{earlyText}NE: no later evaluable assessment",
            _ => $"{prefix}NE: no evaluable post-baseline assessment",
        };
    }

    private static string CountedAsSd(TimepointResponse tp) =>
        tp.Overall == ResponseCategory.SD ? "SD" : $"{tp.Overall} (counted as SD)";

    private static string Unconfirmed(UnconfirmedResponse u, IReadOnlyList<TimepointResponse> tps, ResponseOptions o)
    {
        var label = $"{tps[u.Index].Overall} on {Fmt.D(tps[u.Index].Date)} unconfirmed: ";
        return u.Reason switch
        {
            UnconfirmedReason.TooManyNotEvaluable =>
                label + $"more than {Fmt.I(o.MaxNotEvaluableBetweenConfirmations)} NE assessment(s) before confirmation",
            UnconfirmedReason.InterruptedBeforeConfirmation =>
                label + $"followed by {tps[u.NextIndex!.Value].Overall} on {Fmt.D(tps[u.NextIndex.Value].Date)} ({Fmt.I(u.DaysLater!.Value)} days later) before a confirming assessment ≥ {Fmt.I(o.ConfirmationMinDays)} days later",
            UnconfirmedReason.LaterResponseAtConfirmationInterval =>
                label + $"{tps[u.NextIndex!.Value].Overall} on {Fmt.D(tps[u.NextIndex.Value].Date)}",
            _ => label + $"no assessment ≥ {Fmt.I(o.ConfirmationMinDays)} days later",
        };
    }
}
