namespace HccOutcomes.Domain.Response;

/// <summary>The rule that gave the best overall response.</summary>
internal enum BestResponseRule
{
    /// <summary>NE: no post-baseline assessment.</summary>
    NoAssessment,

    /// <summary>CR confirmed by a CR at least the confirmation interval later.</summary>
    ConfirmedComplete,

    /// <summary>PR confirmed by a CR or PR at least the confirmation interval later.</summary>
    ConfirmedPartial,

    /// <summary>PR: a CR not confirmed as CR, but confirmed as a response (CR or PR) at least the confirmation interval later.</summary>
    CompleteConfirmedAsPartial,

    /// <summary>CR, confirmation not required.</summary>
    CompleteWithoutConfirmation,

    /// <summary>PR, confirmation not required.</summary>
    PartialWithoutConfirmation,

    /// <summary>SD: an SD (or an unconfirmed CR/PR counted as SD) at least the SD minimum after on-study.</summary>
    StableDisease,

    /// <summary>PD: progression with no SD meeting the SD minimum before it.</summary>
    Progression,

    /// <summary>NE: SD only before the SD minimum and no later evaluable assessment.</summary>
    NotEvaluableAfterEarlyStableDisease,

    /// <summary>NE: no evaluable post-baseline assessment.</summary>
    NotEvaluable,
}

/// <summary>Why a CR/PR was not confirmed.</summary>
internal enum UnconfirmedReason
{
    /// <summary>More NE assessments than allowed came before a confirming assessment.</summary>
    TooManyNotEvaluable,

    /// <summary>An SD, PD or a lower response came before a confirming assessment.</summary>
    InterruptedBeforeConfirmation,

    /// <summary>A later response reached the confirmation interval (only for CR-level confirmation, where a PR does not confirm a CR).</summary>
    LaterResponseAtConfirmationInterval,

    /// <summary>No assessment at least the confirmation interval later.</summary>
    NoAssessmentLateEnough,
}

/// <summary>An unconfirmed CR/PR and why.</summary>
/// <param name="Index">Index of the CR/PR in the timepoints.</param>
/// <param name="Reason">Why it was not confirmed.</param>
/// <param name="NextIndex">The assessment that ended the search, for <see cref="UnconfirmedReason.InterruptedBeforeConfirmation"/> and
/// <see cref="UnconfirmedReason.LaterResponseAtConfirmationInterval"/>.</param>
/// <param name="DaysLater">Days from the CR/PR to <paramref name="NextIndex"/>.</param>
internal sealed record UnconfirmedResponse(int Index, UnconfirmedReason Reason, int? NextIndex = null, int? DaysLater = null);

/// <summary>A timepoint counted as SD for the best overall response.</summary>
/// <param name="Index">Index in the timepoints.</param>
/// <param name="DaysAfterOnStudy">Days from on-study to the assessment.</param>
internal readonly record struct StableDiseaseTimepoint(int Index, int DaysAfterOnStudy);

/// <summary>What the best-overall-response derivation used and decided; indices refer to the timepoints it was given.</summary>
internal sealed record BestOverallResponseResult
{
    /// <summary>Best overall response.</summary>
    public required ResponseCategory Response { get; init; }

    /// <summary>The rule that gave <see cref="Response"/>.</summary>
    public required BestResponseRule Rule { get; init; }

    /// <summary>Timepoints that count: those up to and including the first PD.</summary>
    public required int CountedTimepoints { get; init; }

    /// <summary>The first PD.</summary>
    public int? ProgressionIndex { get; init; }

    /// <summary>The CR/PR the best response rests on.</summary>
    public int? ResponseIndex { get; init; }

    /// <summary>The assessment confirming <see cref="ResponseIndex"/>.</summary>
    public int? ConfirmationIndex { get; init; }

    /// <summary>Days from <see cref="ResponseIndex"/> to <see cref="ConfirmationIndex"/>.</summary>
    public int? DaysToConfirmation { get; init; }

