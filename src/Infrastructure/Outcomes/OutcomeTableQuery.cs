using System.Runtime.CompilerServices;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HccOutcomes.Infrastructure.Outcomes;

/// <summary>
/// One patient's row of the cohort outcome table, derived under the cohort's derivation settings (or at the request's
/// data cut-off); see "Derivation conventions" in the README for every rule and constant with its source.
/// </summary>
/// <param name="ExternalId">Pseudonymous patient ID.</param>
/// <param name="Arm">Arm.</param>
/// <param name="OnStudyDate">Index date.</param>
/// <param name="BorRecist">Best overall response, RECIST 1.1.</param>
/// <param name="BorMrecist">Best overall response, mRECIST.</param>
/// <param name="BestPercentChangeRecist">Waterfall value, RECIST 1.1.</param>
/// <param name="BestPercentChangeMrecist">Waterfall value, mRECIST.</param>
/// <param name="OsMonths">OS time (months).</param>
/// <param name="OsCensored">OS censored.</param>
/// <param name="PfsRecistMonths">PFS (RECIST 1.1) time (months).</param>
/// <param name="PfsRecistCensored">PFS (RECIST 1.1) censored.</param>
/// <param name="PfsMrecistMonths">PFS (mRECIST) time (months).</param>
/// <param name="PfsMrecistCensored">PFS (mRECIST) censored.</param>
/// <param name="WorstGradeTreatmentRelated">Worst treatment-related AE grade.</param>
/// <param name="AnyGrade3PlusTreatmentRelated">Any grade ≥ 3 TRAE.</param>
public sealed record PatientOutcomeRow(
    string ExternalId, string Arm, DateOnly OnStudyDate, string? BorRecist, string? BorMrecist,
    double? BestPercentChangeRecist, double? BestPercentChangeMrecist, double? OsMonths, bool? OsCensored,
    double? PfsRecistMonths, bool? PfsRecistCensored, double? PfsMrecistMonths, bool? PfsMrecistCensored,
    int? WorstGradeTreatmentRelated, bool? AnyGrade3PlusTreatmentRelated);

/// <summary>One time-to-event parameter of one patient, as a line of the ADTTE-like CSV.</summary>
/// <param name="Subject">USUBJID: the patient's external ID.</param>
/// <param name="Arm">ARM.</param>
/// <param name="ParamCd">PARAMCD: OS, PFSCLIN, PFS_MRECIST or PFS_RECIST.</param>
/// <param name="Param">PARAM: the parameter's label.</param>
/// <param name="Days">AVAL in days.</param>
/// <param name="Months">AVALM: days / 30.4375.</param>
/// <param name="Censored">CNSR.</param>
/// <param name="StartDate">STARTDT: the index date.</param>
/// <param name="AnalysisDate">ADT: the event or censoring date.</param>
/// <param name="EventDescription">EVNTDESC.</param>
/// <param name="SourceRecord">SRCREC: the record the date came from.</param>
/// <param name="BorRecist">BORRECIST: the patient's best overall response under RECIST 1.1.</param>
/// <param name="BorMrecist">BORMRECIST: the patient's best overall response under mRECIST.</param>
/// <param name="SettingsVersion">SETVER: the version of the cohort's derivation settings the row was derived under.</param>
/// <param name="DataCutoffDate">DCUTDT: the data cut-off the row was derived at; null when every record was used.</param>
public sealed record AdtteRow(
    string Subject, string Arm, string ParamCd, string Param, int Days, double Months, bool Censored,
    DateOnly StartDate, DateOnly AnalysisDate, string EventDescription, string SourceRecord,
    string BorRecist, string BorMrecist, int SettingsVersion, DateOnly? DataCutoffDate);

/// <summary>
/// The cohort outcome table, read straight from PostgreSQL in externalId order and handed on row by row (a
/// 100,000-patient cohort is never held in memory).
/// </summary>
public static class OutcomeTableQuery
{
    private const string PatientRowsSql = $"""
        SELECT p.external_id, p.arm, p.on_study_date,
               o.recist_best_overall_response, o.mrecist_best_overall_response, o.recist_best_percent_change, o.mrecist_best_percent_change,
               o.os_months, o.os_censored, o.pfs_recist_months, o.pfs_recist_censored, o.pfs_mrecist_months, o.pfs_mrecist_censored,
               o.safety_worst_grade_treatment_related, o.safety_any_grade3plus_treatment_related
        {DerivedRows.PatientsWithOutcomes}
        ORDER BY p.external_id
        """;

    // The four parameters of a patient, in PARAMCD order, and their column groups (os_, pfs_clin_, pfs_mrecist_, pfs_recist_).
    private static readonly string[] ParameterCodes =
        [StoredOutcomes.OsCode, StoredOutcomes.PfsClinCode, StoredOutcomes.PfsMrecistCode, StoredOutcomes.PfsRecistCode];

    private static readonly string[] ParameterGroups = ["os", "pfs_clin", "pfs_mrecist", "pfs_recist"];

    private static readonly string[] ParameterColumns = ["param", "days", "months", "censored", "start_date", "analysis_date", "event_description", "source_record"];

