using Npgsql;
using NpgsqlTypes;

namespace HccOutcomes.Infrastructure.Outcomes;

/// <summary>Deletes derived outcome rows (they have no foreign key to cascade from; see OutcomeConfigurations).</summary>
public static class DerivedRows
{
    /// <summary>The derived tables.</summary>
    public static readonly string[] Tables = ["response_outcomes", "time_to_event_outcomes", "safety_outcomes", "safety_term_outcomes"];

    /// <summary>Deletes the derived rows of the given patients, in the caller's transaction.</summary>
    public static Task DeleteForPatientsAsync(NpgsqlConnection connection, Guid[] patientIds, CancellationToken cancellationToken) =>
        DeleteAsync(connection, "patient_id = ANY($1)", new NpgsqlParameter { Value = patientIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid }, cancellationToken);

    /// <summary>Deletes every derived row of a cohort, in the caller's transaction.</summary>
    public static Task DeleteForCohortAsync(NpgsqlConnection connection, Guid cohortId, CancellationToken cancellationToken) =>
        DeleteAsync(connection, "cohort_id = $1", new NpgsqlParameter { Value = cohortId, NpgsqlDbType = NpgsqlDbType.Uuid }, cancellationToken);

    private static async Task DeleteAsync(NpgsqlConnection connection, string where, NpgsqlParameter parameter, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var table in Tables)
        {
            var command = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE {where}");
            command.Parameters.Add(parameter.Clone());
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
