using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using HccOutcomes.Api.Access;
using HccOutcomes.Api.Tests.Infrastructure;
using HccOutcomes.Infrastructure.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HccOutcomes.Api.Tests.Access;

/// <summary>
/// Every operation of the served OpenAPI document, tried with no token, an expired token, a token with a bad
/// signature, each role, a submitter of another site and a client not granted the cohort. The expected answer of each
/// comes from the policy the operation is listed under below; an operation missing from the list fails the test, so a
/// new endpoint must be placed behind a policy here too.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuthorizationMatrixTests(ApiFactory factory)
{
    // METHOD template → the policy that guards it (Policies.RolesOf gives its roles).
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["GET /api/v1/vocabularies/ctcae-terms"] = Policies.Reference,
        ["GET /api/v1/cohorts"] = Policies.SeeCohorts,
        ["GET /api/v1/cohorts/{cohortId}"] = Policies.SeeCohorts,
        ["POST /api/v1/cohorts"] = Policies.ManageCohorts,
        ["PUT /api/v1/cohorts/{cohortId}"] = Policies.ManageCohorts,
        ["DELETE /api/v1/cohorts/{cohortId}"] = Policies.ManageCohorts,
        ["POST /api/v1/cohorts/{cohortId}/lock"] = Policies.ManageData,
        ["GET /api/v1/cohorts/{cohortId}/derivation-settings"] = Policies.SeeCohorts,
        ["GET /api/v1/cohorts/{cohortId}/facets"] = Policies.SeeCohorts,
        ["PUT /api/v1/cohorts/{cohortId}/derivation-settings"] = Policies.ManageData,
        ["POST /api/v1/cohorts/{cohortId}/unlock"] = Policies.ManageData,
        ["GET /api/v1/cohorts/{cohortId}/patients"] = Policies.ReadRecords,
        ["GET /api/v1/cohorts/{cohortId}/patients/{externalId}"] = Policies.ReadRecords,
        ["PUT /api/v1/cohorts/{cohortId}/patients/{externalId}"] = Policies.WriteRecords,
        ["DELETE /api/v1/cohorts/{cohortId}/patients/{externalId}"] = Policies.WriteRecords,
        ["POST /api/v1/cohorts/{cohortId}/patients/batch"] = Policies.WriteRecords,
        ["POST /api/v1/cohorts/{cohortId}/imports/redcap"] = Policies.WriteRecords,
        ["GET /api/v1/cohorts/{cohortId}/imports/redcap/mapping"] = Policies.ReadRecords,
        ["PUT /api/v1/cohorts/{cohortId}/imports/redcap/mapping"] = Policies.ManageData,
        ["GET /api/v1/cohorts/{cohortId}/exports/redcap"] = Policies.ReadRecords,
        ["GET /api/v1/cohorts/{cohortId}/patients/{externalId}/history"] = Policies.ManageData,
        ["GET /api/v1/cohorts/{cohortId}/patients/{externalId}/fhir"] = Policies.ReadRecords,
        ["GET /api/v1/cohorts/{cohortId}/fhir"] = Policies.ReadRecords,
        ["POST /api/v1/cohorts/{cohortId}/imports/fhir"] = Policies.WriteRecords,
        ["GET /api/v1/cohorts/{cohortId}/patients/{externalId}/follow-up"] = Policies.ReadRecords,
        ["PUT /api/v1/cohorts/{cohortId}/patients/{externalId}/follow-up"] = Policies.WriteRecords,
        ["DELETE /api/v1/cohorts/{cohortId}/patients/{externalId}/follow-up"] = Policies.WriteRecords,
        ["GET /api/v1/cohorts/{cohortId}/patients/{externalId}/outcomes"] = Policies.Analyse,
        ["GET /api/v1/cohorts/{cohortId}/outcomes"] = Policies.Analyse,
        ["POST /api/v1/cohorts/{cohortId}/outcomes/recompute"] = Policies.ManageData,
        ["POST /api/v1/analyses/survival"] = Policies.Analyse,
        ["POST /api/v1/analyses/proportions"] = Policies.Analyse,
        ["POST /api/v1/analyses/compare"] = Policies.Analyse,
        ["GET /api/v1/analyses/compare/covariates"] = Policies.Analyse,
        ["POST /api/v1/analyses/propensity"] = Policies.Analyse,
        ["POST /api/v1/analyses/compare/figures/{figure}"] = Policies.Analyse,
        ["GET /api/v1/admin/clients"] = Policies.Administer,
        ["POST /api/v1/admin/clients"] = Policies.Administer,
        ["DELETE /api/v1/admin/clients/{clientId}"] = Policies.Administer,
        ["GET /api/v1/audit"] = Policies.Administer,
    };

    private static readonly string[] RecordLists =
        ["adverse-events", "tumor-assessments", "radiotherapy-courses", "tace-sessions", "sorafenib-courses", "anti-pd1-cycles"];

    static AuthorizationMatrixTests()
    {
        foreach (var list in RecordLists)
        {
            var root = $"/api/v1/cohorts/{{cohortId}}/patients/{{externalId}}/{list}";
            Expected[$"GET {root}"] = Policies.ReadRecords;
            Expected[$"POST {root}"] = Policies.WriteRecords;
            Expected[$"GET {root}/{{recordId}}"] = Policies.ReadRecords;
            Expected[$"PUT {root}/{{recordId}}"] = Policies.WriteRecords;
            Expected[$"DELETE {root}/{{recordId}}"] = Policies.WriteRecords;
        }
    }

    [Fact]
    public async Task Every_operation_answers_each_kind_of_caller_as_its_policy_says()
    {
        var admin = factory.CreateClient();
        var contract = await OpenApiContract.LoadAsync(admin);
        var missing = contract.Operations.Select(o => $"{o.Method} {o.Template}").Where(k => !Expected.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "Operations without an expected policy: " + string.Join(", ", missing));

        // A cohort with one patient of site A; every case addresses them.
        var cohort = await admin.CreateCohortAsync("matrix");
        var patient = SamplePatients.RtPd1("MATRIX-1");
        patient["site"] = "site-a";
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync($"/api/v1/cohorts/{cohort}/patients/MATRIX-1", ApiFactory.RawJson(patient.ToJsonString()))).StatusCode);

        var failures = new List<string>();
        var tokens = new Dictionary<string, string>();
        foreach (var role in Roles.All)
        {
            tokens[role] = await factory.TokenAsync(role, role == Roles.Submitter ? "site-a" : null, cohort);
        }

        var otherSite = await factory.TokenAsync(Roles.Submitter, "site-b", cohort);
        var notGranted = await factory.TokenAsync(Roles.DataManager);
        var valid = tokens[Roles.Admin];
        var badSignature = valid[..^4] + (valid[^4] == 'A' ? "BBBB" : "AAAA");
        var expired = ExpiredAdminToken();

        foreach (var operation in contract.Operations)
        {
            var key = $"{operation.Method} {operation.Template}";
            var allowed = Policies.RolesOf[Expected[key]];
            var url = operation.Template
                .Replace("{cohortId}", cohort.ToString(), StringComparison.Ordinal)
                .Replace("{externalId}", "MATRIX-1", StringComparison.Ordinal)
                .Replace("{recordId}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{figure}", "kaplan-meier", StringComparison.Ordinal)
                .Replace("{clientId}", "nobody", StringComparison.Ordinal);

            await Expect(key, url, operation.Method, null, "no token", s => s == 401);
            await Expect(key, url, operation.Method, expired, "expired token", s => s == 401);
            await Expect(key, url, operation.Method, badSignature, "bad signature", s => s == 401);
            foreach (var role in Roles.All)
            {
                await Expect(key, url, operation.Method, tokens[role], role,
                    allowed.Contains(role) ? s => s is not (401 or 403) && s < 500 && (operation.Method != "GET" || s is 200 or 404) : s => s == 403);
            }

            var addressesPatient = operation.Template.Contains("{externalId}", StringComparison.Ordinal);
            var recordsPolicy = Expected[key] is Policies.ReadRecords or Policies.WriteRecords;
            if (addressesPatient && recordsPolicy)
            {
                // Another site's patient is answered as if it did not exist. A write's body is checked first, before anything
                // is looked up, so the empty body of these cases may be a 400, which tells nothing either.
                await Expect(key, url, operation.Method, otherSite, "submitter of another site",
                    s => s == 404 || (operation.Method is "POST" or "PUT" && s == 400));
            }

            if (operation.Template.Contains("{cohortId}", StringComparison.Ordinal) && allowed.Contains(Roles.DataManager))
            {
                await Expect(key, url, operation.Method, notGranted, "client not granted the cohort", s => s == 404);
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} case(s) answered otherwise:\n" + string.Join('\n', failures));

        async Task Expect(string key, string url, string method, string? token, string who, Func<int, bool> ok)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (method is "POST" or "PUT")
            {
                request.Content = ApiFactory.RawJson("{}");
            }

            // A stale version: no case may change the patient or the cohort the others address.
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            using var client = factory.ClientWith(token);
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            if (!ok(status))
            {
                failures.Add($"{key} as {who} → {status}");
            }
            else if (status is 401 or 403 or 404)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    private string ExpiredAdminToken()
    {
        var key = factory.Services.GetRequiredService<SigningKeyStore>().Key;
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://hcc-outcomes.local/",
            Audience = "hcc-outcomes",
            Subject = new ClaimsIdentity([new Claim(HccClaims.Subject, "expired"), new Claim(HccClaims.Role, Roles.Admin)]),
            IssuedAt = now.AddHours(-2),
            NotBefore = now.AddHours(-2),
            Expires = now.AddHours(-1),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }
}