    /// <summary>Start of the response for time to and duration of response: the first CR/PR that is confirmed
    /// (the first CR/PR when confirmation is not required).</summary>
    public int? ResponseStartIndex { get; init; }

    /// <summary>An earlier CR/PR that was not confirmed, when the best response is not a confirmed CR.</summary>
    public UnconfirmedResponse? Unconfirmed { get; init; }

    /// <summary>The first timepoint counted as SD at least the SD minimum after on-study.</summary>
    public StableDiseaseTimepoint? StableDisease { get; init; }

    /// <summary>The first timepoint counted as SD that came before the SD minimum.</summary>
    public StableDiseaseTimepoint? EarlyStableDisease { get; init; }

    /// <summary>Confirmation interval, SD minimum and NE allowance used.</summary>
    public required ResponseOptions Options { get; init; }
}

/// <summary>
/// Best overall response (RECIST 1.1 section 4.4): CR/PR confirmed by a later assessment at least the confirmation interval
/// later, SD at least the SD minimum after on-study; assessments after the first PD do not count.
/// <see cref="ResponseReasoning"/> renders the result as text.
/// </summary>
internal static class BestOverallResponse
{
    /// <summary>Derives the best overall response from the timepoint responses in date order.</summary>
    public static BestOverallResponseResult Derive(DateOnly onStudy, IReadOnlyList<TimepointResponse> tps, ResponseOptions o)
    {
        // Assessments after the first PD do not count.
        var end = tps.Count;
        int? pd = null;
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
            return new BestOverallResponseResult
            {
                Response = ResponseCategory.NE,
                Rule = BestResponseRule.NoAssessment,
                CountedTimepoints = 0,
                Options = o,
            };
        }

        if (!o.RequireConfirmation)
        {
            return WithoutConfirmation(onStudy, tps, end, pd, o);
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

            if (prI < 0 && FindConfirmation(tps, i, end, crOnly: false, o) is var j and >= 0)
            {
                prI = i;
                prJ = j;
            }

            if (r == ResponseCategory.CR && FindConfirmation(tps, i, end, crOnly: true, o) is var jc and >= 0)
            {
                crI = i;
                crJ = jc;
                break; // a confirmed CR is the best possible; the PR-level pair (if any) started no later.
            }
        }

        if (crI >= 0)
        {
            return new BestOverallResponseResult
            {
                Response = ResponseCategory.CR,
                Rule = BestResponseRule.ConfirmedComplete,
                CountedTimepoints = end,
                ProgressionIndex = pd,
                ResponseIndex = crI,
                ConfirmationIndex = crJ,
                DaysToConfirmation = Gap(tps, crI, crJ),
                ResponseStartIndex = prI >= 0 ? prI : crI,
                Options = o,
            };
        }

        if (prI >= 0)
        {
            return new BestOverallResponseResult
            {
                Response = ResponseCategory.PR,
                Rule = tps[prI].Overall == ResponseCategory.CR ? BestResponseRule.CompleteConfirmedAsPartial : BestResponseRule.ConfirmedPartial,
                CountedTimepoints = end,
                ProgressionIndex = pd,
                ResponseIndex = prI,
                ConfirmationIndex = prJ,
                DaysToConfirmation = Gap(tps, prI, prJ),
                ResponseStartIndex = prI,
                Unconfirmed = firstResponse >= 0 && firstResponse < prI ? Unconfirmed(tps, firstResponse, end, o) : null,
                Options = o,
            };
        }

