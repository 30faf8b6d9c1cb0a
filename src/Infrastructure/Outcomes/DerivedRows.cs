using Npgsql;
using NpgsqlTypes;

namespace HccOutcomes.Infrastructure.Outcomes;

/// <summary>
/// The derived outcome tables: how a patient's rows are joined for reading, and how they are deleted (they have no foreign
/// key to cascade from; see OutcomeConfigurations).
/// </summary>
public static class DerivedRows
{
    /// <summary>
    /// SQL <c>FROM … WHERE</c>: the patients of cohort <c>@cohort</c> (<c>p</c>), one row each, with their derived rows
    /// joined as <c>rr</c>/<c>rm</c> (best response by RECIST 1.1 / mRECIST), <c>os</c>, <c>pr</c>, <c>pm</c> (OS, PFS by
    /// RECIST 1.1 / mRECIST) and <c>s</c> (safety). Shared by the comparison's rows and the outcome table export.
    /// </summary>
    public const string PatientsWithOutcomes = """
        FROM patients p
        LEFT JOIN response_outcomes rr ON rr.patient_id = p.id AND rr.criteria = 'Recist11'
        LEFT JOIN response_outcomes rm ON rm.patient_id = p.id AND rm.criteria = 'MRecist'
        LEFT JOIN time_to_event_outcomes os ON os.patient_id = p.id AND os.param_cd = 'OS'
        LEFT JOIN time_to_event_outcomes pr ON pr.patient_id = p.id AND pr.param_cd = 'PFS_RECIST'
        LEFT JOIN time_to_event_outcomes pm ON pm.patient_id = p.id AND pm.param_cd = 'PFS_MRECIST'
        LEFT JOIN safety_outcomes s ON s.patient_id = p.id
        WHERE p.cohort_id = @cohort
        """;

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
