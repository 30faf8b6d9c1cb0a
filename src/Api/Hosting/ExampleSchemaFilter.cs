using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// Attaches complete example bodies (embedded <c>Examples/*.json</c>) to request types, so that
/// "Try it out" in Swagger UI starts from a valid document rather than a skeleton of nulls. The record examples fit the
/// patient of <c>patient-document.json</c>, so each succeeds as it is against that patient (a test runs every one).
/// </summary>
internal sealed class ExampleSchemaFilter : ISchemaFilter
{
    private static readonly Dictionary<Type, string> Examples = new()
    {
        [typeof(Contracts.Patients.PatientDocument)] = "patient-document.json",
        [typeof(Contracts.Patients.PatientBatchRequest)] = "patient-batch.json",
        [typeof(Contracts.Analyses.CompareRequest)] = "compare-request.json",
        [typeof(Contracts.Analyses.FigureRequest)] = "figure-request.json",
        [typeof(Contracts.Analyses.SurvivalRequest)] = "survival-request.json",
        [typeof(Contracts.Analyses.PropensityRequest)] = "propensity-request.json",
        [typeof(Contracts.Analyses.ProportionsRequest)] = "proportions-request.json",
        [typeof(Contracts.Patients.RadiotherapyCourseDto)] = "radiotherapy-course.json",
        [typeof(Contracts.Patients.TaceSessionDto)] = "tace-session.json",
        [typeof(Contracts.Patients.SorafenibCourseDto)] = "sorafenib-course.json",
        [typeof(Contracts.Patients.AntiPd1CycleDto)] = "anti-pd1-cycle.json",
        [typeof(Contracts.Patients.TumorAssessmentDto)] = "tumor-assessment.json",
        [typeof(Contracts.Patients.AdverseEventDto)] = "adverse-event.json",
        [typeof(Contracts.Patients.FollowUpDto)] = "follow-up.json",
        [typeof(Contracts.CohortRequest)] = "cohort-request.json",
        [typeof(Contracts.CohortLockRequest)] = "cohort-lock-request.json",
        [typeof(Contracts.DerivationSettingsRequest)] = "derivation-settings-request.json",
        [typeof(Controllers.ClientRequest)] = "client-request.json",
        [typeof(Interop.Redcap.RedcapMapping)] = "redcap-mapping.json",
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is OpenApiSchema concrete && Examples.TryGetValue(context.Type, out var resource))
        {
            concrete.Example = Load(resource);
        }
    }

    private static JsonNode Load(string resource) => JsonNode.Parse(Text(resource))!;

    /// <summary>The text of an embedded example (<c>Examples/{resource}</c>).</summary>
    public static string Text(string resource)
    {
        var assembly = typeof(ExampleSchemaFilter).Assembly;
        using var stream = assembly.GetManifestResourceStream($"HccOutcomes.Api.Examples.{resource}")
            ?? throw new InvalidOperationException($"Example resource {resource} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
