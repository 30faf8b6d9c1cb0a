using FluentValidation;
using HccOutcomes.Domain.Registry;

namespace HccOutcomes.Api.Contracts.Patients;

/// <summary>Filters and paging of the patient list.</summary>
public sealed class PatientListQuery
{
    /// <summary>Only this treatment arm (exact label).</summary>
    public string? Arm { get; set; }

    /// <summary>Only this BCLC stage (0, A, B, C, D).</summary>
    public BclcStage? BclcStage { get; set; }

    /// <summary>On-study on or after this date.</summary>
    public DateOnly? OnStudyFrom { get; set; }

    /// <summary>On-study on or before this date.</summary>
    public DateOnly? OnStudyTo { get; set; }

    /// <summary>1-based page (default 1).</summary>
    public int Page { get; set; } = 1;

    /// <summary>Page size 1–1000 (default 100).</summary>
    public int PageSize { get; set; } = 100;
}

/// <summary>One row of the patient list.</summary>
/// <param name="ExternalId">Pseudonymous patient ID.</param>
/// <param name="Arm">Treatment arm.</param>
/// <param name="OnStudyDate">Index date.</param>
/// <param name="Sex">Sex.</param>
/// <param name="AgeYears">Age at on-study.</param>
/// <param name="BclcStage">BCLC stage.</param>
/// <param name="ChildPughClass">Child–Pugh class.</param>
/// <param name="Ecog">ECOG performance status.</param>
/// <param name="AlbiGrade">ALBI grade.</param>
/// <param name="UpdatedAt">When last changed.</param>
public sealed record PatientSummary(
    string ExternalId,
    string Arm,
    DateOnly OnStudyDate,
    Sex Sex,
    int AgeYears,
    BclcStage? BclcStage,
    ChildPughClass? ChildPughClass,
    int? Ecog,
    int? AlbiGrade,
    DateTimeOffset UpdatedAt);

/// <summary>Up to 10,000 whole patient documents, each with its <c>externalId</c>.</summary>
public sealed class PatientBatchRequest
{
    /// <summary>The patients; externalIds unique within the batch.</summary>
    public List<PatientDocument> Patients { get; set; } = [];
}

/// <summary>What a batch did (or, with <c>dryRun</c>, would do).</summary>
/// <param name="DryRun">True when only validated.</param>
/// <param name="Received">Documents received.</param>
/// <param name="Created">Patients created.</param>
/// <param name="Replaced">Patients whose content changed and were replaced.</param>
/// <param name="Unchanged">Patients already stored with identical content (nothing written).</param>
/// <param name="Warnings">Plausibility warnings about accepted documents, each with its field path (e.g. <c>patients[3].adverseEvents[0].onsetDate</c>).</param>
public sealed record PatientBatchResponse(bool DryRun, int Received, int Created, int Replaced, int Unchanged, IReadOnlyList<DataWarning> Warnings)
{
    /// <summary>The answer to a batch that was written.</summary>
    internal static PatientBatchResponse Written(int received, IEnumerable<Infrastructure.Registry.PatientWriteResult> results, IReadOnlyList<DataWarning> warnings)
    {
        var tally = Infrastructure.Registry.WriteTally.Of(results);
        return new PatientBatchResponse(false, received, tally.Created, tally.Replaced, tally.Unchanged, warnings);
    }
}

internal sealed class PatientListQueryValidator : AbstractValidator<PatientListQuery>
{
    public PatientListQueryValidator()
    {
        // Past page 1,000,000 (500 million rows at the largest page size) no list has anything to show, and the offset
        // stays far inside PostgreSQL's range.
        RuleFor(q => q.Page).InclusiveBetween(1, PageQuery.MaxPage);
        RuleFor(q => q.PageSize).InclusiveBetween(1, 1000);
        RuleFor(q => q.Arm).Must(a => !Hosting.NoNulStringConverter.ContainsNul(a))
            .WithMessage(Hosting.NoNulStringConverter.Message);
        RuleFor(q => q.OnStudyTo).GreaterThanOrEqualTo(q => q.OnStudyFrom)
            .When(q => q.OnStudyFrom is not null && q.OnStudyTo is not null)
            .WithMessage(q => $"onStudyTo {Dates.Iso(q.OnStudyTo)} is before onStudyFrom {Dates.Iso(q.OnStudyFrom)}.");
    }
}

internal sealed class PatientBatchRequestValidator : AbstractValidator<PatientBatchRequest>
{
    public const int MaxPatients = 10_000;

    private static readonly PatientDocumentValidator Document = new();

    public PatientBatchRequestValidator()
    {
        RuleFor(b => b.Patients).NotEmpty()
            .Must(p => p.Count <= MaxPatients).WithMessage($"A batch holds at most {MaxPatients} patients.");
        // Documents are independent, so a large batch is validated on all cores; failures are reported in
        // document order with their full path (patients[17].adverseEvents[2].grade).
        RuleFor(b => b.Patients).Custom((patients, context) =>
        {
            var failures = new List<FluentValidation.Results.ValidationFailure>?[patients.Count];
            Parallel.For(0, patients.Count, Validate);
            for (var i = 0; i < failures.Length; i++)
            {
                Validation.ElementRules.AddAt(context, "patients", i, failures[i] ?? []);
            }

            void Validate(int i)
            {
                var result = Document.Validate(patients[i]);
                List<FluentValidation.Results.ValidationFailure>? list = result.IsValid ? null : [.. result.Errors];
                if (patients[i].ExternalId is not { Length: > 0 } id)
                {
                    (list ??= []).Add(new("externalId", "'externalId' must not be empty."));
                }
                else if (!ExternalIds.Regex.IsMatch(id))
                {
                    (list ??= []).Add(new("externalId", ExternalIds.Message));
                }

                failures[i] = list;
            }
        }).When(b => b.Patients.Count <= MaxPatients);
        RuleFor(b => b).Custom((b, context) =>
        {
            foreach (var (i, first, id) in Validation.ElementRules.Repeats(b.Patients, p => p.ExternalId is { Length: > 0 } id ? id : null))
            {
                context.AddFailure($"patients[{i}].externalId", $"externalId '{id}' also appears at patients[{first}].");
            }
        });
    }
}

/// <summary>Format of pseudonymous patient IDs.</summary>
internal static class ExternalIds
{
    public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$";
    public const string Message = "externalId must be 1–100 characters of letters, digits, '.', '_' or '-', starting with a letter or digit.";
    public static readonly System.Text.RegularExpressions.Regex Regex = new(Pattern, System.Text.RegularExpressions.RegexOptions.Compiled);
}
