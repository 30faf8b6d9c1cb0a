using HccOutcomes.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HccOutcomes.Infrastructure.Registry;

/// <summary>
/// Group commit for single-patient PUTs (ADR 0021). Concurrent PUTs of one cohort are written together, in one
/// transaction of <see cref="PatientWriter.UpsertEachAsync"/>: one statement per table and one commit for the group
/// instead of per patient, which is most of a PUT's cost in PostgreSQL and in the API's round trips.
/// </summary>
/// <remarks>
/// A PUT waits here, first come first served, after its validation and mapping. At most
/// <see cref="PersistenceTuning.GroupCommitWriters"/> groups are written at a time; a writer takes the oldest waiting PUT
/// and every other waiting one of the same cohort, up to <see cref="PersistenceTuning.GroupCommitMaxPatients"/> and one
/// per patient (a second PUT of the same patient waits for the next group, so the writes of a patient stay in order).
/// A PUT that finds a writer free is written at once, alone; groups form only while the writers are busy, so a group
/// never waits for company.
/// Each PUT keeps its own answer: its <c>If-Match</c> check and its site are decided under the row lock for it alone,
/// and it is answered only after the commit. A group that fails for any other reason than its cohort (missing,
/// locked) is written again one PUT at a time, so one bad PUT never fails another.
/// With <see cref="PersistenceTuning.GroupCommitMaxPatients"/> at 1, every PUT is written in its own request, alone.
/// </remarks>
public sealed class PatientWriteQueue(IServiceScopeFactory scopes, IOptions<PersistenceTuning> tuning, ILogger<PatientWriteQueue> logger)
{
    private readonly PersistenceTuning _tuning = tuning.Value;
    private readonly Lock _gate = new();
    private readonly LinkedList<Pending> _waiting = new();
    private int _writers;

    /// <summary>PUTs waiting for a writer.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>
    /// Writes one patient, possibly together with other requests' patients of the same cohort, and returns its result,
    /// or throws what <see cref="PatientWriter.UpsertEachAsync"/> answered for it. Cancelled (the client left), the
    /// request stops waiting at once; a write that no group has taken yet is dropped, one already taken is finished
    /// with its group. Either way it was never acknowledged, and the client's retry (idempotent) is answered as usual.
    /// </summary>
    public async Task<PatientWriteResult> WriteAsync(Guid cohortId, PatientWrite write, CancellationToken cancellationToken)
    {
        if (_tuning.GroupCommitMaxPatients <= 1)
        {
            await using var scope = scopes.CreateAsyncScope();
            var alone = await scope.ServiceProvider.GetRequiredService<PatientWriter>().UpsertEachAsync(cohortId, [write], cancellationToken);
            return Answer(alone[0]);
        }

        var pending = new Pending(cohortId, write);
        bool startWriter;
        lock (_gate)
        {
            pending.Node = _waiting.AddLast(pending);
            startWriter = _writers < Math.Max(1, _tuning.GroupCommitWriters);
            if (startWriter)
            {
                _writers++;
            }
        }

        if (startWriter)
        {
            // The writer outlives this request and writes others': it must not carry this request's context along.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(WriteGroupsAsync, CancellationToken.None);
            }
        }

        try
        {
            return Answer(await pending.Answer.Task.WaitAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Withdraw(pending);
            throw;
        }
    }

    private static PatientWriteResult Answer(PatientWriteAnswer answer)
    {
        answer.Failure?.Throw();
        return answer.Result!;
    }

    // A PUT whose client left is taken out of the queue, unless a writer has taken it already.
    private void Withdraw(Pending pending)
    {
        lock (_gate)
        {
            if (pending.Node?.List is not null)
            {
                _waiting.Remove(pending.Node);
            }
        }
    }

    private async Task WriteGroupsAsync()
    {
        while (true)
        {
            List<Pending> group;
            lock (_gate)
            {
                group = TakeGroup();
                if (group.Count == 0)
                {
                    _writers--;
                    return;
                }
            }

            try
            {
                await WriteGroupAsync(group);
            }
            catch (Exception e)
            {
                // Only the scope's disposal can throw here: every PUT of the group has its answer already, and the
                // writer must live on (its slot is given back only when the queue is empty).
                logger.LogError(e, "A group commit writer failed after writing its group");
            }
        }
    }

    // The oldest waiting PUT and the waiting ones of its cohort after it, one per patient. Called under the gate.
    private List<Pending> TakeGroup()
    {
        var group = new List<Pending>();
        var first = _waiting.First;
        if (first is null)
        {
            return group;
        }

        var patients = new HashSet<string>(StringComparer.Ordinal);
        for (var node = first; node is not null && group.Count < _tuning.GroupCommitMaxPatients;)
        {
            var next = node.Next;
            var pending = node.Value;
            if (pending.CohortId == first.Value.CohortId && patients.Add(pending.Write.Patient.ExternalId))
            {
                _waiting.Remove(node);
                group.Add(pending);
            }

            node = next;
        }

        return group;
    }

    private async Task WriteGroupAsync(List<Pending> group)
    {
        await using var scope = scopes.CreateAsyncScope();
        IReadOnlyList<PatientWriteAnswer> answers;
        try
        {
            answers = await scope.ServiceProvider.GetRequiredService<PatientWriter>()
                .UpsertEachAsync(group[0].CohortId, group.Select(p => p.Write).ToList(), CancellationToken.None);
        }
        catch (Exception e) when (group.Count > 1 && e is not (CohortNotFoundException or CohortLockedException))
        {
            logger.LogWarning(e, "A group of {Count} PUTs failed as a whole; writing them one at a time", group.Count);
            foreach (var pending in group)
            {
                await WriteGroupAsync([pending]);
            }

            return;
        }
        catch (Exception e)
        {
            foreach (var pending in group)
            {
                pending.Answer.TrySetException(e);
            }

            return;
        }

        for (var i = 0; i < group.Count; i++)
        {
            group[i].Answer.TrySetResult(answers[i]);
        }
    }

    private sealed class Pending(Guid cohortId, PatientWrite write)
    {
        public Guid CohortId { get; } = cohortId;

        public PatientWrite Write { get; } = write;

        public LinkedListNode<Pending>? Node { get; set; }

        // Completed by a writer's thread: the request continues on its own.
        public TaskCompletionSource<PatientWriteAnswer> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
