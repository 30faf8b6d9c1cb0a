namespace HccOutcomes.Domain.Safety;

/// <summary>One adverse event as recorded.</summary>
/// <param name="Term">CTCAE term.</param>
/// <param name="Grade">CTCAE grade 1-5.</param>
/// <param name="OnsetDate">Onset date.</param>
/// <param name="ResolutionDate">Resolution date, if resolved.</param>
/// <param name="Attribution">Investigator's attribution to treatment.</param>
/// <param name="SuspectedTreatments">Treatment(s) suspected.</param>
/// <param name="Serious">Serious adverse event.</param>
/// <param name="SourceId">Submitting system's record id.</param>
public sealed record ObservedAdverseEvent(
    string Term,
    int Grade,
    DateOnly OnsetDate,
    DateOnly? ResolutionDate = null,
    AeAttribution Attribution = AeAttribution.Unrelated,
    IReadOnlyList<SuspectedTreatment>? SuspectedTreatments = null,
    bool Serious = false,
    string? SourceId = null);

/// <summary>Treatment dates that bound the treatment-emergent window.</summary>
/// <param name="LastAntiPd1Date">Date of the last anti-PD1 dose.</param>
/// <param name="LastSorafenibDate">Last sorafenib day (course end).</param>
/// <param name="SystemicTherapyOngoing">Anti-PD1 or sorafenib still ongoing: the window has no end.</param>
/// <param name="LastRadiotherapyDate">Last radiotherapy day.</param>
/// <param name="LastTaceDate">Date of the last TACE session.</param>
public sealed record TreatmentExposure(
    DateOnly? LastAntiPd1Date = null,
    DateOnly? LastSorafenibDate = null,
    bool SystemicTherapyOngoing = false,
    DateOnly? LastRadiotherapyDate = null,
    DateOnly? LastTaceDate = null);

/// <summary>Worst grades of one term among the patient's treatment-emergent AEs.</summary>
/// <param name="Term">CTCAE term (vocabulary spelling when known).</param>
/// <param name="MeddraCode">MedDRA LLT code when known.</param>
/// <param name="WorstGrade">Worst grade among all AEs of the term.</param>
/// <param name="WorstGradeTreatmentRelated">Worst grade among treatment-related AEs (possible/probable/definite); null if none.</param>
/// <param name="EventCount">Number of AEs of the term.</param>
/// <param name="TreatmentRelatedCount">Number of treatment-related AEs of the term.</param>
/// <param name="AnySerious">Any of them serious.</param>
/// <param name="Reasoning">Which events gave the worst grades.</param>
public sealed record TermSafetySummary(
    string Term,
    int? MeddraCode,
    int WorstGrade,
    int? WorstGradeTreatmentRelated,
    int EventCount,
    int TreatmentRelatedCount,
    bool AnySerious,
    string Reasoning);

/// <summary>Per-patient safety summary over treatment-emergent AEs.</summary>
public sealed record SafetySummary
{
    /// <summary>One row per term, ordered by term.</summary>
    public required IReadOnlyList<TermSafetySummary> Terms { get; init; }

    /// <summary>Worst grade over all treatment-emergent AEs; null when none.</summary>
    public int? WorstGrade { get; init; }

    /// <summary>Worst grade over treatment-related AEs; null when none.</summary>
    public int? WorstGradeTreatmentRelated { get; init; }

    /// <summary>Any grade ≥ 3 treatment-related AE.</summary>
    public bool AnyGrade3PlusTreatmentRelated => WorstGradeTreatmentRelated >= 3;

    /// <summary>Worst grades overall and for treatment-related AEs, with the terms that gave them.</summary>
    public required string Reasoning { get; init; }

    /// <summary>Number of treatment-emergent AEs summarized.</summary>
    public int TreatmentEmergentCount { get; init; }

    /// <summary>Number of AEs outside the window (not summarized).</summary>
    public int ExcludedCount { get; init; }

    /// <summary>Window start (on-study).</summary>
    public required DateOnly WindowStart { get; init; }

    /// <summary>Window end (inclusive); null when open-ended.</summary>
    public DateOnly? WindowEnd { get; init; }

    /// <summary>How the window was set.</summary>
    public required string WindowReasoning { get; init; }

    /// <summary>Excluded AEs and unknown terms.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>Per-patient safety summary: worst grades per term, overall and for treatment-related AEs.</summary>
public static class SafetySummarizer
{
    /// <summary>Reference study window: 30 days after the last dose of any protocol treatment.</summary>
    public const int DefaultWindowDays = 30;

    /// <summary>
    /// Treatment-emergent window (ICH E9: an event that emerges during treatment): onset on/after on-study and up to
    /// <paramref name="windowDays"/> after the last date of any protocol treatment (anti-PD1, sorafenib, TACE,
    /// radiotherapy), because TACE and radiotherapy are part of each arm's treatment as much as the systemic drug.
    /// Open-ended while anti-PD1 or sorafenib is ongoing, and when no treatment date is recorded.
    /// </summary>
    public static (DateOnly Start, DateOnly? End, string Reasoning) Window(DateOnly onStudyDate, TreatmentExposure exposure, int windowDays = DefaultWindowDays)
    {
        ArgumentNullException.ThrowIfNull(exposure);
        var start = $"Treatment-emergent window from on-study {Fmt.D(onStudyDate)}";
        if (exposure.SystemicTherapyOngoing)
        {
            return (onStudyDate, null, start + ", open-ended: anti-PD1 or sorafenib ongoing");
        }

        var (last, what) = Latest(
            Latest((exposure.LastAntiPd1Date, "anti-PD1 dose"), (exposure.LastSorafenibDate, "sorafenib dose")),
            Latest((exposure.LastRadiotherapyDate, "radiotherapy"), (exposure.LastTaceDate, "TACE")));
        if (last is { } l)
        {
            var end = l.AddDays(windowDays);
            return (onStudyDate, end, start + $" to {Fmt.D(end)}: {Fmt.I(windowDays)} days after the last protocol treatment, {what} on {Fmt.D(l)}");
        }

        return (onStudyDate, null, start + ", open-ended: no treatment dates recorded");
    }

