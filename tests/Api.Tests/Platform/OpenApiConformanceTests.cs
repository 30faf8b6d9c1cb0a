using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;
using HccOutcomes.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace HccOutcomes.Api.Tests.Platform;

/// <summary>
/// One definition per contract: every operation of the served OpenAPI document is called for real (on real
/// PostgreSQL), and each response must have a documented status and content type and, when it is JSON, match the
/// documented schema (<see cref="OpenApiContract"/>). An operation without a successful case fails, so a new endpoint
/// cannot ship undocumented or unchecked; each operation family also has its error answers checked.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiConformanceTests(ApiFactory factory) : IAsyncLifetime
{
    private const string Cohorts = "/api/v1/cohorts";
    private const string Cohort = Cohorts + "/{cohortId}";
    private const string Patients = Cohort + "/patients";
    private const string Patient = Patients + "/{externalId}";
    private const string FollowUp = Patient + "/follow-up";
    private const string Analyses = "/api/v1/analyses";
    private const string Stale = "\"1\"";

    private const string MinimalReason =
        "RFC 7240 return=minimal: no body, at the client's request. OpenAPI 3.0 cannot mark a response body optional; " +
        "the operation's description documents it, and the body is not changed.";

    /// <summary>
    /// Responses known not to match the document, keyed by "METHOD template status" (and the <c>Prefer</c> sent), with the
    /// reason each is not fixed in the document. A listed response that conforms again fails the test, so the list only shrinks.
    /// </summary>
    private static readonly Dictionary<string, string> ExpectedDeviations = new(StringComparer.Ordinal)
    {
        [$"PUT {Patient} 201 Prefer: return=minimal"] = MinimalReason,
        [$"PUT {Patient} 200 Prefer: return=minimal"] = MinimalReason,
    };

    /// <summary>Each record list and the schema whose documented example adds a record to the example patient.</summary>
    private static readonly (string Segment, string Schema)[] RecordLists =
    [
        ("adverse-events", "AdverseEvent"),
        ("tumor-assessments", "TumorAssessment"),
        ("radiotherapy-courses", "RadiotherapyCourse"),
        ("tace-sessions", "TaceSession"),
        ("sorafenib-courses", "SorafenibCourse"),
        ("anti-pd1-cycles", "AntiPd1Cycle"),
    ];

    private readonly HttpClient _client = factory.CreateClient();

    public async Task InitializeAsync()
    {
        // The compare example of the document names the demo cohort; analyses and the outcome table run on it.
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoCohortLoader>().EnsureLoadedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_operation_of_the_served_document_answers_as_documented()
    {
        var contract = await OpenApiContract.LoadAsync(_client);
        var run = new ConformanceRun(_client, contract);

        await VocabularyCases(run);
        await CohortCases(run);
        await PatientCases(run);
        await FollowUpCases(run);
        await FhirCases(run);
        foreach (var (segment, schema) in RecordLists)
        {
            await RecordCases(run, segment, run.Contract.Example(schema));
        }

        await OutcomeCases(run);
        await RedcapCases(run);
        await AnalysisCases(run, contract);
        await AccessCases(run);
        await DeleteCases(run);

        foreach (var operation in contract.Operations.Where(o => !run.Answered.Contains(o.Key)))
        {
            run.Failures.Add($"{operation.Key}: no successful call was checked (add a case to this test)");
        }

        // Each family (controller) that documents an error has at least one of its error answers checked.
        foreach (var family in contract.Operations
                     .Where(o => o.Statuses.Any(s => s[0] is '4' or '5'))
                     .GroupBy(o => o.Tag)
                     .Where(g => !g.Any(o => run.Rejected.Contains(o.Key))))
        {
            run.Failures.Add($"family {family.Key}: no error response was checked (add a 4xx case)");
        }

        // Every JSON request body has an example, and each example succeeded as it is.
        foreach (var operation in contract.Operations)
        {
            try
            {
                if (contract.RequestExample(operation) is not null && !run.ExamplesAccepted.Contains(operation.Key))
                {
                    run.Failures.Add($"{operation.Key}: its request example was not sent as it is with a successful answer (use it in a case)");
                }
            }
            catch (KeyNotFoundException missing)
            {
                run.Failures.Add(missing.Message);
            }
        }

        foreach (var (deviation, reason) in ExpectedDeviations.Where(d => !run.DeviationsSeen.Contains(d.Key)))
        {
            run.Failures.Add($"expected deviation '{deviation}' ({reason}) no longer occurs: remove it from {nameof(ExpectedDeviations)}");
        }

        Assert.True(run.Failures.Count == 0,
            $"{run.Failures.Count} response(s) do not match the served OpenAPI document ({contract.Version}):\n" + string.Join('\n', run.Failures));
    }

    [Fact]
    public async Task The_checker_rejects_undocumented_statuses_types_members_and_nulls()
    {
        var contract = await OpenApiContract.LoadAsync(_client);
        const string Table = Cohort + "/outcomes";
        const string Row = """{ "externalId": "P1", "arm": "RT+PD1", "onStudyDate": "2021-01-10", "borRecist": "PR", "borMrecist": null, "bestPercentChangeRecist": -35.5, "bestPercentChangeMrecist": null, "osMonths": 8.2, "osCensored": false, "pfsRecistMonths": null, "pfsRecistCensored": null, "pfsMrecistMonths": null, "pfsMrecistCensored": null, "worstGradeTreatmentRelated": 3, "anyGrade3PlusTreatmentRelated": true }""";

        Assert.Empty(contract.Check("GET", Table, 200, "application/json", $"[{Row}]"));
        Assert.NotEmpty(contract.Check("GET", Cohort + "/nothing", 200, "application/json", "{}"));
        Assert.NotEmpty(contract.Check("GET", Table, 418, "application/json", "[]"));
        Assert.NotEmpty(contract.Check("GET", Table, 200, "text/plain", "x"));
        // A member missing, a wrong type, an undocumented member, a null where the document says it cannot be.
        Assert.NotEmpty(contract.Check("GET", Table, 200, "application/json", $"[{Row.Replace("\"osMonths\": 8.2, ", "", StringComparison.Ordinal)}]"));
        Assert.NotEmpty(contract.Check("GET", Table, 200, "application/json", $"[{Row.Replace("8.2", "\"8.2\"", StringComparison.Ordinal)}]"));
        Assert.NotEmpty(contract.Check("GET", Table, 200, "application/json", $"[{Row.Replace("{ ", "{ \"extra\": 1, ", StringComparison.Ordinal)}]"));
        Assert.NotEmpty(contract.Check("GET", Table, 200, "application/json", $"[{Row.Replace("\"RT+PD1\"", "null", StringComparison.Ordinal)}]"));
        Assert.NotEmpty(contract.Check("GET", Table, 200, "application/json", $"[{Row.Replace("2021-01-10", "10/01/2021", StringComparison.Ordinal)}]"));
        // A nullable reference to an enum accepts null and its values, nothing else.
        var nullableEnum = JsonNode.Parse("""{ "type": "object", "properties": { "sex": { "allOf": [ { "$ref": "#/components/schemas/Sex" } ], "nullable": true } } }""")!;
        Assert.Empty(contract.Validate(nullableEnum, """{ "sex": null }"""));
        Assert.Empty(contract.Validate(nullableEnum, """{ "sex": "female" }"""));
        Assert.NotEmpty(contract.Validate(nullableEnum, """{ "sex": "f" }"""));
        // A 3.0 exclusive bound excludes the bound itself.
        var positive = JsonNode.Parse("""{ "type": "object", "properties": { "dose": { "type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 30 } } }""")!;
        Assert.Empty(contract.Validate(positive, """{ "dose": 30 }"""));
        Assert.NotEmpty(contract.Validate(positive, """{ "dose": 0 }"""));
        Assert.NotEmpty(contract.Validate(positive, """{ "dose": 30.5 }"""));
    }

    private static async Task VocabularyCases(ConformanceRun run)
    {
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/vocabularies/ctcae-terms");
        await run.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, "/api/v1/vocabularies/ctcae-terms", bearer: "not-a-token");
    }

    private static async Task CohortCases(ConformanceRun run)
    {
        var example = run.Contract.Example("CohortRequest");
        var name = example["name"]!.GetValue<string>();
        var created = await run.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, Cohorts, body: example)
            ?? throw run.Stop("the new cohort");
        run.Values["cohortId"] = created["id"]!.GetValue<string>();

        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Cohorts, query: "?page=1&pageSize=500");
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Cohort);
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, Cohort,
            body: new JsonObject { ["name"] = name, ["description"] = null, ["isSynthetic"] = true });
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, Cohort, body: example);

        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Get, Cohorts, query: "?pageSize=0");
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, Cohorts, body: new JsonObject { ["name"] = "" });
        await run.ExpectAsync(HttpStatusCode.Conflict, HttpMethod.Post, Cohorts, body: new JsonObject { ["name"] = name });
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, Cohort, with: Unknown("cohortId"));
        await run.ExpectAsync(HttpStatusCode.PreconditionFailed, HttpMethod.Put, Cohort, body: new JsonObject { ["name"] = name }, ifMatch: Stale);
    }

    private static async Task PatientCases(ConformanceRun run)
    {
        run.Values["externalId"] = "conf-1";
        var document = run.Contract.Example("PatientDocument");
        await run.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, Patient, body: document);
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, Patient, body: document);
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Patient);
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Patients + "/batch", query: "?dryRun=true",
            body: run.Contract.Example("PatientBatchRequest"));
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Patients + "/batch",
            body: run.Contract.Example("PatientBatchRequest"));
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Patients, query: "?pageSize=1");
        var minimal = new Dictionary<string, string> { ["externalId"] = "conf-minimal" };
        await run.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, Patient, body: document, with: minimal, prefer: "return=minimal");
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, Patient, body: document, with: minimal, prefer: "return=minimal");

        var invalid = document.DeepClone();
        invalid["ageYears"] = -1;
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Put, Patient, body: invalid);
        await run.ExpectAsync(HttpStatusCode.PreconditionFailed, HttpMethod.Put, Patient, body: document, ifMatch: Stale);
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, Patient, with: new() { ["externalId"] = "nobody" });
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, Patients, with: Unknown("cohortId"));
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Get, Patients, query: "?page=0");
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, Patients + "/batch", body: new JsonObject { ["patients"] = null });
    }

    private static async Task FhirCases(ConformanceRun run)
    {
        var bundle = await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Patient + "/fhir") ?? throw run.Stop("the FHIR Bundle");
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Cohort + "/fhir");
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Cohort + "/imports/fhir", query: "?dryRun=true", body: bundle);
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, Patient + "/fhir", with: new() { ["externalId"] = "nobody" });
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, Cohort + "/imports/fhir", body: new JsonObject { ["resourceType"] = "Nonsense" });
        var orphan = bundle.DeepClone();
        orphan["entry"]!.AsArray().RemoveAt(1);
        await run.ExpectAsync(HttpStatusCode.UnprocessableEntity, HttpMethod.Post, Cohort + "/imports/fhir", body: orphan);
    }

    private static async Task FollowUpCases(ConformanceRun run)
    {
        var followUp = await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, FollowUp) ?? throw run.Stop("the follow-up");
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, FollowUp, body: followUp);
        await run.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, FollowUp);
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, FollowUp);
        await run.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, FollowUp, body: followUp);
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, FollowUp, body: run.Contract.Example("FollowUp"));
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, FollowUp, body: followUp);

        var invalid = followUp.DeepClone();
        invalid["deathDate"] = "2020-01-01";
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Put, FollowUp, body: invalid);
        await run.ExpectAsync(HttpStatusCode.PreconditionFailed, HttpMethod.Delete, FollowUp, ifMatch: Stale);
    }

    private static async Task RecordCases(ConformanceRun run, string segment, JsonNode record)
    {
        var list = Patient + "/" + segment;
        var one = list + "/{recordId}";

        var created = await run.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, list, body: record) ?? throw run.Stop($"the new {segment} record");
        run.Values["recordId"] = created["id"]!.GetValue<string>();
        // The same sourceId replaces the record: 200.
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, list, body: record);
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, list);
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, one);
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, one, body: record);

        var invalid = record.DeepClone();
        invalid["notAMember"] = true;
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, list, body: invalid);
        await run.ExpectAsync(HttpStatusCode.PreconditionFailed, HttpMethod.Put, one, body: record, ifMatch: Stale);
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, one, with: Unknown("recordId"));
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, list, with: new() { ["externalId"] = "nobody" });

        await run.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, one);
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Delete, one);
    }

    private static async Task OutcomeCases(ConformanceRun run)
    {
        var demo = new Dictionary<string, string> { ["cohortId"] = DemoCohort.CohortId.ToString() };
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Patient + "/outcomes");
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Cohort + "/outcomes/recompute");
        // The table is streamed by its own writer, not serialized from PatientOutcomeRow, the type the document shows;
        // the demo cohort's 78 patients give its rows every kind of value, null included.
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Cohort + "/outcomes");
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Cohort + "/outcomes", with: demo);
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Cohort + "/outcomes", with: demo, accept: "text/csv");

        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, Patient + "/outcomes", with: new() { ["externalId"] = "nobody" });
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, Cohort + "/outcomes", with: Unknown("cohortId"));
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, Cohort + "/outcomes", with: Unknown("cohortId"), accept: "text/csv");
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Post, Cohort + "/outcomes/recompute", with: Unknown("cohortId"));

        const string Settings = Cohort + "/derivation-settings";
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Settings);
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, Settings, body: run.Contract.Example("DerivationSettingsRequest"));
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, Settings, body: new JsonObject());
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Put, Settings,
            body: new JsonObject { ["pfsRuleSet"] = "fda2018", ["clinicalProgressionCounts"] = true });
        await run.ExpectAsync(HttpStatusCode.PreconditionFailed, HttpMethod.Put, Settings, body: new JsonObject(), ifMatch: "\"99\"");
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, Settings, with: Unknown("cohortId"));
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Put, Settings, body: new JsonObject(), with: Unknown("cohortId"));
    }

    private static async Task RedcapCases(ConformanceRun run)
    {
        var demo = new Dictionary<string, string> { ["cohortId"] = DemoCohort.CohortId.ToString() };
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Cohort + "/exports/redcap", with: demo);
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, Cohort + "/exports/redcap", with: Unknown("cohortId"));

        const string Import = Cohort + "/imports/redcap";
        static StringContent Csv(string text) => new(text, System.Text.Encoding.UTF8, "text/csv");
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Import, content: Csv("record_id,arm,on_study_date,sex,age_years\nconf-redcap-1,RT+PD1,2021-01-10,1,60\n"));
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, Import, content: Csv("record_id,arm,on_study_date,sex,age_years\nconf-redcap-1,RT+PD1,2021-01-10,9,60\n"));
        await run.ExpectAsync(HttpStatusCode.UnsupportedMediaType, HttpMethod.Post, Import, content: new StringContent("x", System.Text.Encoding.UTF8, "text/plain"));
        // The documented API-JSON example, as it is (before a mapping is stored: it uses the dictionary's own names).
        var importOperation = run.Contract.Operations.Single(o => o.Key == "POST " + Import);
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Import, query: "?dryRun=true", body: run.Contract.RequestExample(importOperation));

        const string Mapping = Import + "/mapping";
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, Mapping);
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, Mapping, body: run.Contract.Example("RedcapMapping"));
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, Mapping, body: new JsonObject { ["fields"] = new JsonObject { ["gender"] = "sex" } });
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Mapping);
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Put, Mapping, body: new JsonObject { ["instruments"] = new JsonObject { ["x"] = "patient" } });
    }

    private static async Task AnalysisCases(ConformanceRun run, OpenApiContract contract)
    {
        var compare = contract.Example("CompareRequest");
        Assert.Equal(DemoCohort.CohortId.ToString(), compare["cohortId"]!.GetValue<string>());
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Analyses + "/compare", body: compare);
        var adjustedCompare = compare.DeepClone();
        adjustedCompare["adjustment"] = new JsonObject { ["method"] = "iptw", ["covariates"] = new JsonArray("age", "bclc", "hbv") };
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Analyses + "/compare", body: adjustedCompare);
        adjustedCompare["adjustment"] = new JsonObject { ["method"] = "matching", ["covariates"] = new JsonArray("age", "bclc") };
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Analyses + "/compare", body: adjustedCompare);
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Analyses + "/compare/covariates");
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Analyses + "/compare", body: compare, accept: "text/csv");
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Analyses + "/compare", body: compare, accept: "text/html", query: "?percentDecimals=0");
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Analyses + "/compare", body: compare,
            accept: "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        await run.ExpectAsync(HttpStatusCode.NotAcceptable, HttpMethod.Post, Analyses + "/compare", body: compare, accept: "image/png");
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, Analyses + "/compare", body: compare, accept: "text/html", query: "?pDecimals=1");
        await FigureCases(run, compare);
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Analyses + "/survival", body: contract.Example("SurvivalRequest"));
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Analyses + "/proportions", body: contract.Example("ProportionsRequest"));
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Analyses + "/propensity", body: contract.Example("PropensityRequest"));
        // The adjusted options of /survival (weights, strata, clusters, categorical covariates, robust, PH test, RMST) add members.
        var adjusted = contract.Example("SurvivalRequest").DeepClone();
        var k = 0;
        foreach (var subject in adjusted["subjects"]!.AsArray())
        {
            subject!["weight"] = 1 + (0.25 * (k % 3));
            subject["stratum"] = k % 2 == 0 ? "a" : "b";
            subject["cluster"] = $"c{k++ / 2}";
            subject["covariates"]!["sex"] = k % 3 == 0 ? "female" : "male";
        }

        adjusted["covariates"] = new JsonArray("age", "sex");
        adjusted["phTest"] = true;
        adjusted["rmst"] = new JsonObject { ["tau"] = 3 };
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Analyses + "/survival", body: adjusted);

        var missing = compare.DeepClone();
        missing["cohortId"] = Guid.NewGuid().ToString();
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Post, Analyses + "/compare", body: missing);
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Post, Analyses + "/compare", body: missing, accept: "text/csv");
        var noGroups = compare.DeepClone();
        noGroups["groups"] = new JsonArray();
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, Analyses + "/compare", body: noGroups);
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, Analyses + "/survival", body: new JsonObject { ["subjects"] = new JsonArray() });
        await run.ExpectAsync(HttpStatusCode.UnsupportedMediaType, HttpMethod.Post, Analyses + "/survival",
            content: new StringContent("time,event\n1,1\n", Encoding.UTF8, "text/csv"));
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, Analyses + "/proportions", body: new JsonObject { ["groups"] = new JsonArray() });
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, Analyses + "/propensity", body: new JsonObject { ["subjects"] = new JsonArray() });
    }

    private static async Task FigureCases(ConformanceRun run, JsonNode compare)
    {
        const string Figure = Analyses + "/compare/figures/{figure}";
        foreach (var (figure, query) in new[] { ("kaplan-meier", "?endpoint=os&bands=true"), ("forest", "?endpoint=pfs"), ("waterfall", "?criteria=mrecist") })
        {
            await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Figure, body: compare, query: query,
                with: new() { ["figure"] = figure }, accept: "image/svg+xml");
        }

        // The documented example (with a style) in the two print formats.
        var example = run.Contract.Example("FigureRequest");
        foreach (var accept in new[] { "image/png", "application/pdf" })
        {
            await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Figure, body: example, query: "?endpoint=pfs&criteria=mrecist",
                with: new() { ["figure"] = "kaplan-meier" }, accept: accept);
        }

        await run.ExpectAsync(HttpStatusCode.NotAcceptable, HttpMethod.Post, Figure, body: compare,
            with: new() { ["figure"] = "waterfall" }, accept: "image/tiff");
        var styled = compare.DeepClone();
        styled["style"] = new JsonObject { ["width"] = 10 };
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, Figure, body: styled,
            with: new() { ["figure"] = "kaplan-meier" }, accept: "image/svg+xml");

        var adjusted = compare.DeepClone();
        adjusted["adjustment"] = new JsonObject { ["method"] = "iptw", ["covariates"] = new JsonArray("age", "bclc") };
        foreach (var (figure, query) in new[] { ("love-plot", string.Empty), ("kaplan-meier", "?endpoint=os&adjusted=true") })
        {
            await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Figure, body: adjusted, query: query,
                with: new() { ["figure"] = figure }, accept: "image/svg+xml");
        }

        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, Figure, body: compare,
            with: new() { ["figure"] = "pie" }, accept: "image/svg+xml");
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, Figure, body: compare,
            with: new() { ["figure"] = "love-plot" }, accept: "image/svg+xml");
        var missing = compare.DeepClone();
        missing["cohortId"] = Guid.NewGuid().ToString();
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Post, Figure, body: missing,
            with: new() { ["figure"] = "waterfall" }, accept: "image/svg+xml");
    }

    private static async Task AccessCases(ConformanceRun run)
    {
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Cohort + "/facets");
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, Cohort + "/facets", with: Unknown("cohortId"));
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Patient + "/history");
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, Patient + "/history", with: new() { ["externalId"] = "nobody" });
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/audit", query: $"?cohortId={run.Values["cohortId"]}&pageSize=2");
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Get, "/api/v1/audit", query: "?pageSize=0");
        var created = await run.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/admin/clients", body: run.Contract.Example("ClientRequest"))
            ?? throw run.Stop("the new client");
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/admin/clients", body: new JsonObject { ["name"] = "x", ["role"] = "root" });
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/admin/clients");
        await run.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, "/api/v1/admin/clients/{clientId}",
            with: new() { ["clientId"] = created["client"]!["clientId"]!.GetValue<string>() });
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Delete, "/api/v1/admin/clients/{clientId}", with: new() { ["clientId"] = "nobody" });

        var reason = run.Contract.Example("CohortLockRequest");
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Cohort + "/lock", body: reason);
        await run.ExpectAsync(HttpStatusCode.Locked, HttpMethod.Put, Patient, body: run.Contract.Example("PatientDocument"));
        await run.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Cohort + "/unlock", body: reason);
        await run.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, Cohort + "/lock", body: new JsonObject { ["reason"] = "" });
    }

    private static async Task DeleteCases(ConformanceRun run)
    {
        // HCC-0001 came with the batch example.
        await run.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, Patient, with: new() { ["externalId"] = "HCC-0001" });
        await run.ExpectAsync(HttpStatusCode.PreconditionFailed, HttpMethod.Delete, Patient, ifMatch: Stale);
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Delete, Patient, with: new() { ["externalId"] = "HCC-0001" });
        await run.ExpectAsync(HttpStatusCode.Conflict, HttpMethod.Delete, Cohort);
        await run.ExpectAsync(HttpStatusCode.PreconditionFailed, HttpMethod.Delete, Cohort, query: "?cascade=true", ifMatch: Stale);
        await run.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, Cohort, query: "?cascade=true");
        await run.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Delete, Cohort);
    }

    private static Dictionary<string, string> Unknown(string parameter) => new() { [parameter] = Guid.NewGuid().ToString() };

    /// <summary>Sends the cases and collects every way a response departs from the document.</summary>
    private sealed class ConformanceRun(HttpClient client, OpenApiContract contract)
    {
        public OpenApiContract Contract => contract;

        /// <summary>Path parameters of the resources the cases created (cohortId, externalId, recordId).</summary>
        public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

        public List<string> Failures { get; } = [];

        /// <summary>Operations with a conforming 2xx.</summary>
        public HashSet<string> Answered { get; } = new(StringComparer.Ordinal);

        /// <summary>Operations with a conforming 4xx.</summary>
        public HashSet<string> Rejected { get; } = new(StringComparer.Ordinal);

        public HashSet<string> DeviationsSeen { get; } = new(StringComparer.Ordinal);

        /// <summary>Operations whose documented request example was sent unchanged and answered 2xx.</summary>
        public HashSet<string> ExamplesAccepted { get; } = new(StringComparer.Ordinal);

        /// <summary>
        /// Sends one request and checks its response against the document. Returns the JSON body (null for none or
        /// non-JSON), so that later cases can use what this one created.
        /// </summary>
        public async Task<JsonNode?> ExpectAsync(
            HttpStatusCode expected, HttpMethod method, string template, JsonNode? body = null, HttpContent? content = null,
            string? query = null, Dictionary<string, string>? with = null, string? accept = null, string? ifMatch = null,
            string? prefer = null, string? bearer = null)
        {
            var url = Expand(template, with) + query;
            using var request = new HttpRequestMessage(method, url)
            {
                Content = content ?? (body is null ? null : ApiFactory.RawJson(body.ToJsonString())),
            };
            if (accept is not null)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            }

            if (ifMatch is not null)
            {
                request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
            }

            if (prefer is not null)
            {
                request.Headers.Add("Prefer", prefer);
            }

            if (bearer is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var key = $"{method.Method} {template}";
            var deviation = $"{key} {status}{(prefer is null ? "" : " Prefer: " + prefer)}";
            var where = $"{key} ({url}{(accept is null ? "" : ", Accept: " + accept)}{(prefer is null ? "" : ", Prefer: " + prefer)}) → {status} {mediaType}";

            if (response.StatusCode != expected)
            {
                Failures.Add($"{where}: the case expects {(int)expected}; body: {Shorten(text)}");
                return null;
            }

            var problems = contract.Check(method.Method, template, status, mediaType, text);
            if (problems.Count > 0 && !ExpectedDeviations.ContainsKey(deviation))
            {
                Failures.AddRange(problems.Select(p => $"{where}: {p}"));
            }
            else
            {
                if (problems.Count > 0)
                {
                    DeviationsSeen.Add(deviation);
                }

                (status < 400 ? Answered : Rejected).Add(key);
                if (status < 400 && body is not null &&
                    contract.Operations.FirstOrDefault(o => o.Key == key) is { } operation &&
                    ExampleOf(operation) is { } example && JsonNode.DeepEquals(example, body))
                {
                    ExamplesAccepted.Add(key);
                }
            }

            return text.Length > 0 && mediaType is not null && (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal)) && status < 400
                ? JsonNode.Parse(text)
                : null;
        }

        private JsonNode? ExampleOf(DocumentedOperation operation)
        {
            try
            {
                return contract.RequestExample(operation);
            }
            catch (KeyNotFoundException)
            {
                return null;
            }
        }

        /// <summary>Ends the run when a later case needs what a failed one should have returned.</summary>
        public InvalidOperationException Stop(string what) =>
            new($"Cannot go on without {what}. So far:\n{string.Join('\n', Failures)}");

        private string Expand(string template, Dictionary<string, string>? with)
        {
            var url = template;
            foreach (var (name, value) in Values.Where(v => with is null || !with.ContainsKey(v.Key)).Concat(with ?? []))
            {
                url = url.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
            }

            return url;
        }

        private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";
    }
}
