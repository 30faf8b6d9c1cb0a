using FluentValidation;
using FluentValidation.Validators;
using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Api.Interop.Redcap;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Interop;

/// <summary>
/// The shipped REDCap data dictionary is the one the code generates, and its ranges, lengths and required flags are
/// the validators' own. After an intended change, <c>HCC_UPDATE_REDCAP=1</c> with this filter rewrites the files.
/// </summary>
public sealed class RedcapDictionaryTests
{
    // Fields whose rule lives outside a property rule: the term is required by the CTCAE vocabulary check.
    private static readonly HashSet<string> RequiredByVocabulary = ["ae_term"];

    private static readonly Dictionary<Type, IValidator> Validators = new()
    {
        [typeof(PatientDocument)] = new PatientDocumentValidator(),
        [typeof(BaselineDto)] = new BaselineValidator(),
        [typeof(RadiotherapyCourseDto)] = new RadiotherapyCourseValidator(),
        [typeof(TaceSessionDto)] = new TaceSessionValidator(),
        [typeof(SorafenibCourseDto)] = new SorafenibCourseValidator(),
        [typeof(AntiPd1CycleDto)] = new AntiPd1CycleValidator(),
        [typeof(TumorAssessmentDto)] = new TumorAssessmentValidator(),
        [typeof(LesionEntry)] = new LesionValidator(),
        [typeof(AdverseEventDto)] = new AdverseEventValidator(),
        [typeof(FollowUpDto)] = new FollowUpValidator(),
    };

    [Theory]
    [InlineData("data-dictionary.csv")]
    [InlineData("repeating-instruments.csv")]
    public async Task The_committed_file_is_the_generated_one(string file)
    {
        var generated = file == "data-dictionary.csv"
            ? RedcapDictionary.ToCsv(RedcapProject.Registry)
            : RedcapDictionary.RepeatingInstrumentsCsv(RedcapProject.Registry);
        var path = Path.Combine(RepositoryFiles.Root(), "interop", "redcap", file);
        if (Environment.GetEnvironmentVariable("HCC_UPDATE_REDCAP") == "1")
        {
            await File.WriteAllTextAsync(path, generated);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run the RedcapDictionaryTests with HCC_UPDATE_REDCAP=1");
        Assert.True(generated == (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n"),
            $"interop/redcap/{file} differs from the generated dictionary: review the change, then run the RedcapDictionaryTests with HCC_UPDATE_REDCAP=1.");
    }

    [Fact]
    public void The_dictionary_has_the_18_standard_columns_and_every_field_of_the_patient_document()
    {
        Assert.Equal(18, RedcapDictionary.Columns.Length);
        var lines = RedcapDictionary.ToCsv(RedcapProject.Registry).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(RedcapProject.Registry.Fields.Count + 1, lines.Length);
        Assert.StartsWith("record_id,patient,", lines[1], StringComparison.Ordinal);

        // Every writable property of every part of the document has a field (read-only derived values have none).
        var readOnly = new HashSet<string> { "id", "createdAt", "updatedAt", "warnings", "albiScore", "albiGrade", "fractionsDelivered", "deliveredDoseGy", "bedGy", "eqd2Gy", "durationDays", "relativeDoseIntensity" };
        var lists = new HashSet<string> { "baseline", "radiotherapyCourses", "taceSessions", "sorafenibCourses", "antiPd1Cycles", "tumorAssessments", "adverseEvents", "followUp", "fractions", "doseChanges", "lesions", "subsequentTherapies" };
        foreach (var (type, path) in new (Type, string)[]
        {
            (typeof(PatientDocument), ""), (typeof(BaselineDto), "baseline"), (typeof(RadiotherapyCourseDto), "radiotherapyCourses[]"),
            (typeof(Domain.Registry.DeliveredFractionRecord), "radiotherapyCourses[].fractions[]"), (typeof(TaceSessionDto), "taceSessions[]"),
            (typeof(SorafenibCourseDto), "sorafenibCourses[]"), (typeof(Domain.Registry.SorafenibDoseChangeRecord), "sorafenibCourses[].doseChanges[]"),
            (typeof(AntiPd1CycleDto), "antiPd1Cycles[]"), (typeof(TumorAssessmentDto), "tumorAssessments[]"), (typeof(LesionDto), "tumorAssessments[].lesions[]"),
            (typeof(AdverseEventDto), "adverseEvents[]"), (typeof(FollowUpDto), "followUp"), (typeof(Domain.Registry.SubsequentTherapyRecord), "followUp.subsequentTherapies[]"),
        })
        {
            var instrument = RedcapProject.Registry.Instruments.Single(i => i.DocumentPath == path);
            foreach (var property in type.GetProperties().Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..]).Where(p => !readOnly.Contains(p) && !lists.Contains(p)))
            {
                Assert.True(instrument.Fields.Any(f => f.JsonName == property), $"{path}.{property} has no REDCap field in {instrument.Name}");
            }
        }
    }

