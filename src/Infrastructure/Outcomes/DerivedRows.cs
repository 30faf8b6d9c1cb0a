using Npgsql;
using NpgsqlTypes;

namespace HccOutcomes.Infrastructure.Outcomes;

/// <summary>
/// The derived outcome table: how a patient's row is joined for reading, and how the rows are deleted before they are
/// written again (a large replace, a recompute). Deleting a patient or cohort deletes its rows by foreign-key cascade.
/// </summary>
public static class DerivedRows
{
    /// <summary>
    /// SQL <c>FROM … WHERE</c>: the patients of cohort <c>@cohort</c> (<c>p</c>), one row each, with their derived outcomes
    /// (<c>o</c>, <see cref="StoredOutcomes"/>: column groups <c>recist_</c>, <c>mrecist_</c>, <c>os_</c>, <c>pfs_recist_</c>,
    /// <c>pfs_mrecist_</c>, <c>safety_</c>). Shared by the comparison's rows and the outcome table export.
    /// </summary>
    public const string PatientsWithOutcomes = """
        FROM patients p
        LEFT JOIN patient_outcomes o ON o.patient_id = p.id
        WHERE p.cohort_id = @cohort
        """;

    /// <summary>Deletes the derived outcomes of the given patients, in the caller's transaction.</summary>
    public static Task DeleteForPatientsAsync(NpgsqlConnection connection, Guid[] patientIds, CancellationToken cancellationToken) =>
        DeleteAsync(connection, "patient_id = ANY($1)", new NpgsqlParameter { Value = patientIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid }, cancellationToken);

    /// <summary>Deletes the derived outcomes of a cohort, in the caller's transaction.</summary>
    public static Task DeleteForCohortAsync(NpgsqlConnection connection, Guid cohortId, CancellationToken cancellationToken) =>
        DeleteAsync(connection, "cohort_id = $1", new NpgsqlParameter { Value = cohortId, NpgsqlDbType = NpgsqlDbType.Uuid }, cancellationToken);

    private static async Task DeleteAsync(NpgsqlConnection connection, string where, NpgsqlParameter parameter, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"DELETE FROM patient_outcomes WHERE {where}", connection) { Parameters = { parameter } };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
