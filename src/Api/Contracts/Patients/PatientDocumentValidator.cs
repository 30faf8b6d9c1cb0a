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
        RuleFor(p => p.ExternalId).MaximumLength(100);
        RuleFor(p => p.Arm).NotEmpty().MaximumLength(100);
        RuleFor(p => p.Site).MaximumLength(100);
        RuleFor(p => p.OnStudyDate).NotNull().Must(BeRealDate).WithMessage("'onStudyDate' must be a real date.");
        RuleFor(p => p.Sex).NotNull();
        RuleFor(p => p.AgeYears).NotNull().InclusiveBetween(18, 120);
        RuleFor(p => p.SourceId).MaximumLength(200);
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
        RuleFor(b => b.BodyweightKg).InclusiveBetween(20, 300);
        RuleFor(b => b.Ecog).InclusiveBetween(0, 4);
        RuleFor(b => b.ChildPughScore).InclusiveBetween(5, 15);
        RuleFor(b => b.ChildPughScore)
            .Must((b, score) => ChildPughAgrees(b.ChildPughClass, score))
            .WithMessage(b => $"Child–Pugh score {b.ChildPughScore} does not belong to class {b.ChildPughClass} (A: 5–6, B: 7–9, C: 10–15).")
            .When(b => b.ChildPughClass is not null && b.ChildPughScore is >= 5 and <= 15);
        RuleFor(b => b.AfpNgPerMl).InclusiveBetween(0, 10_000_000);
        RuleFor(b => b.AlbuminGPerL).InclusiveBetween(5, 70);
        RuleFor(b => b.TotalBilirubinUmolPerL).InclusiveBetween(1, 1000);
        RuleFor(b => b.HemoglobinGPerL).InclusiveBetween(30, 250);
        RuleFor(b => b.Platelets10e9PerL).InclusiveBetween(0, 2000);
        RuleFor(b => b.Wbc10e9PerL).InclusiveBetween(0, 200);
        RuleFor(b => b.MaxTumorDiameterCm).InclusiveBetween(0, 40);
        RuleFor(b => b.IntrahepaticLesionCount).InclusiveBetween(0, 100);
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
        RuleFor(r => r.SourceId).MaximumLength(200);
        RuleFor(r => r.StartDate).NotNull();
        RuleFor(r => r.EndDate)
            .GreaterThanOrEqualTo(r => r.StartDate)
            .WithMessage(r => $"endDate {Iso(r.EndDate)} is before startDate {Iso(r.StartDate)}.")
            .When(r => r.StartDate is not null && r.EndDate is not null);
        RuleFor(r => r.Technique).NotNull();
        RuleFor(r => r.TotalDoseGy).NotNull().GreaterThan(0).LessThanOrEqualTo(100);
        RuleFor(r => r.DosePerFractionGy).NotNull().GreaterThan(0).LessThanOrEqualTo(30);
        RuleFor(r => r.FractionsPlanned).NotNull().InclusiveBetween(1, 50);
        RuleFor(r => r.LesionsTreated).NotNull().InclusiveBetween(1, 5);
        RuleFor(r => r.TotalDoseGy)
            .Must((r, total) => Math.Abs((r.DosePerFractionGy!.Value * r.FractionsPlanned!.Value) - total!.Value) <= 0.01 * total.Value)
            .WithMessage(r => string.Create(CultureInfo.InvariantCulture,
                $"dosePerFractionGy × fractionsPlanned = {r.DosePerFractionGy} × {r.FractionsPlanned} = {r.DosePerFractionGy * r.FractionsPlanned} Gy, which differs from totalDoseGy {r.TotalDoseGy} Gy by more than 1%."))
            .When(r => r.TotalDoseGy > 0 && r.DosePerFractionGy > 0 && r.FractionsPlanned > 0);
        RuleFor(r => r.Fractions).EachElement(new InlineValidator<DeliveredFractionRecord>
        {
            f => f.RuleFor(x => x.Date).Must(d => d.Year >= 1900).WithMessage("'date' is required."),
            f => f.RuleFor(x => x.DoseGy).GreaterThan(0).LessThanOrEqualTo(30),
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
        RuleFor(t => t.SourceId).MaximumLength(200);
        RuleFor(t => t.Date).NotNull();
        RuleFor(t => t.ChemotherapyAgent).NotNull();
        RuleFor(t => t.ChemotherapyDose).GreaterThan(0).LessThanOrEqualTo(1000);
        RuleFor(t => t.ChemotherapyDoseUnit).NotNull().When(t => t.ChemotherapyDose is not null)
            .WithMessage("'chemotherapyDoseUnit' (mg or mg/m2) is required when a dose is given.");
        RuleFor(t => t.LipiodolMl).InclusiveBetween(0, 50);
        RuleFor(t => t.EmbolicAgent).NotNull();
        RuleFor(t => t.TechnicalSuccess).NotNull();
    }
}

