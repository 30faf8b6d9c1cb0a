using System.Net;
using System.Net.Http.Headers;
using HccOutcomes.Api.Tests.Infrastructure;
using HccOutcomes.Domain.Conventions;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Access;
using HccOutcomes.Infrastructure.Persistence;
using HccOutcomes.Infrastructure.Registry;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HccOutcomes.Api.Tests.Patients;

/// <summary>Single-patient PUTs that wait together are written in one transaction (group commit, ADR 0021), and each
/// keeps its own answer and its own audit entry.</summary>
[Collection(ApiCollection.Name)]
public sealed class GroupCommitTests(ApiFactory factory)
{
    [Fact]
    public async Task Puts_that_wait_together_are_written_in_one_transaction_each_with_its_own_answer()
    {
        // One writer, held up by the cohort's lock taken below, so that the PUTs sent meanwhile queue behind it.
        await using var host = factory.WithWebHostBuilder(b => b.UseSetting("Persistence:GroupCommitWriters", "1"));
        var admin = host.CreateClient();
        var cohort = await admin.CreateCohortAsync("group commit");
        var submitter = host.CreateClient();
        submitter.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await factory.TokenAsync(Roles.Submitter, "SITE-B", cohort));
        var stale = await admin.PutAsync($"/api/v1/cohorts/{cohort}/patients/G-STALE", Json(SamplePatients.RtPd1("G-STALE")));
        var otherSite = await admin.PutAsync($"/api/v1/cohorts/{cohort}/patients/G-SITE-A", Json(SamplePatients.RtPd1("G-SITE-A")));
        Assert.Equal(HttpStatusCode.Created, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Created, otherSite.StatusCode);
        var queue = host.Services.GetRequiredService<PatientWriteQueue>();

        await using var held = await HoldTheWriterAsync(admin, cohort);
        var sent = new List<(string Name, Task<HttpResponseMessage> Response)>();
        for (var i = 1; i <= 6; i++)
        {
            sent.Add(($"admin {i}", admin.PutAsync($"/api/v1/cohorts/{cohort}/patients/G-{i}", Json(SamplePatients.RtPd1($"G-{i}")))));
        }

        sent.Add(("submitter", submitter.PutAsync($"/api/v1/cohorts/{cohort}/patients/G-B1", Json(SamplePatients.RtPd1("G-B1")))));
        sent.Add(("same patient again", admin.PutAsync($"/api/v1/cohorts/{cohort}/patients/G-1", Json(SamplePatients.RtPd1("G-1")))));
        var staleIfMatch = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cohorts/{cohort}/patients/G-STALE") { Content = Json(SamplePatients.TaceSorafenib("G-STALE")) };
        staleIfMatch.Headers.TryAddWithoutValidation("If-Match", "\"12345\"");
        sent.Add(("stale If-Match", admin.SendAsync(staleIfMatch)));
        sent.Add(("another site's patient", submitter.PutAsync($"/api/v1/cohorts/{cohort}/patients/G-SITE-A", Json(SamplePatients.TaceSorafenib("G-SITE-A")))));
        sent.Add(("unknown cohort", admin.PutAsync($"/api/v1/cohorts/{Guid.NewGuid()}/patients/G-7", Json(SamplePatients.RtPd1("G-7")))));
        await WaitUntil(() => Task.FromResult(queue.Waiting == sent.Count));

        await held.ReleaseAsync();
        Assert.Equal(HttpStatusCode.Created, (await held.First).StatusCode);
        var answers = new Dictionary<string, HttpResponseMessage>();
        foreach (var (name, response) in sent)
        {
            answers[name] = await response;
        }