    /// <summary>Summarizes the treatment-emergent AEs of one patient.</summary>
    public static SafetySummary Summarize(
        DateOnly onStudyDate, IReadOnlyList<ObservedAdverseEvent> events, TreatmentExposure exposure, int windowDays = DefaultWindowDays)
    {
        ArgumentNullException.ThrowIfNull(events);
        var (start, end, windowReasoning) = Window(onStudyDate, exposure, windowDays);
        var notes = new List<string>();
        var byTerm = new Dictionary<string, Acc>(StringComparer.OrdinalIgnoreCase);
        ObservedAdverseEvent? worst = null;
        ObservedAdverseEvent? worstRelated = null;
        var included = 0;
        foreach (var ae in events)
        {
            if (ae.OnsetDate < start || (end is { } e && ae.OnsetDate > e))
            {
                notes.Add($"'{ae.Term}' grade {Fmt.I(ae.Grade)} with onset {Fmt.D(ae.OnsetDate)} is outside the treatment-emergent window: not summarized");
                continue;
            }

            included++;
            var entry = CtcaeVocabulary.FindByTerm(ae.Term);
            var key = entry?.Term ?? ae.Term.Trim();
            if (entry is null)
            {
                notes.Add($"'{ae.Term}' is not in the CTCAE v{CtcaeVocabulary.Version} vocabulary: summarized under the recorded wording");
            }

            if (!byTerm.TryGetValue(key, out var acc))
            {
                acc = new Acc(key, entry?.MeddraCode);
                byTerm.Add(key, acc);
            }

            acc.Count++;
            acc.Serious |= ae.Serious;
            if (acc.Worst is null || ae.Grade > acc.Worst.Grade)
            {
                acc.Worst = ae;
            }

            if (worst is null || ae.Grade > worst.Grade)
            {
                worst = ae;
            }

            if (ae.Attribution.IsTreatmentRelated())
            {
                acc.RelatedCount++;
                if (acc.WorstRelated is null || ae.Grade > acc.WorstRelated.Grade)
                {
                    acc.WorstRelated = ae;
                }

                if (worstRelated is null || ae.Grade > worstRelated.Grade)
                {
                    worstRelated = ae;
                }
            }
        }

        var rows = new List<TermSafetySummary>(byTerm.Count);
        foreach (var a in byTerm.Values)
        {
            var why = $"Worst grade {Fmt.I(a.Worst!.Grade)} on {Fmt.D(a.Worst.OnsetDate)} ({Describe(a.Worst.Attribution)}); "
                + (a.WorstRelated is { } r
                    ? $"worst treatment-related grade {Fmt.I(r.Grade)} on {Fmt.D(r.OnsetDate)} ({Describe(r.Attribution)}); "
                    : "no treatment-related event; ")
                + $"{Fmt.I(a.Count)} event(s), {Fmt.I(a.RelatedCount)} treatment-related";
            rows.Add(new TermSafetySummary(a.Term, a.Code, a.Worst.Grade, a.WorstRelated?.Grade, a.Count, a.RelatedCount, a.Serious, why));
        }

        var reasoning = worst is null
            ? "No treatment-emergent adverse event"
            : $"Worst grade {Fmt.I(worst.Grade)} ({Canonical(worst.Term)}, {Fmt.D(worst.OnsetDate)}); "
                + (worstRelated is { } wr
                    ? $"worst treatment-related grade {Fmt.I(wr.Grade)} ({Canonical(wr.Term)}, {Fmt.D(wr.OnsetDate)}, {Describe(wr.Attribution)}): "
                        + (wr.Grade >= 3 ? "grade ≥ 3 treatment-related AE present" : "no grade ≥ 3 treatment-related AE")
                    : "no treatment-related AE (attribution possible, probable or definite)");

        rows.Sort(static (x, y) => string.Compare(x.Term, y.Term, StringComparison.OrdinalIgnoreCase));
        return new SafetySummary
        {
            Terms = rows,
            WorstGrade = worst?.Grade,
            WorstGradeTreatmentRelated = worstRelated?.Grade,
            Reasoning = reasoning,
            TreatmentEmergentCount = included,
            ExcludedCount = events.Count - included,
            WindowStart = start,
            WindowEnd = end,
            WindowReasoning = windowReasoning,
            Notes = notes,
        };
    }

    private static (DateOnly? Date, string What) Latest((DateOnly? Date, string What) a, (DateOnly? Date, string What) b) =>
        a.Date is null ? b : b.Date is null ? a : a.Date >= b.Date ? a : b;

    private static string Canonical(string term) => CtcaeVocabulary.FindByTerm(term)?.Term ?? term.Trim();

    private static string Describe(AeAttribution attribution) => attribution switch
    {
        AeAttribution.Unrelated => "unrelated",
        AeAttribution.Unlikely => "unlikely related",
        AeAttribution.Possible => "possibly related",
        AeAttribution.Probable => "probably related",
        _ => "definitely related",
    };

    private sealed class Acc(string term, int? code)
    {
        public string Term { get; } = term;

        public int? Code { get; } = code;

        public int Count { get; set; }

        public int RelatedCount { get; set; }

        public ObservedAdverseEvent? Worst { get; set; }

        public ObservedAdverseEvent? WorstRelated { get; set; }

        public bool Serious { get; set; }
    }
}