internal sealed class SorafenibCourseValidator : AbstractValidator<SorafenibCourseDto>
{
    public SorafenibCourseValidator()
    {
        RuleFor(s => s.SourceId).MaximumLength(200);
        RuleFor(s => s.StartDate).NotNull();
        RuleFor(s => s.EndDate)
            .GreaterThanOrEqualTo(s => s.StartDate)
            .WithMessage(s => $"endDate {Dates.Iso(s.EndDate)} is before startDate {Dates.Iso(s.StartDate)}.")
            .When(s => s.StartDate is not null && s.EndDate is not null);
        RuleFor(s => s.StartingDailyDoseMg).NotNull().GreaterThan(0).LessThanOrEqualTo(1600);
        RuleFor(s => s.DiscontinuationReason).MaximumLength(500);
        RuleFor(s => s.DoseChanges).EachElement(new InlineValidator<SorafenibDoseChangeRecord>
        {
            c => c.RuleFor(x => x.Date).Must(d => d.Year >= 1900).WithMessage("'date' is required."),
            c => c.RuleFor(x => x.DailyDoseMg).InclusiveBetween(0, 1600),
            c => c.RuleFor(x => x.Reason).MaximumLength(500),
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
        RuleFor(c => c.SourceId).MaximumLength(200);
        RuleFor(c => c.Agent).NotNull();
        RuleFor(c => c.Date).NotNull();
        RuleFor(c => c.DoseMg).NotNull().GreaterThan(0).LessThanOrEqualTo(2000);
        RuleFor(c => c.CycleNumber).NotNull().InclusiveBetween(1, 200);
    }
}

internal sealed class TumorAssessmentValidator : AbstractValidator<TumorAssessmentDto>
{
    public TumorAssessmentValidator()
    {
        RuleFor(a => a.SourceId).MaximumLength(200);
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
        RuleFor(l => l.LesionId).NotEmpty().MaximumLength(50);
        RuleFor(l => l.Site).NotEmpty().MaximumLength(100);
        RuleFor(l => l.Role).NotNull();
        RuleFor(l => l.LongestDiameterMm).InclusiveBetween(0, 500);
        RuleFor(l => l.ShortAxisMm).InclusiveBetween(0, 500);
        RuleFor(l => l.ViableDiameterMm).InclusiveBetween(0, 500);
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
        RuleFor(a => a.SourceId).MaximumLength(200);
        RuleFor(a => a.Grade).NotNull().InclusiveBetween(1, 5);
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
        RuleFor(f => f.SourceId).MaximumLength(200);
        RuleFor(f => f.DeathCause).MaximumLength(500);
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
            t => t.RuleFor(x => x.Type).NotEmpty().MaximumLength(200),
        });
    }
}

/// <summary>ISO formatting of dates in messages.</summary>
internal static class Dates
{
    public static string Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "(none)";
}