    [Fact]
    public void Ranges_lengths_and_required_flags_are_the_validators()
    {
        var checkedFields = 0;
        foreach (var field in RedcapProject.Registry.Fields.Where(f => f.JsonName is not null))
        {
            var itemType = field.Instrument.Create().GetType();
            if (!Validators.TryGetValue(itemType, out var validator))
            {
                continue; // fractions, dose changes, subsequent therapies: inline rules over the same constants
            }

            checkedFields++;
            // Rules are named by JSON path (camelCase), as the API reports them.
            var rules = validator.CreateDescriptor().GetValidatorsForMember(field.JsonName!).ToList();

            var between = rules.Select(r => r.Validator).OfType<IBetweenValidator>().SingleOrDefault();
            var greater = rules.Select(r => r.Validator).OfType<IComparisonValidator>().SingleOrDefault(c => c.Comparison == Comparison.GreaterThan && c.ValueToCompare is not null);
            var atMost = rules.Select(r => r.Validator).OfType<IComparisonValidator>().SingleOrDefault(c => c.Comparison == Comparison.LessThanOrEqual && c.ValueToCompare is not null);
            if (field.Bound is { } bound)
            {
                if (bound.MinExclusive)
                {
                    Assert.True(greater is not null && atMost is not null, $"{field.Name}: the validator has no (min, max] range");
                    Assert.Equal(bound.Min, Convert.ToDouble(greater!.ValueToCompare, System.Globalization.CultureInfo.InvariantCulture));
                    Assert.Equal(bound.Max, Convert.ToDouble(atMost!.ValueToCompare, System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    Assert.True(between is not null, $"{field.Name}: the validator has no [min, max] range");
                    Assert.Equal(bound.Min, Convert.ToDouble(between!.From, System.Globalization.CultureInfo.InvariantCulture));
                    Assert.Equal(bound.Max, Convert.ToDouble(between.To, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            else
            {
                Assert.True(between is null && greater is null, $"{field.Name}: the validator has a range the dictionary lacks");
            }

            var length = rules.Select(r => r.Validator).OfType<ILengthValidator>().SingleOrDefault();
            if (field.Kind == RedcapFieldKind.Text && field.Name != RedcapProject.RecordId)
            {
                Assert.True(length?.Max == field.MaxLength, $"{field.Name}: max length {field.MaxLength} in the dictionary, {length?.Max} in the validator");
            }

            var required = rules.Any(r => r.Validator is INotNullValidator or INotEmptyValidator && !r.Options.HasCondition)
                || RequiredByVocabulary.Contains(field.Name) || field.Name == RedcapProject.RecordId;
            Assert.True(required == field.Required, $"{field.Name}: required {field.Required} in the dictionary, {required} in the validator");
        }

        Assert.True(checkedFields > 80, $"only {checkedFields} fields compared");
    }
}