        Assert.All(Enumerable.Range(2, 5), i => Assert.Equal(HttpStatusCode.Created, answers[$"admin {i}"].StatusCode));
        Assert.Equal(HttpStatusCode.Created, answers["submitter"].StatusCode);
        // The two PUTs of G-1 reach the queue in either order: the first creates it, the second (a later group) finds
        // it unchanged.
        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.Created],
            new[] { answers["admin 1"].StatusCode, answers["same patient again"].StatusCode }.Order());
        Assert.Equal(answers["admin 1"].Headers.ETag, answers["same patient again"].Headers.ETag);
        await answers["stale If-Match"].AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        await answers["another site's patient"].AssertProblemAsync(HttpStatusCode.NotFound);
        await answers["unknown cohort"].AssertProblemAsync(HttpStatusCode.NotFound);

        // The six admin PUTs and the submitter's were written in one transaction (one xmin), the first PUT in its own.
        Assert.Equal(1, await factory.CountAsync(
            "SELECT count(DISTINCT xmin::text) FROM patients WHERE cohort_id = @c AND external_id IN ('G-1','G-2','G-3','G-4','G-5','G-6','G-B1')", ("c", cohort)));
        Assert.Equal(0, await factory.CountAsync(
            "SELECT count(*) FROM patients a JOIN patients b ON a.xmin::text = b.xmin::text WHERE a.cohort_id = @c AND a.external_id = 'G-FIRST' AND b.external_id = 'G-1'", ("c", cohort)));
        // Refused PUTs changed nothing; each written patient has its one entry, naming the client that sent it.
        Assert.Equal(stale.Headers.ETag, (await admin.GetAsync($"/api/v1/cohorts/{cohort}/patients/G-STALE")).Headers.ETag);
        Assert.Equal(otherSite.Headers.ETag, (await admin.GetAsync($"/api/v1/cohorts/{cohort}/patients/G-SITE-A")).Headers.ETag);
        // G-STALE, G-SITE-A, G-FIRST, G-1…G-6 and G-B1.
        Assert.Equal(10, await factory.CountAsync("SELECT count(*) FROM patients WHERE cohort_id = @c", ("c", cohort)));
        const string PatientEntries = "SELECT count(*) FROM audit_entries WHERE cohort_id = @c AND patient_external_id IS NOT NULL";
        Assert.Equal(10, await factory.CountAsync(PatientEntries + " AND action = 'patient.create'", ("c", cohort)));
        Assert.Equal(0, await factory.CountAsync(PatientEntries + " AND action <> 'patient.create'", ("c", cohort)));
        Assert.Equal(1, await factory.CountAsync(PatientEntries + " AND client_role = 'submitter' AND client_site = 'SITE-B' AND patient_external_id = 'G-B1'", ("c", cohort)));
        Assert.Equal(9, await factory.CountAsync(PatientEntries + " AND client_role = 'admin'", ("c", cohort)));
        Assert.Equal(10, await factory.CountAsync("SELECT count(DISTINCT request_id) FROM audit_entries WHERE cohort_id = @c AND patient_external_id IS NOT NULL", ("c", cohort)));
    }

    [Fact]
    public async Task A_group_that_fails_as_a_whole_is_written_again_one_put_at_a_time()
    {
        // A write step that fails for one patient stands for any failure of a group's transaction that is not its
        // cohort's: that PUT alone fails, the others of its group are written, each in its own transaction.
        await using var host = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Persistence:GroupCommitWriters", "1");
            b.ConfigureTestServices(services => services.AddScoped<IPatientWriteStep, FailsForOnePatient>());
        });
        var admin = host.CreateClient();
        var cohort = await admin.CreateCohortAsync("group commit fallback");
        var queue = host.Services.GetRequiredService<PatientWriteQueue>();

        await using var held = await HoldTheWriterAsync(admin, cohort);
        var sent = new[] { "G-1", "G-2", FailsForOnePatient.ExternalId, "G-3", "G-4" }
            .Select(id => (Id: id, Response: admin.PutAsync($"/api/v1/cohorts/{cohort}/patients/{id}", Json(SamplePatients.RtPd1(id)))))
            .ToList();
        await WaitUntil(() => Task.FromResult(queue.Waiting == sent.Count));

        await held.ReleaseAsync();
        Assert.Equal(HttpStatusCode.Created, (await held.First).StatusCode);
        foreach (var (id, response) in sent)
        {
            if (id == FailsForOnePatient.ExternalId)
            {
                await (await response).AssertProblemAsync(HttpStatusCode.InternalServerError);
            }
            else
            {
                Assert.Equal(HttpStatusCode.Created, (await response).StatusCode);
            }
        }

        Assert.Equal(5, await factory.CountAsync("SELECT count(*) FROM patients WHERE cohort_id = @c", ("c", cohort)));
        Assert.Equal(0, await factory.CountAsync("SELECT count(*) FROM patients WHERE cohort_id = @c AND external_id = @p", ("c", cohort), ("p", FailsForOnePatient.ExternalId)));
        Assert.Equal(4, await factory.CountAsync(
            "SELECT count(DISTINCT xmin::text) FROM patients WHERE cohort_id = @c AND external_id IN ('G-1','G-2','G-3','G-4')", ("c", cohort)));
        Assert.Equal(5, await factory.CountAsync("SELECT count(*) FROM audit_entries WHERE cohort_id = @c AND patient_external_id IS NOT NULL", ("c", cohort)));
    }

    private sealed class FailsForOnePatient : IPatientWriteStep
    {
        public const string ExternalId = "G-FAILS";

        public Func<RowWriter, CancellationToken, Task> Prepare(IReadOnlyList<Patient> patients, DerivationSettings settings) =>
            patients.Any(p => p.ExternalId == ExternalId)
                ? throw new InvalidOperationException("A write step that fails for one patient.")
                : (_, _) => Task.CompletedTask;
    }

    // Takes the cohort's write lock exclusively (CohortLock), as locking the cohort would, and sends a first PUT: the one
    // writer takes it and waits in its first round trip until the lock is released, so the PUTs sent next queue.
    private async Task<HeldWriter> HoldTheWriterAsync(HttpClient client, Guid cohort)
    {
        var connection = new NpgsqlConnection(factory.Database.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@c::text, 0))", connection, transaction) { Parameters = { new("c", cohort) } })
        {
            await take.ExecuteNonQueryAsync();
        }

        var first = client.PutAsync($"/api/v1/cohorts/{cohort}/patients/G-FIRST", Json(SamplePatients.RtPd1("G-FIRST")));
        await WaitUntil(async () => await factory.CountAsync(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") == 1);
        return new HeldWriter(connection, transaction, first);
    }

    private sealed class HeldWriter(NpgsqlConnection connection, NpgsqlTransaction transaction, Task<HttpResponseMessage> first) : IAsyncDisposable
    {
        public Task<HttpResponseMessage> First => first;

        public Task ReleaseAsync() => transaction.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private static StringContent Json(System.Text.Json.Nodes.JsonNode document) => ApiFactory.RawJson(document.ToJsonString());

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the PUTs to queue");
            await Task.Delay(20);
        }
    }
}
