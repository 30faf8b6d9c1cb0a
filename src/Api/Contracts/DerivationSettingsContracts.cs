using FluentValidation;
using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Domain.Conventions;

namespace HccOutcomes.Api.Contracts;

/// <summary>
/// Replaces a cohort's derivation settings. Every field is optional: an omitted field takes its default, so an empty
/// object restores the defaults (which reproduce the reference study). See "Derivation conventions" in the README.
/// </summary>
public sealed class DerivationSettingsRequest
{
    /// <summary>
    /// Days after the last date of any protocol treatment (anti-PD1, sorafenib, TACE, RT) that an AE still counts as
    /// treatment-emergent (ICH E9), 0–365. Default 30.
    /// </summary>
    /// <example>30</example>
    public int? TreatmentEmergentWindowDays { get; set; }

    /// <summary>CR/PR must be confirmed by a later assessment (RECIST 1.1 section 4.6, non-randomized studies). Default true.</summary>
    /// <example>true</example>
    public bool? ConfirmationRequired { get; set; }

    /// <summary>Minimum days between a response and its confirmation (RECIST 1.1 section 4.6: 4 weeks), 1–365. Default 28.</summary>
    /// <example>28</example>
    public int? ConfirmationMinDays { get; set; }

    /// <summary>Minimum days from on-study for SD to be the best response (RECIST 1.1 section 4.4), 0–365. Default 42.</summary>
    /// <example>42</example>
    public int? StableDiseaseMinDays { get; set; }

    /// <summary>
    /// PFS events and censoring: <c>asCollected</c> (default; progression or death, whichever is first), <c>fda2018</c>
    /// (FDA 2018 PFS table: censored before new anticancer therapy and after two or more missed assessments; clinical
    /// progression is not an event) or <c>ema</c> (EMA main definition: radiological progression or death, new anticancer
    /// therapy not censored).
    /// </summary>
    /// <example>asCollected</example>
    public PfsRuleSet? PfsRuleSet { get; set; }

    /// <summary>
    /// Clinical progression is an event of PFS_RECIST / PFS_MRECIST. Default true under <c>asCollected</c>, false otherwise;
    /// true is refused under <c>fda2018</c>. PFSCLIN counts it whatever this says.
    /// </summary>
    /// <example>true</example>
    public bool? ClinicalProgressionCounts { get; set; }

    /// <summary>Scheduled interval between tumor assessments, days (7–365), for the FDA 2018 missed-assessment rule. Default 56.</summary>
    /// <example>56</example>
    public int? AssessmentIntervalDays { get; set; }

    /// <summary>
    /// Data cut-off (ISO date, not in the future): records dated after it are ignored by the derivations and events after
    /// it are censored. Omitted or null: every record is used.
    /// </summary>
    /// <example>2021-12-31</example>
    public DateOnly? DataCutoffDate { get; set; }

    /// <summary>The settings this request asks for (version not yet assigned).</summary>
    internal DerivationSettings ToSettings()
    {
        var defaults = DerivationSettings.Default;
        var ruleSet = PfsRuleSet ?? defaults.PfsRuleSet;
        return new DerivationSettings
        {
            TreatmentEmergentWindowDays = TreatmentEmergentWindowDays ?? defaults.TreatmentEmergentWindowDays,
            ConfirmationRequired = ConfirmationRequired ?? defaults.ConfirmationRequired,
            ConfirmationMinDays = ConfirmationMinDays ?? defaults.ConfirmationMinDays,
            StableDiseaseMinDays = StableDiseaseMinDays ?? defaults.StableDiseaseMinDays,
            PfsRuleSet = ruleSet,
            ClinicalProgressionCounts = ClinicalProgressionCounts ?? DerivationSettings.ClinicalProgressionCountsByDefault(ruleSet),
            AssessmentIntervalDays = AssessmentIntervalDays ?? defaults.AssessmentIntervalDays,
            DataCutoffDate = DataCutoffDate,
        };
    }
}

/// <summary>A cohort's derivation settings in force. The <c>ETag</c> header carries the version for <c>If-Match</c>.</summary>
/// <param name="CohortId">Cohort.</param>
/// <param name="Version">Settings version; 1 is the defaults every cohort starts with. Every derived row's reasoning names it.</param>
/// <param name="TreatmentEmergentWindowDays">Days after the last protocol treatment that AEs count as treatment-emergent.</param>
/// <param name="ConfirmationRequired">CR/PR need confirmation.</param>
/// <param name="ConfirmationMinDays">Minimum days to confirmation.</param>
/// <param name="StableDiseaseMinDays">Minimum days from on-study for SD.</param>
/// <param name="PfsRuleSet">asCollected, fda2018 or ema.</param>
/// <param name="ClinicalProgressionCounts">Clinical progression is a PFS_RECIST / PFS_MRECIST event.</param>
/// <param name="AssessmentIntervalDays">Scheduled assessment interval for the missed-assessment rule.</param>
/// <param name="DataCutoffDate">Data cut-off; null when every record is used.</param>
public sealed record DerivationSettingsResponse(
    Guid CohortId,
    int Version,
    int TreatmentEmergentWindowDays,
    bool ConfirmationRequired,
    int ConfirmationMinDays,
    int StableDiseaseMinDays,
    PfsRuleSet PfsRuleSet,
    bool ClinicalProgressionCounts,
    int AssessmentIntervalDays,
    DateOnly? DataCutoffDate)
{
    internal static DerivationSettingsResponse From(Guid cohortId, DerivationSettings s) => new(
        cohortId, s.Version, s.TreatmentEmergentWindowDays, s.ConfirmationRequired, s.ConfirmationMinDays, s.StableDiseaseMinDays,
        s.PfsRuleSet, s.ClinicalProgressionCounts, s.AssessmentIntervalDays, s.DataCutoffDate);
}

/// <summary>The outcome of replacing a cohort's derivation settings.</summary>
/// <param name="Settings">The settings in force afterwards.</param>
/// <param name="Changed">False when the request equalled the current settings (no new version, nothing recomputed).</param>
/// <param name="RecomputedPatients">Patients whose outcomes were derived again under the new version.</param>
public sealed record DerivationSettingsChange(DerivationSettingsResponse Settings, bool Changed, int RecomputedPatients);

internal sealed class DerivationSettingsRequestValidator : AbstractValidator<DerivationSettingsRequest>
{
    public DerivationSettingsRequestValidator(TimeProvider clock)
    {
        RuleFor(s => s.TreatmentEmergentWindowDays).InclusiveBetween(0, 365);
        RuleFor(s => s.ConfirmationMinDays).InclusiveBetween(1, 365);
        RuleFor(s => s.StableDiseaseMinDays).InclusiveBetween(0, 365);
        RuleFor(s => s.AssessmentIntervalDays).InclusiveBetween(7, 365);
        RuleFor(s => s.PfsRuleSet).IsInEnum();
        RuleFor(s => s.ClinicalProgressionCounts)
            .Must(counts => counts != true)
            .When(s => s.PfsRuleSet == PfsRuleSet.Fda2018)
            .WithMessage("Under pfsRuleSet fda2018 clinical progression is not a PFS event (FDA 2018 PFS table); it is counted in PFSCLIN.");
        RuleFor(s => s.DataCutoffDate)
            .Must(d => d is not { } date || date <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
            .WithMessage(s => $"dataCutoffDate {Dates.Iso(s.DataCutoffDate)} is in the future.");
    }
}
