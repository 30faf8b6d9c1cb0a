using System.Threading.Channels;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Registry;

namespace HccOutcomes.Api.Registry;

/// <summary>
/// Group commit for whole-patient PUTs. Requests that arrive while earlier ones are being written wait here and are
/// then written together, in one transaction of a few statements per table, instead of one transaction each: the
/// per-statement and per-commit cost of PostgreSQL (and the API's round trips) is shared by the group, which is what
/// lets single-patient PUTs outrun one-transaction-per-request on a small machine. Each request still gets its own
/// answer only after its data is committed, and its own If-Match decision (a stale one is rejected alone).
/// <para>
/// Two writers take turns: one gathers a group and locks its patients while the other writes and commits the previous
/// group, so the API and PostgreSQL work on two groups at once while requests still gather into large groups. A
/// patient appears at most once per group; two writes of one patient in consecutive groups are ordered by the
/// patient's row lock, which the earlier group holds until it has committed. A group that fails for any reason other
/// than an If-Match rejection is written again one request at a time, so one bad request cannot fail the others.
/// </para>
/// </summary>
public sealed class PatientWriteQueue(IServiceScopeFactory scopes, ILogger<PatientWriteQueue> logger) : BackgroundService
{
    /// <summary>Largest group; within the writer's single-batch path (<see cref="Infrastructure.Persistence.RowWriter.SmallWrite"/>).</summary>
    public const int MaxGroup = 16;

    private const int Writers = 2;

    private readonly Channel<Pending> _requests = Channel.CreateUnbounded<Pending>();

    // Held from taking a group until its patients are locked; the queue and `_deferred` belong to the holder.
    private readonly SemaphoreSlim _gathering = new(1, 1);
    private readonly Queue<Pending> _deferred = new();

    /// <summary>Writes <paramref name="patient"/> (validated, with its content hash) in the next group.</summary>
    public Task<PatientWriteResult> WriteAsync(Guid cohortId, Patient patient, Action<StoredPatientVersion?>? checkVersion)
    {
        var pending = new Pending(cohortId, new PatientWriteRequest(patient, checkVersion));
        if (!_requests.Writer.TryWrite(pending))
        {
            throw new OperationCanceledException("The API is shutting down.");
        }

        return pending.Completion.Task;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(() => RunWriterAsync(stoppingToken), CancellationToken.None)));
        _requests.Writer.TryComplete();
        while (_requests.Reader.TryRead(out var pending))
        {
            pending.Completion.TrySetCanceled();
        }

        foreach (var pending in _deferred)
        {
            pending.Completion.TrySetCanceled();
        }
    }

    private async Task RunWriterAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await _gathering.WaitAsync(stoppingToken);
                var gathering = true;
                void Gathered()
                {
                    if (gathering)
                    {
                        gathering = false;
                        _gathering.Release();
                    }
                }

                try
                {
                    if (_deferred.Count == 0 && !await _requests.Reader.WaitToReadAsync(stoppingToken))
                    {
                        return;
                    }

                    await WriteGroupAsync(NextGroup(), Gathered, stoppingToken);
                }
                finally
                {
                    Gathered();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // Whatever is waiting, up to MaxGroup, oldest first; a second request for a patient already in the group waits
    // for the next one.
    private List<Pending> NextGroup()
    {
        var group = new List<Pending>(MaxGroup);
        var keys = new HashSet<(Guid, string)>();
        var carried = _deferred.Count;
        for (var i = 0; i < carried; i++)
        {
            Add(_deferred.Dequeue());
        }

        while (group.Count < MaxGroup && _requests.Reader.TryRead(out var pending))
        {
            Add(pending);
        }

        return group;

        void Add(Pending pending)
        {
            if (group.Count < MaxGroup && keys.Add((pending.CohortId, pending.Request.Patient.ExternalId)))
            {
                group.Add(pending);
            }
            else
            {
                _deferred.Enqueue(pending);
            }
        }
    }

    private async Task WriteGroupAsync(List<Pending> group, Action gathered, CancellationToken stoppingToken)
    {
        foreach (var cohort in group.GroupBy(p => p.CohortId))
        {
            await WriteTogetherAsync(cohort.Key, cohort.ToList(), gathered, stoppingToken);
        }
    }

    // One transaction for the requests; each is answered with its result, its If-Match rejection or the failure.
    private async Task WriteTogetherAsync(Guid cohortId, List<Pending> requests, Action? gathered, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var writer = scope.ServiceProvider.GetRequiredService<PatientWriter>();
            var results = await writer.UpsertEachAsync(cohortId, requests.ConvertAll(p => p.Request), gathered, stoppingToken);
            for (var i = 0; i < requests.Count; i++)
            {
                if (results[i].Rejected is { } rejected)
                {
                    requests[i].Completion.TrySetException(rejected);
                }
                else
                {
                    requests[i].Completion.TrySetResult(results[i].Result!);
                }
            }
        }
        catch (Exception e) when (requests.Count > 1 && !stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("A group of {Count} patient writes failed ({Error}); writing them one by one", requests.Count, e.GetType().Name);
            foreach (var pending in requests)
            {
                await WriteTogetherAsync(cohortId, [pending], null, stoppingToken);
            }
        }
        catch (Exception e)
        {
            foreach (var pending in requests)
            {
                pending.Completion.TrySetException(e);
            }
        }
    }

    private sealed record Pending(Guid CohortId, PatientWriteRequest Request)
    {
        public TaskCompletionSource<PatientWriteResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