        // No confirmed response: an unconfirmed CR/PR counts as SD once the SD minimum is met.
        var unconfirmed = firstResponse >= 0 ? Unconfirmed(tps, firstResponse, end, o) : null;
        return StableOrWorse(onStudy, tps, end, pd, o) with { Unconfirmed = unconfirmed };
    }

    private static BestOverallResponseResult WithoutConfirmation(
        DateOnly onStudy, IReadOnlyList<TimepointResponse> tps, int end, int? pd, ResponseOptions o)
    {
        var cr = -1;
        var first = -1;
        for (var i = 0; i < end; i++)
        {
            if (cr < 0 && tps[i].Overall == ResponseCategory.CR)
            {
                cr = i;
            }

            if (first < 0 && tps[i].Overall is ResponseCategory.CR or ResponseCategory.PR)
            {
                first = i;
            }
        }

        if (first < 0)
        {
            return StableOrWorse(onStudy, tps, end, pd, o);
        }

        return new BestOverallResponseResult
        {
            Response = cr >= 0 ? ResponseCategory.CR : ResponseCategory.PR,
            Rule = cr >= 0 ? BestResponseRule.CompleteWithoutConfirmation : BestResponseRule.PartialWithoutConfirmation,
            CountedTimepoints = end,
            ProgressionIndex = pd,
            ResponseIndex = cr >= 0 ? cr : first,
            ResponseStartIndex = first,
            Options = o,
        };
    }

    /// <summary>Without a confirmed response: SD once the SD minimum is met, else PD when progression followed, else NE.</summary>
    private static BestOverallResponseResult StableOrWorse(
        DateOnly onStudy, IReadOnlyList<TimepointResponse> tps, int end, int? pd, ResponseOptions o)
    {
        StableDiseaseTimepoint? early = null;
        for (var i = 0; i < end; i++)
        {
            if (tps[i].Overall is ResponseCategory.CR or ResponseCategory.PR or ResponseCategory.SD)
            {
                var sd = new StableDiseaseTimepoint(i, tps[i].Date.DayNumber - onStudy.DayNumber);
                if (sd.DaysAfterOnStudy >= o.StableDiseaseMinDays)
                {
                    return new BestOverallResponseResult
                    {
                        Response = ResponseCategory.SD,
                        Rule = BestResponseRule.StableDisease,
                        CountedTimepoints = end,
                        ProgressionIndex = pd,
                        StableDisease = sd,
                        EarlyStableDisease = early,
                        Options = o,
                    };
                }

                early ??= sd;
            }
        }

        var (response, rule) = pd is not null ? (ResponseCategory.PD, BestResponseRule.Progression)
            : early is not null ? (ResponseCategory.NE, BestResponseRule.NotEvaluableAfterEarlyStableDisease)
            : (ResponseCategory.NE, BestResponseRule.NotEvaluable);
        return new BestOverallResponseResult
        {
            Response = response,
            Rule = rule,
            CountedTimepoints = end,
            ProgressionIndex = pd,
            EarlyStableDisease = early,
            Options = o,
        };
    }

    /// <summary>Index of the assessment confirming response <paramref name="i"/>, or -1. In between only responses and at most the allowed NEs.</summary>
    private static int FindConfirmation(IReadOnlyList<TimepointResponse> tps, int i, int end, bool crOnly, ResponseOptions o)
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

    /// <summary>Why response <paramref name="i"/> was not confirmed.</summary>
    private static UnconfirmedResponse Unconfirmed(IReadOnlyList<TimepointResponse> tps, int i, int end, ResponseOptions o)
    {
        var ne = 0;
        for (var j = i + 1; j < end; j++)
        {
            var r = tps[j].Overall;
            if (r == ResponseCategory.NE)
            {
                if (++ne > o.MaxNotEvaluableBetweenConfirmations)
                {
                    return new UnconfirmedResponse(i, UnconfirmedReason.TooManyNotEvaluable);
                }

                continue;
            }

            if (r is not (ResponseCategory.CR or ResponseCategory.PR))
            {
                return new UnconfirmedResponse(i, UnconfirmedReason.InterruptedBeforeConfirmation, j, Gap(tps, i, j));
            }

            if (Gap(tps, i, j) >= o.ConfirmationMinDays)
            {
                return new UnconfirmedResponse(i, UnconfirmedReason.LaterResponseAtConfirmationInterval, j, Gap(tps, i, j));
            }
        }

        return new UnconfirmedResponse(i, UnconfirmedReason.NoAssessmentLateEnough);
    }

    private static int Gap(IReadOnlyList<TimepointResponse> tps, int i, int j) => tps[j].Date.DayNumber - tps[i].Date.DayNumber;
}
