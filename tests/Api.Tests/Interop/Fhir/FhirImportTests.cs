using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Interop.Fhir;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Interop.Fhir;

/// <summary>
/// Hand-written Bundles in the shape of the mCODE implementation guide's examples (a cancer patient, a primary cancer
/// condition, a radiotherapy course summary, tumor size observations of a Tumor BodyStructure, a medication
/// administration, laboratory results in US units) import with the expected values; each class of error is answered in
/// FHIR terms and leaves the database unchanged.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FhirImportTests(ApiFactory factory)
{
    private const string Local = "https://hcc-outcomes.example.org/fhir/CodeSystem/hcc-registry";
    private const string Ucum = "http://unitsofmeasure.org";
    private const string Grade = "http://hl7.org/fhir/uv/ae-research-backport-ig/StructureDefinition/ae-grade";

    [Fact]
    public async Task An_mcode_shaped_bundle_imports_with_its_values_and_units_converted()
    {
        var client = factory.CreateClient();
        var cohort = await client.CreateCohortAsync("FHIR mCODE");
        var response = await FhirRoundTripTests.Import(client, cohort, Bundle().ToJsonString(), FhirJson.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var result = JsonDocument.Parse(body).RootElement;
        Assert.Equal(1, result.GetProperty("created").GetInt32());
        // The Practitioner carries nothing the registry records: counted and named, not dropped silently.
        Assert.Equal(1, result.GetProperty("unusedCount").GetInt32());
        Assert.Equal("Practitioner/dr-kyle", result.GetProperty("unused")[0].GetProperty("resource").GetString());

        var patient = await client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/patients/HCC-042");
        Assert.Equal("RT+PD1", patient.GetProperty("arm").GetString());
        Assert.Equal("2021-05-10", patient.GetProperty("onStudyDate").GetString());
        Assert.Equal("male", patient.GetProperty("sex").GetString());
        Assert.Equal(60, patient.GetProperty("ageYears").GetInt32()); // from birthDate 1961-03-14
        var baseline = patient.GetProperty("baseline");
        Assert.Equal(38, baseline.GetProperty("albuminGPerL").GetDouble(), 6); // 3.8 g/dL
        Assert.Equal(1.2 * 17.104, baseline.GetProperty("totalBilirubinUmolPerL").GetDouble(), 6); // 1.2 mg/dL
        Assert.Equal(1, baseline.GetProperty("ecog").GetInt32()); // LOINC answer LA9623-5
        Assert.True(baseline.GetProperty("hbv").GetBoolean());

        var course = patient.GetProperty("radiotherapyCourses")[0];
        Assert.Equal("IMRT", course.GetProperty("technique").GetString());
        Assert.Equal(50, course.GetProperty("totalDoseGy").GetDouble(), 6); // 5000 cGy delivered stands in for the prescription
        Assert.Equal(10, course.GetProperty("fractionsPlanned").GetInt32());
        Assert.Equal(5, course.GetProperty("dosePerFractionGy").GetDouble(), 6);

        var cycle = patient.GetProperty("antiPd1Cycles")[0];
        Assert.Equal("pembrolizumab", cycle.GetProperty("agent").GetString()); // RxNorm 1547545
        Assert.Equal(200, cycle.GetProperty("doseMg").GetDouble());
        Assert.Equal(1, cycle.GetProperty("cycleNumber").GetInt32());

        var assessments = patient.GetProperty("tumorAssessments");
        Assert.Equal(2, assessments.GetArrayLength());
        var lesion = assessments[1].GetProperty("lesions")[0];
        Assert.Equal("T1", lesion.GetProperty("lesionId").GetString());
        Assert.Equal(32, lesion.GetProperty("longestDiameterMm").GetDouble(), 6); // 3.2 cm
        Assert.Equal(18, lesion.GetProperty("viableDiameterMm").GetDouble(), 6);
        Assert.Equal("CT", assessments[1].GetProperty("modality").GetString());
        Assert.Equal("PR", assessments[1].GetProperty("investigatorMRecist").GetString());

        var ae = patient.GetProperty("adverseEvents")[0];
        Assert.Equal(2, ae.GetProperty("grade").GetInt32());
        Assert.Equal("possible", ae.GetProperty("attribution").GetString());
        Assert.Equal("rt", ae.GetProperty("suspectedTreatments")[0].GetString());

        // The same Bundle again changes nothing.
        var again = await (await FhirRoundTripTests.Import(client, cohort, Bundle().ToJsonString(), FhirJson.MediaType)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, again.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task A_dry_run_validates_and_writes_nothing()
    {
        var client = factory.CreateClient();
        var cohort = await client.CreateCohortAsync("FHIR dry run");
        var before = await factory.SnapshotAsync(cohort);
        var response = await FhirRoundTripTests.Import(client, cohort, Bundle().ToJsonString(), FhirJson.MediaType, "?dryRun=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dryRun").GetBoolean());
        Assert.Equal(before, await factory.SnapshotAsync(cohort));
    }

    public static TheoryData<string> ErrorCases => new()
    {
        "broken reference", "unknown unit", "adverse event without grade", "two Patients with one identifier",
        "resource for a patient not in the bundle", "invalid JSON", "unknown resource type", "unknown element",
    };

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public async Task Each_error_names_the_resource_and_fhir_path_and_writes_nothing(string error)
    {
        var client = factory.CreateClient();
        var cohort = await client.CreateCohortAsync("FHIR errors");
        var bundle = Bundle();
        var entries = bundle["entry"]!.AsArray();
        JsonObject Resource(string id) => entries.Select(e => e!["resource"]!.AsObject()).Single(r => (string?)r["id"] == id);
        var (status, key, body) = error switch
        {
            "broken reference" => Edit(() => Resource("hcc-042-tumor-size-2")["focus"]![0]!["reference"] = "BodyStructure/nowhere",
                HttpStatusCode.UnprocessableEntity, "Observation/hcc-042-tumor-size-2:Observation.focus[0]"),
            "unknown unit" => Edit(() => Resource("hcc-042-albumin")["valueQuantity"]!["code"] = "mmol/L",
                HttpStatusCode.UnprocessableEntity, "Observation/hcc-042-albumin:Observation.valueQuantity.code"),
            "adverse event without grade" => Edit(() => Resource("hcc-042-ae-1").Remove("extension"),
                HttpStatusCode.UnprocessableEntity, $"AdverseEvent/hcc-042-ae-1:AdverseEvent.extension('{Grade}')"),
            "two Patients with one identifier" => Edit(() => entries.Add(new JsonObject { ["resource"] = Patient("hcc-042-again") }),
                HttpStatusCode.UnprocessableEntity, "Patient/hcc-042-again:Patient.identifier"),
            "resource for a patient not in the bundle" => Edit(() => Resource("hcc-042-albumin")["subject"]!["reference"] = "Patient/someone-else",
                HttpStatusCode.UnprocessableEntity, "Observation/hcc-042-albumin:Observation.subject"),
            "invalid JSON" => (HttpStatusCode.BadRequest, "Bundle:$", bundle.ToJsonString()[..200]),
            "unknown resource type" => Edit(() => entries.Add(new JsonObject { ["resource"] = new JsonObject { ["resourceType"] = "Nonsense", ["id"] = "x" } }),
                HttpStatusCode.BadRequest, "Bundle:"),
            "unknown element" => Edit(() => Resource("hcc-042-albumin")["valueQuantityy"] = 3,
                HttpStatusCode.BadRequest, "Bundle:"),
            _ => throw new ArgumentOutOfRangeException(nameof(error)),
        };

        var before = await factory.SnapshotAsync(cohort);
        var response = await FhirRoundTripTests.Import(client, cohort, body, FhirJson.MediaType);
        var problem = await response.AssertProblemAsync(status);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.EnumerateObject().Any(e => e.Name.StartsWith(key, StringComparison.Ordinal)), $"Expected an error for '{key}', got: {errors}");
        Assert.Equal(before, await factory.SnapshotAsync(cohort));

        (HttpStatusCode, string, string) Edit(Action edit, HttpStatusCode expected, string field)
        {
            edit();
            return (expected, field, bundle.ToJsonString());
        }
    }

    // ndjson is grouped by patient before it is parsed (NdjsonPatientGroups): the same error classes, named the same way.
    public static TheoryData<string, HttpStatusCode, string> NdjsonErrorCases => new()
    {
        { "broken reference", HttpStatusCode.UnprocessableEntity, "Observation/hcc-042-tumor-size-2:Observation.focus[0]" },
        { "unknown unit", HttpStatusCode.UnprocessableEntity, "Observation/hcc-042-albumin:Observation.valueQuantity.code" },
        { "adverse event without grade", HttpStatusCode.UnprocessableEntity, "AdverseEvent/hcc-042-ae-1:AdverseEvent.extension(" },
        { "two Patients with one identifier", HttpStatusCode.UnprocessableEntity, "Patient/hcc-042-again:Patient.identifier" },
        { "resource for a patient not in the payload", HttpStatusCode.UnprocessableEntity, "Observation/hcc-042-albumin:Observation.subject" },
        { "a resource id used twice", HttpStatusCode.UnprocessableEntity, "Observation/hcc-042-albumin:Observation.id" },
        { "a registry rule broken", HttpStatusCode.UnprocessableEntity, "Observation/hcc-042-tumor-size-1:Observation.method" },
        { "invalid JSON", HttpStatusCode.BadRequest, "line 4:$" },
        { "unknown resource type", HttpStatusCode.BadRequest, "Nonsense/x:" },
        { "unknown element", HttpStatusCode.BadRequest, "Observation/hcc-042-albumin:" },
    };

    [Theory]
    [MemberData(nameof(NdjsonErrorCases))]
    public async Task Each_error_in_ndjson_names_the_resource_and_fhir_path_and_writes_nothing(string error, HttpStatusCode status, string key)
    {
        var client = factory.CreateClient();
        var cohort = await client.CreateCohortAsync("FHIR ndjson error classes");
        var resources = Bundle()["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).ToList();
        JsonObject Resource(string id) => resources.Single(r => (string?)r["id"] == id);
        switch (error)
        {
            case "broken reference": Resource("hcc-042-tumor-size-2")["focus"]![0]!["reference"] = "BodyStructure/nowhere"; break;
            case "unknown unit": Resource("hcc-042-albumin")["valueQuantity"]!["code"] = "mmol/L"; break;
            case "adverse event without grade": Resource("hcc-042-ae-1").Remove("extension"); break;
            case "two Patients with one identifier": resources.Add(Patient("hcc-042-again")); break;
            case "resource for a patient not in the payload": Resource("hcc-042-albumin")["subject"]!["reference"] = "Patient/someone-else"; break;
            case "a resource id used twice": resources.Add(Resource("hcc-042-albumin").DeepClone().AsObject()); break;
            case "a registry rule broken":
                // No imaging method on any tumor size observation: the batch validator's modality rule, told back in FHIR terms.
                resources.ForEach(r => r.Remove("method"));
                break;
            case "unknown resource type": resources.Add(new JsonObject { ["resourceType"] = "Nonsense", ["id"] = "x" }); break;
            case "unknown element": Resource("hcc-042-albumin")["valueQuantityy"] = 3; break;
        }

        var lines = resources.Select(r => r.ToJsonString()).ToList();
        if (error == "invalid JSON")
        {
            lines[3] = lines[3][..40];
        }

        var before = await factory.SnapshotAsync(cohort);
        var response = await FhirRoundTripTests.Import(client, cohort, string.Join('\n', lines), FhirJson.NdjsonMediaType);
        var errors = (await response.AssertProblemAsync(status)).GetProperty("errors");
        Assert.True(errors.EnumerateObject().Any(e => e.Name.StartsWith(key, StringComparison.Ordinal)), $"Expected an error for '{key}', got: {errors}");
        Assert.Equal(before, await factory.SnapshotAsync(cohort));
    }

    [Fact]
    public async Task Ndjson_in_any_order_with_absolute_patient_references_imports_as_the_bundle_does()
    {
        var client = factory.CreateClient();
        var fromBundle = await client.CreateCohortAsync("FHIR bundle");
        var fromNdjson = await client.CreateCohortAsync("FHIR ndjson, patient last");
        var bundle = Bundle();
        Assert.Equal(HttpStatusCode.OK, (await FhirRoundTripTests.Import(client, fromBundle, bundle.ToJsonString(), FhirJson.MediaType)).StatusCode);

        // The Patient last, and every patient reference an absolute URL, with blank lines between.
        var resources = bundle["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).Reverse().ToList();
        foreach (var resource in resources)
        {
            foreach (var element in new[] { "subject", "patient", "individual" })
            {
                if (resource[element] is JsonObject reference && (string?)reference["reference"] == "Patient/hcc-042")
                {
                    reference["reference"] = "https://ehr.example.org/fhir/Patient/hcc-042";
                }
            }
        }

        var response = await FhirRoundTripTests.Import(client, fromNdjson, string.Join("\n\n", resources.Select(r => r.ToJsonString())), FhirJson.NdjsonMediaType);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, result.GetProperty("created").GetInt32());
        Assert.Equal(resources.Count, result.GetProperty("resources").GetInt32());
        var expected = ServerAssigned.Strip(await client.GetFromJsonAsync<JsonNode>($"/api/v1/cohorts/{fromBundle}/patients/HCC-042"));
        var actual = ServerAssigned.Strip(await client.GetFromJsonAsync<JsonNode>($"/api/v1/cohorts/{fromNdjson}/patients/HCC-042"));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected}\nactual   {actual}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("12")]
    [InlineData("\"text\"")]
    [InlineData("{}")]
    [InlineData("{\"resourceType\": \"Patient\", \"id\": \"p\"}")]
    public async Task A_body_that_is_not_a_bundle_is_400_and_writes_nothing(string body)
    {
        var client = factory.CreateClient();
        var cohort = await client.CreateCohortAsync("FHIR not a bundle");
        var before = await factory.SnapshotAsync(cohort);
        var response = await FhirRoundTripTests.Import(client, cohort, body, FhirJson.MediaType);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await factory.SnapshotAsync(cohort));
    }

    [Fact]
    public async Task Ndjson_names_the_line_of_a_resource_it_cannot_read_and_another_media_type_is_415()
    {
        var client = factory.CreateClient();
        var cohort = await client.CreateCohortAsync("FHIR ndjson errors");
        var lines = Bundle()["entry"]!.AsArray().Select(e => e!["resource"]!.ToJsonString()).ToList();
        lines.Insert(2, """{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":"high"}}""");
        var before = await factory.SnapshotAsync(cohort);
        var response = await FhirRoundTripTests.Import(client, cohort, string.Join('\n', lines), FhirJson.NdjsonMediaType);
        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.EnumerateObject().Any(e => e.Name.StartsWith("line 3:", StringComparison.Ordinal)), errors.ToString());

        var text = await FhirRoundTripTests.Import(client, cohort, "hello", "text/plain");
        await text.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, await factory.SnapshotAsync(cohort));
    }

    private static JsonObject Patient(string id) => Node($$"""
        { "resourceType": "Patient", "id": "{{id}}",
          "meta": { "profile": ["http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-cancer-patient"] },
          "identifier": [{ "system": "https://hcc-outcomes.example.org/fhir/sid/patient", "value": "HCC-042" }],
          "gender": "male", "birthDate": "1961-03-14" }
        """);

    private static JsonObject Node(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Quantity(double value, string unit) => new() { ["value"] = value, ["unit"] = unit, ["system"] = Ucum, ["code"] = unit };

    private static JsonObject Lab(string id, string loinc, double value, string unit) => Node($$"""
        { "resourceType": "Observation", "id": "{{id}}", "status": "final",
          "category": [{ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory" }] }],
          "code": { "coding": [{ "system": "http://loinc.org", "code": "{{loinc}}" }] },
          "subject": { "reference": "Patient/hcc-042" }, "effectiveDateTime": "2021-05-08",
          "valueQuantity": {{Quantity(value, unit).ToJsonString()}} }
        """);

    private static JsonObject TumorSize(string id, string date, double cm, double viableMm) => Node($$"""
        { "resourceType": "Observation", "id": "{{id}}", "status": "final",
          "meta": { "profile": ["http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-tumor-size"] },
          "code": { "coding": [{ "system": "http://loinc.org", "code": "21889-1", "display": "Size Tumor" }] },
          "subject": { "reference": "Patient/hcc-042" }, "effectiveDateTime": "{{date}}",
          "focus": [{ "reference": "BodyStructure/hcc-042-tumor-1" }],
          "method": { "coding": [{ "system": "http://dicom.nema.org/resources/ontology/DCM", "code": "CT" }] },
          "bodySite": { "text": "liver" },
          "valueQuantity": {{Quantity(cm, "cm").ToJsonString()}},
          "component": [
            { "code": { "coding": [{ "system": "{{Local}}", "code": "viable-diameter" }] }, "valueQuantity": {{Quantity(viableMm, "mm").ToJsonString()}} },
            { "code": { "coding": [{ "system": "{{Local}}", "code": "lesion-role" }] }, "valueCodeableConcept": { "coding": [{ "system": "{{Local}}", "code": "lesion-role-target" }] } }
          ] }
        """);

    /// <summary>One patient in mCODE shape, with a Practitioner the registry has no use for.</summary>
    private static JsonObject Bundle()
    {
        JsonNode[] resources =
        [
            Patient("hcc-042"),
            Node("""
                { "resourceType": "ResearchSubject", "id": "hcc-042-subject", "status": "on-study",
                  "study": { "reference": "ResearchStudy/hcc-study" }, "individual": { "reference": "Patient/hcc-042" },
                  "assignedArm": "RT+PD1", "period": { "start": "2021-05-10" } }
                """),
            Node("""
                { "resourceType": "Condition", "id": "hcc-042-hcc",
                  "meta": { "profile": ["http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-primary-cancer-condition"] },
                  "clinicalStatus": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active" }] },
                  "verificationStatus": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed" }] },
                  "code": { "coding": [{ "system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C22.0", "display": "Liver cell carcinoma" }] },
                  "subject": { "reference": "Patient/hcc-042" }, "onsetDateTime": "2021-04-20" }
                """),
            Node("""
                { "resourceType": "Condition", "id": "hcc-042-hbv",
                  "verificationStatus": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed" }] },
                  "code": { "coding": [{ "system": "http://snomed.info/sct", "code": "66071002" }] },
                  "subject": { "reference": "Patient/hcc-042" } }
                """),
            Lab("hcc-042-albumin", "1751-7", 3.8, "g/dL"),
            Lab("hcc-042-bilirubin", "1975-2", 1.2, "mg/dL"),
            Node("""
                { "resourceType": "Observation", "id": "hcc-042-ecog", "status": "final",
                  "meta": { "profile": ["http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-ecog-performance-status"] },
                  "code": { "coding": [{ "system": "http://loinc.org", "code": "89247-1" }] },
                  "subject": { "reference": "Patient/hcc-042" }, "effectiveDateTime": "2021-05-08",
                  "valueCodeableConcept": { "coding": [{ "system": "http://loinc.org", "code": "LA9623-5" }] } }
                """),
            Node("""
                { "resourceType": "Procedure", "id": "hcc-042-rt", "status": "completed",
                  "meta": { "profile": ["http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-radiotherapy-course-summary"] },
                  "extension": [
                    { "url": "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-radiotherapy-modality-and-technique", "extension": [
                      { "url": "modality", "valueCodeableConcept": { "coding": [{ "system": "http://snomed.info/sct", "code": "1156506007" }] } },
                      { "url": "technique", "valueCodeableConcept": { "coding": [{ "system": "http://snomed.info/sct", "code": "441799006" }] } } ] },
                    { "url": "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-radiotherapy-sessions", "valueUnsignedInt": 10 },
                    { "url": "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-radiotherapy-dose-delivered-to-volume", "extension": [
                      { "url": "volume", "valueReference": { "reference": "BodyStructure/hcc-042-tumor-1" } },
                      { "url": "totalDoseDelivered", "valueQuantity": { "value": 5000, "unit": "cGy", "system": "http://unitsofmeasure.org", "code": "cGy" } },
                      { "url": "fractionsDelivered", "valueUnsignedInt": 10 } ] } ],
                  "code": { "coding": [{ "system": "http://snomed.info/sct", "code": "1217123003" }] },
                  "subject": { "reference": "Patient/hcc-042" },
                  "performedPeriod": { "start": "2021-05-12", "end": "2021-05-25" },
                  "asserter": { "reference": "Practitioner/dr-kyle" } }
                """),
            Node("""
                { "resourceType": "MedicationAdministration", "id": "hcc-042-pd1-1", "status": "completed",
                  "meta": { "profile": ["http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-cancer-related-medication-administration"] },
                  "medicationCodeableConcept": { "coding": [{ "system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "1547545", "display": "pembrolizumab" }] },
                  "subject": { "reference": "Patient/hcc-042" }, "effectiveDateTime": "2021-05-28",
                  "dosage": { "dose": { "value": 200, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg" } } }
                """),
            Node("""
                { "resourceType": "BodyStructure", "id": "hcc-042-tumor-1",
                  "identifier": [{ "system": "https://hcc-outcomes.example.org/fhir/sid/source-record", "value": "T1" }],
                  "location": { "text": "liver" }, "patient": { "reference": "Patient/hcc-042" } }
                """),
            TumorSize("hcc-042-tumor-size-1", "2021-05-05", 4.5, 40),
            TumorSize("hcc-042-tumor-size-2", "2021-07-20", 3.2, 18),
            Node($$"""
                { "resourceType": "Observation", "id": "hcc-042-status-2", "status": "final",
                  "meta": { "profile": ["http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-cancer-disease-status"] },
                  "code": { "coding": [{ "system": "http://loinc.org", "code": "97509-4" }] },
                  "subject": { "reference": "Patient/hcc-042" }, "effectiveDateTime": "2021-07-20",
                  "method": { "coding": [{ "system": "{{Local}}", "code": "mrecist" }] },
                  "valueCodeableConcept": { "coding": [
                    { "system": "http://snomed.info/sct", "code": "268910001" }, { "system": "{{Local}}", "code": "response-PR" } ] } }
                """),
            Node($$"""
                { "resourceType": "AdverseEvent", "id": "hcc-042-ae-1", "actuality": "actual",
                  "extension": [{ "url": "{{Grade}}", "valueCodeableConcept": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/adverse-event-clinical-research-grades", "code": "2" }] } }],
                  "event": { "text": "Fatigue" }, "subject": { "reference": "Patient/hcc-042" }, "date": "2021-06-02",
                  "suspectEntity": [{ "instance": { "identifier": { "system": "{{Local}}", "value": "treatment-rt" } },
                    "causality": [{ "assessment": { "coding": [{ "system": "{{Local}}", "code": "attribution-possible" }] } }] }] }
                """),
            Node("""{ "resourceType": "Practitioner", "id": "dr-kyle", "name": [{ "family": "Anydoc" }] }"""),
        ];
        return new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "collection",
            ["entry"] = new JsonArray([.. resources.Select(r => (JsonNode)new JsonObject { ["resource"] = r })]),
        };
    }
}
