using System.Globalization;
using FluentValidation;
using HccOutcomes.Api.Validation;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Domain.Safety;

namespace HccOutcomes.Api.Contracts.Patients;

/// <summary>
/// Type, range, vocabulary and clinical-date rules of the whole patient document. Field paths in the
/// errors are camelCase JSON paths, e.g. <c>adverseEvents[2].grade</c>.
/// </summary>
internal sealed class PatientDocumentValidator : AbstractValidator<PatientDocument>
{
    public const string VocabularyLink = "GET /api/v1/vocabularies/ctcae-terms";

    public PatientDocumentValidator(TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        RuleFor(p => p.ExternalId).MaximumLength(PatientFieldRules.ExternalIdLength);
        RuleFor(p => p.Arm).NotEmpty().MaximumLength(PatientFieldRules.ArmLength);
        RuleFor(p => p.Site).MaximumLength(PatientFieldRules.SiteLength);
        RuleFor(p => p.OnStudyDate).NotNull().Must(BeRealDate).WithMessage("'onStudyDate' must be a real date.");
        RuleFor(p => p.Sex).NotNull();
        RuleFor(p => p.AgeYears).NotNull().Within(PatientFieldRules.AgeYears);
        RuleFor(p => p.SourceId).MaximumLength(PatientFieldRules.SourceIdLength);
        RuleFor(p => p.Baseline).NotNull().SetValidator(new BaselineValidator());

        RuleFor(p => p.RadiotherapyCourses).EachElement(new RadiotherapyCourseValidator());
        RuleFor(p => p.TaceSessions).EachElement(new TaceSessionValidator());
        RuleFor(p => p.SorafenibCourses).EachElement(new SorafenibCourseValidator());
        RuleFor(p => p.AntiPd1Cycles).EachElement(new AntiPd1CycleValidator());
        RuleFor(p => p.TumorAssessments).EachElement(new TumorAssessmentValidator());
        RuleFor(p => p.AdverseEvents).EachElement(new AdverseEventValidator());
        RuleFor(p => p.FollowUp!).SetValidator(new FollowUpValidator()).When(p => p.FollowUp is not null);

        RuleFor(p => p).Custom(ClinicalDates.Check);
        RuleFor(p => p).Custom((p, context) => ClinicalDates.CheckPlausible(p, context, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
        RuleFor(p => p).Custom(UniqueSourceIds);
    }

    private static bool BeRealDate(DateOnly? date) => date is null || date.Value.Year >= 1900;

    private static void UniqueSourceIds(PatientDocument p, ValidationContext<PatientDocument> context)
    {
        Check("radiotherapyCourses", p.RadiotherapyCourses);
        Check("taceSessions", p.TaceSessions);
        Check("sorafenibCourses", p.SorafenibCourses);
        Check("antiPd1Cycles", p.AntiPd1Cycles);
        Check("tumorAssessments", p.TumorAssessments);
        Check("adverseEvents", p.AdverseEvents);

        void Check<T>(string list, List<T> records) where T : PatientRecordDto
        {
            foreach (var (i, first, id) in ElementRules.Repeats(records, r => r.SourceId))
            {
                context.AddFailure($"{list}[{i}].sourceId", $"sourceId '{id}' is already used by {list}[{first}].");
            }
        }
    }
}

internal sealed class BaselineValidator : AbstractValidator<BaselineDto>
{
    public BaselineValidator()
    {
        RuleFor(b => b.BodyweightKg).Within(PatientFieldRules.BodyweightKg);
        RuleFor(b => b.Ecog).Within(PatientFieldRules.Ecog);
        RuleFor(b => b.ChildPughScore).Within(PatientFieldRules.ChildPughScore);
        RuleFor(b => b.ChildPughScore)
            .Must((b, score) => ChildPughAgrees(b.ChildPughClass, score))
            .WithMessage(b => $"Child–Pugh score {b.ChildPughScore} does not belong to class {b.ChildPughClass} (A: 5–6, B: 7–9, C: 10–15).")
            .When(b => b.ChildPughClass is not null && b.ChildPughScore is >= 5 and <= 15);
        RuleFor(b => b.AfpNgPerMl).Within(PatientFieldRules.AfpNgPerMl);
        RuleFor(b => b.AlbuminGPerL).Within(PatientFieldRules.AlbuminGPerL);
        RuleFor(b => b.TotalBilirubinUmolPerL).Within(PatientFieldRules.TotalBilirubinUmolPerL);
        RuleFor(b => b.HemoglobinGPerL).Within(PatientFieldRules.HemoglobinGPerL);
        RuleFor(b => b.Platelets10e9PerL).Within(PatientFieldRules.Platelets10e9PerL);
        RuleFor(b => b.Wbc10e9PerL).Within(PatientFieldRules.Wbc10e9PerL);
        RuleFor(b => b.MaxTumorDiameterCm).Within(PatientFieldRules.MaxTumorDiameterCm);
        RuleFor(b => b.IntrahepaticLesionCount).Within(PatientFieldRules.IntrahepaticLesionCount);
    }

    private static bool ChildPughAgrees(ChildPughClass? cls, int? score) => cls switch
    {
        ChildPughClass.A => score is 5 or 6,
        ChildPughClass.B => score is >= 7 and <= 9,
        ChildPughClass.C => score >= 10,
        _ => true,
    };
}

internal sealed class RadiotherapyCourseValidator : AbstractValidator<RadiotherapyCourseDto>
{
    public RadiotherapyCourseValidator()
    {
        RuleFor(r => r.SourceId).MaximumLength(PatientFieldRules.SourceIdLength);
        RuleFor(r => r.StartDate).NotNull();
        RuleFor(r => r.EndDate)
            .GreaterThanOrEqualTo(r => r.StartDate)
            .WithMessage(r => $"endDate {Iso(r.EndDate)} is before startDate {Iso(r.StartDate)}.")
            .When(r => r.StartDate is not null && r.EndDate is not null);
        RuleFor(r => r.Technique).NotNull();
        RuleFor(r => r.TotalDoseGy).NotNull().Within(PatientFieldRules.TotalDoseGy);
        RuleFor(r => r.DosePerFractionGy).NotNull().Within(PatientFieldRules.DosePerFractionGy);
        RuleFor(r => r.FractionsPlanned).NotNull().Within(PatientFieldRules.FractionsPlanned);
        RuleFor(r => r.LesionsTreated).NotNull().Within(PatientFieldRules.LesionsTreated);
        RuleFor(r => r.TotalDoseGy)
            .Must((r, total) => Math.Abs((r.DosePerFractionGy!.Value * r.FractionsPlanned!.Value) - total!.Value) <= 0.01 * total.Value)
            .WithMessage(r => string.Create(CultureInfo.InvariantCulture,
                $"dosePerFractionGy × fractionsPlanned = {r.DosePerFractionGy} × {r.FractionsPlanned} = {r.DosePerFractionGy * r.FractionsPlanned} Gy, which differs from totalDoseGy {r.TotalDoseGy} Gy by more than 1%."))
            .When(r => r.TotalDoseGy > 0 && r.DosePerFractionGy > 0 && r.FractionsPlanned > 0);
        RuleFor(r => r.Fractions).EachElement(new InlineValidator<DeliveredFractionRecord>
        {
            f => f.RuleFor(x => x.Date).Must(d => d.Year >= 1900).WithMessage("'date' is required."),
            f => f.RuleFor(x => x.DoseGy).Within(PatientFieldRules.FractionDoseGy),
        });
        RuleForEach(r => r.Fractions)
            .Must((r, f) => r.StartDate is null || f.Date >= r.StartDate)
            .WithMessage((r, f) => $"Fraction date {Iso(f.Date)} is before the course startDate {Iso(r.StartDate)}.")
            .OverridePropertyName("fractions");
    }

    private static string Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "(none)";
}

internal sealed class TaceSessionValidator : AbstractValidator<TaceSessionDto>
{
    public TaceSessionValidator()
    {
        RuleFor(t => t.SourceId).MaximumLength(PatientFieldRules.SourceIdLength);
        RuleFor(t => t.Date).NotNull();
        RuleFor(t => t.ChemotherapyAgent).NotNull();
        RuleFor(t => t.ChemotherapyDose).Within(PatientFieldRules.ChemotherapyDose);
        RuleFor(t => t.ChemotherapyDoseUnit).NotNull().When(t => t.ChemotherapyDose is not null)
            .WithMessage("'chemotherapyDoseUnit' (mg or mg/m2) is required when a dose is given.");
        RuleFor(t => t.LipiodolMl).Within(PatientFieldRules.LipiodolMl);
        RuleFor(t => t.EmbolicAgent).NotNull();
        RuleFor(t => t.TechnicalSuccess).NotNull();
    }
}

internal sealed class SorafenibCourseValidator : AbstractValidator<SorafenibCourseDto>
{
    public SorafenibCourseValidator()
    {
        RuleFor(s => s.SourceId).MaximumLength(PatientFieldRules.SourceIdLength);
        RuleFor(s => s.StartDate).NotNull();
        RuleFor(s => s.EndDate)
            .GreaterThanOrEqualTo(s => s.StartDate)
            .WithMessage(s => $"endDate {Dates.Iso(s.EndDate)} is before startDate {Dates.Iso(s.StartDate)}.")
            .When(s => s.StartDate is not null && s.EndDate is not null);
        RuleFor(s => s.StartingDailyDoseMg).NotNull().Within(PatientFieldRules.StartingDailyDoseMg);
        RuleFor(s => s.DiscontinuationReason).MaximumLength(PatientFieldRules.ReasonLength);
        RuleFor(s => s.DoseChanges).EachElement(new InlineValidator<SorafenibDoseChangeRecord>
        {
            c => c.RuleFor(x => x.Date).Must(d => d.Year >= 1900).WithMessage("'date' is required."),
            c => c.RuleFor(x => x.DailyDoseMg).Within(PatientFieldRules.DoseChangeDailyDoseMg),
            c => c.RuleFor(x => x.Reason).MaximumLength(PatientFieldRules.ReasonLength),
        });
        RuleForEach(s => s.DoseChanges)
            .Must((s, c) => s.StartDate is null || (c.Date >= s.StartDate && (s.EndDate is null || c.Date <= s.EndDate)))
            .WithMessage((s, c) => $"Dose change on {Dates.Iso(c.Date)} is outside the course {Dates.Iso(s.StartDate)} to {(s.EndDate is null ? "ongoing" : Dates.Iso(s.EndDate))}.");
    }
}

internal sealed class AntiPd1CycleValidator : AbstractValidator<AntiPd1CycleDto>
{
    public AntiPd1CycleValidator()
    {
        RuleFor(c => c.SourceId).MaximumLength(PatientFieldRules.SourceIdLength);
        RuleFor(c => c.Agent).NotNull();
        RuleFor(c => c.Date).NotNull();
        RuleFor(c => c.DoseMg).NotNull().Within(PatientFieldRules.AntiPd1DoseMg);
        RuleFor(c => c.CycleNumber).NotNull().Within(PatientFieldRules.CycleNumber);
    }
}

internal sealed class TumorAssessmentValidator : AbstractValidator<TumorAssessmentDto>
{
    public TumorAssessmentValidator()
    {
        RuleFor(a => a.SourceId).MaximumLength(PatientFieldRules.SourceIdLength);
        RuleFor(a => a.Date).NotNull();
        RuleFor(a => a.Modality).NotNull();
        RuleFor(a => a.Lesions).EachElement(new LesionValidator());
        RuleFor(a => a).Custom((a, context) =>
        {
            foreach (var (i, first, id) in ElementRules.Repeats(a.Lesions, l => string.IsNullOrEmpty(l.LesionId) ? null : l.LesionId))
            {
                context.AddFailure($"lesions[{i}].lesionId", $"Lesion ID '{id}' appears twice in this assessment (also lesions[{first}]).");
            }
        });
    }
}

internal sealed class LesionValidator : AbstractValidator<LesionDto>
{
    public LesionValidator()
    {
        RuleFor(l => l.LesionId).NotEmpty().MaximumLength(PatientFieldRules.LesionIdLength);
        RuleFor(l => l.Site).NotEmpty().MaximumLength(PatientFieldRules.LesionSiteLength);
        RuleFor(l => l.Role).NotNull();
        RuleFor(l => l.LongestDiameterMm).Within(PatientFieldRules.DiameterMm);
        RuleFor(l => l.ShortAxisMm).Within(PatientFieldRules.DiameterMm);
        RuleFor(l => l.ViableDiameterMm).Within(PatientFieldRules.DiameterMm);
        RuleFor(l => l.ViableDiameterMm)
            .LessThanOrEqualTo(l => l.LongestDiameterMm)
            .WithMessage(l => string.Create(CultureInfo.InvariantCulture,
                $"viableDiameterMm {l.ViableDiameterMm} exceeds longestDiameterMm {l.LongestDiameterMm}: the enhancing part lies within the lesion."))
            .When(l => l.ViableDiameterMm is not null && l.LongestDiameterMm is not null && l.IsLymphNode != true);
        RuleFor(l => l.LongestDiameterMm).NotNull()
            .When(l => l.Role == Domain.LesionRole.Target && l.IsLymphNode != true)
            .WithMessage("'longestDiameterMm' is required for a target lesion.");
        RuleFor(l => l.ShortAxisMm).NotNull()
            .When(l => l.Role == Domain.LesionRole.Target && l.IsLymphNode == true)
            .WithMessage("'shortAxisMm' is required for a target lymph node.");
    }
}

internal sealed class AdverseEventValidator : AbstractValidator<AdverseEventDto>
{
    public AdverseEventValidator()
    {
        RuleFor(a => a.SourceId).MaximumLength(PatientFieldRules.SourceIdLength);
        RuleFor(a => a.Grade).NotNull().Within(PatientFieldRules.AeGrade);
        RuleFor(a => a.OnsetDate).NotNull();
        RuleFor(a => a.Attribution).NotNull();
        RuleFor(a => a.ResolutionDate)
            .GreaterThanOrEqualTo(a => a.OnsetDate)
            .WithMessage(a => $"resolutionDate {Dates.Iso(a.ResolutionDate)} is before onsetDate {Dates.Iso(a.OnsetDate)}.")
            .When(a => a.OnsetDate is not null && a.ResolutionDate is not null);
        RuleFor(a => a).Custom((a, context) =>
        {
            var result = CtcaeVocabulary.Validate(a.Term, a.Grade ?? 1, a.MeddraCode, a.CtcaeVersion, PatientDocumentValidator.VocabularyLink);
            if (!result.IsValid && (result.Field != "grade" || a.Grade is >= 1 and <= 5))
            {
                context.AddFailure(result.Field!, result.Error!);
            }
        });
    }
}

internal sealed class FollowUpValidator : AbstractValidator<FollowUpDto>
{
    public FollowUpValidator()
    {
        RuleFor(f => f.SourceId).MaximumLength(PatientFieldRules.SourceIdLength);
        RuleFor(f => f.DeathCause).MaximumLength(PatientFieldRules.ReasonLength);
        // A recorded death ends follow-up: "lost" with a death date would censor OS where the event is known.
        RuleFor(f => f.LostToFollowUp)
            .Must(lost => lost != true)
            .When(f => f.DeathDate is not null)
            .WithMessage(f => $"A patient who died ({Dates.Iso(f.DeathDate)}) is not lost to follow-up: set 'lostToFollowUp' to false, or remove 'deathDate'.");
        RuleFor(f => f.LastKnownAliveDate)
            .LessThanOrEqualTo(f => f.DeathDate)
            .WithMessage(f => $"lastKnownAliveDate {Dates.Iso(f.LastKnownAliveDate)} is after deathDate {Dates.Iso(f.DeathDate)}.")
            .When(f => f.LastKnownAliveDate is not null && f.DeathDate is not null);
        RuleFor(f => f.SubsequentTherapies).EachElement(new InlineValidator<SubsequentTherapyRecord>
        {
            t => t.RuleFor(x => x.StartDate).Must(d => d.Year >= 1900).WithMessage("'startDate' is required."),
            t => t.RuleFor(x => x.Type).NotEmpty().MaximumLength(PatientFieldRules.TherapyTypeLength),
        });
    }
}

/// <summary>ISO formatting of dates in messages.</summary>
internal static class Dates
{
    public static string Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "(none)";
}