    private static readonly string TimeToEventSql = $"""
        SELECT p.external_id, p.arm, o.recist_best_overall_response, o.mrecist_best_overall_response, o.settings_version, o.data_cutoff_date,
               {string.Join(", ", ParameterGroups.SelectMany(group => ParameterColumns.Select(c => $"o.{group}_{c}")))}
        FROM patient_outcomes o JOIN patients p ON p.id = o.patient_id
        WHERE o.cohort_id = @cohort
        ORDER BY p.external_id
        """;

    /// <summary>One row per patient (patients without derived outcomes have nulls).</summary>
    public static async IAsyncEnumerable<PatientOutcomeRow> PatientRowsAsync(
        HccDbContext db, Guid cohortId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reading = await ReadAsync(db, PatientRowsSql, cohortId, cancellationToken);
        var r = reading.Reader;
        while (await r.ReadAsync(cancellationToken))
        {
            yield return new PatientOutcomeRow(
                r.GetString(0), r.GetString(1), r.GetFieldValue<DateOnly>(2), Text(r, 3), Text(r, 4), Number(r, 5), Number(r, 6),
                Number(r, 7), Flag(r, 8), Number(r, 9), Flag(r, 10), Number(r, 11), Flag(r, 12),
                r.IsDBNull(13) ? null : r.GetInt32(13), Flag(r, 14));
        }
    }

    /// <summary>One row per patient and time-to-event parameter (OS, PFSCLIN, PFS_MRECIST, PFS_RECIST), patients in externalId order.</summary>
    public static async IAsyncEnumerable<AdtteRow> AdtteRowsAsync(
        HccDbContext db, Guid cohortId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reading = await ReadAsync(db, TimeToEventSql, cohortId, cancellationToken);
        var r = reading.Reader;
        while (await r.ReadAsync(cancellationToken))
        {
            var subject = r.GetString(0);
            var arm = r.GetString(1);
            var (borRecist, borMrecist, version) = (r.GetString(2), r.GetString(3), r.GetInt32(4));
            DateOnly? cutoff = r.IsDBNull(5) ? null : r.GetFieldValue<DateOnly>(5);
            for (var k = 0; k < ParameterCodes.Length; k++)
            {
                var i = 6 + (k * ParameterColumns.Length);
                yield return new AdtteRow(
                    subject, arm, ParameterCodes[k], r.GetString(i), r.GetInt32(i + 1), r.GetDouble(i + 2), r.GetBoolean(i + 3),
                    r.GetFieldValue<DateOnly>(i + 4), r.GetFieldValue<DateOnly>(i + 5), r.GetString(i + 6), r.GetString(i + 7),
                    borRecist, borMrecist, version, cutoff);
            }
        }
    }

    /// <summary>The rows of <see cref="PatientRowsAsync"/> for outcomes derived on the fly (<see cref="DerivedCohort"/>).</summary>
    public static async IAsyncEnumerable<PatientOutcomeRow> PatientRowsOf(IAsyncEnumerable<(Domain.Registry.Patient Patient, StoredOutcomes Outcomes)> derived)
    {
        await foreach (var (p, o) in derived)
        {
            yield return new PatientOutcomeRow(
                p.ExternalId, p.Arm, p.OnStudyDate, o.Recist.BestOverallResponse.ToString(), o.Mrecist.BestOverallResponse.ToString(),
                o.Recist.BestPercentChange, o.Mrecist.BestPercentChange, o.Os.Months, o.Os.Censored, o.PfsRecist.Months, o.PfsRecist.Censored,
                o.PfsMrecist.Months, o.PfsMrecist.Censored, o.Safety.WorstGradeTreatmentRelated, o.Safety.AnyGrade3PlusTreatmentRelated);
        }
    }

    /// <summary>The rows of <see cref="AdtteRowsAsync"/> for outcomes derived on the fly (<see cref="DerivedCohort"/>).</summary>
    public static async IAsyncEnumerable<AdtteRow> AdtteRowsOf(IAsyncEnumerable<(Domain.Registry.Patient Patient, StoredOutcomes Outcomes)> derived)
    {
        await foreach (var (p, o) in derived)
        {
            foreach (var t in o.TimeToEvents())
            {
                yield return new AdtteRow(
                    p.ExternalId, p.Arm, t.ParamCd, t.Param, t.Days, t.Months, t.Censored, t.StartDate, t.AnalysisDate, t.EventDescription,
                    t.SourceRecord, o.Recist.BestOverallResponse.ToString(), o.Mrecist.BestOverallResponse.ToString(), o.SettingsVersion, o.DataCutoffDate);
            }
        }
    }

    private static async Task<Reading> ReadAsync(HccDbContext db, string sql, Guid cohortId, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
        command.Parameters.AddWithValue("cohort", cohortId);
        return new Reading(db, command, await command.ExecuteReaderAsync(cancellationToken));
    }

    // The open reader, its command and the context's connection, closed together.
    private sealed record Reading(HccDbContext Db, NpgsqlCommand Command, NpgsqlDataReader Reader) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Reader.DisposeAsync();
            await Command.DisposeAsync();
            await Db.Database.CloseConnectionAsync();
        }
    }

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static double? Number(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);

    private static bool? Flag(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetBoolean(i);
}
