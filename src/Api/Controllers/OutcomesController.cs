using System.Globalization;
using System.Text;
using System.Text.Json;
using HccOutcomes.Api.Errors;
using HccOutcomes.Api.Registry;
using HccOutcomes.Domain.Outcomes;
using HccOutcomes.Infrastructure.Outcomes;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HccOutcomes.Api.Controllers;

/// <summary>
/// Derived per-patient outcomes: best overall response (RECIST 1.1, mRECIST), ADTTE-like time-to-event rows
/// (OS, PFS per criteria) and safety summaries. Kept current on every write; each value explains itself.
/// </summary>
[ApiController]
[Route("api/v1/cohorts/{cohortId:guid}")]
public sealed class OutcomesController(HccDbContext db, PatientDocuments documents) : ControllerBase
{
    /// <summary>Every derived value of one patient, with its reasoning (timepoint by timepoint for response).</summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="externalId">Pseudonymous patient ID.</param>
    /// <param name="options">Derivation parameters.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpGet("patients/{externalId}/outcomes")]
    [Produces("application/json")]
    [ProducesResponseType<PatientOutcomesView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<PatientOutcomesView> PatientOutcomes(
        Guid cohortId, string externalId, [FromServices] IOptions<OutcomeOptions> options, CancellationToken cancellationToken)
    {
        var patient = await documents.LoadAsync(cohortId, externalId, cancellationToken);
        // Stored rows give the values; the timepoint derivation behind them is re-derived from the records.
        var evaluations = OutcomeDeriver.Derive(patient, options.Value).Evaluations;
        var stored = await db.PatientOutcomes.AsNoTracking().FirstOrDefaultAsync(o => o.PatientId == patient.Id, cancellationToken);

        return new PatientOutcomesView(
            patient.ExternalId,
            patient.Arm,
            patient.OnStudyDate,
            stored is null ? [] : stored.Responses().Select(r => new ResponseOutcomeView(
                r.Criteria, r.Source.ToString(), r.BestOverallResponse, r.ObjectiveResponse, r.DiseaseControl, r.ResponseDate,
                r.TimeToResponseDays, r.DurationOfResponseDays, r.DurationOfResponseCensored, r.BestPercentChange, r.BaselineSumMm,
                r.Reasoning, evaluations.Single(e => e.Criteria == r.Criteria))).ToList(),
            stored?.TimeToEvents() ?? [],
            stored?.KeyedSafety(),
            stored?.Terms() ?? []);
    }

    /// <summary>
    /// The cohort's per-patient outcome table (one row per patient) as JSON, or with <c>Accept: text/csv</c> an
    /// ADTTE-like tidy CSV for R/SAS/SPSS: one row per patient per parameter (OS, PFS_RECIST, PFS_MRECIST) with
    /// USUBJID, ARM, PARAMCD, PARAM, AVAL (days), AVALU, AVALM (months), CNSR, STARTDT, ADT, EVNTDESC, SRCREC.
    /// </summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpGet("outcomes")]
    [Produces("application/json", "text/csv")]
    [ProducesResponseType<IReadOnlyList<PatientOutcomeRow>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task CohortOutcomes(Guid cohortId, CancellationToken cancellationToken)
    {
        await documents.EnsureCohortExistsAsync(cohortId, cancellationToken);
        var wantsCsv = Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            if (wantsCsv)
            {
                await OutcomeTableWriter.WriteAdtteCsvAsync(connection, cohortId, Response, cancellationToken);
            }
            else
            {
                await OutcomeTableWriter.WriteJsonAsync(connection, cohortId, Response, cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Recomputes every derived outcome of the cohort from its stored records (after a rule or parameter change),
    /// in one transaction. Returns the number of patients derived.
    /// </summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="options">Derivation parameters.</param>
    /// <param name="tuning">Recompute chunk size.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpPost("outcomes/recompute")]
    [Produces("application/json")]
    [ProducesResponseType<RecomputeResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<RecomputeResult> Recompute(
        Guid cohortId, [FromServices] IOptions<OutcomeOptions> options, [FromServices] IOptions<PersistenceTuning> tuning, CancellationToken cancellationToken)
    {
        await documents.EnsureCohortExistsAsync(cohortId, cancellationToken);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var count = await OutcomeRecomputer.RecomputeCohortAsync(db, cohortId, options.Value, tuning.Value, cancellationToken);
        return new RecomputeResult(count, started.Elapsed.TotalSeconds);
    }
}

/// <summary>Result of a recompute.</summary>
/// <param name="Patients">Patients whose outcomes were derived.</param>
/// <param name="Seconds">Elapsed time.</param>
public sealed record RecomputeResult(int Patients, double Seconds);

/// <summary>All derived values of one patient.</summary>
/// <param name="ExternalId">Pseudonymous patient ID.</param>
/// <param name="Arm">Arm.</param>
/// <param name="OnStudyDate">Index date.</param>
/// <param name="Responses">Best overall response per criteria, with the timepoint derivation in <c>explanation</c>.</param>
/// <param name="TimeToEvent">OS and PFS rows (ADTTE-like).</param>
/// <param name="Safety">Safety summary.</param>
/// <param name="SafetyTerms">Worst grades per CTCAE term.</param>
public sealed record PatientOutcomesView(
    string ExternalId,
    string Arm,
    DateOnly OnStudyDate,
    IReadOnlyList<ResponseOutcomeView> Responses,
    IReadOnlyList<TimeToEventOutcome> TimeToEvent,
    SafetyOutcome? Safety,
    IReadOnlyList<SafetyTermOutcome> SafetyTerms);

/// <summary>Best overall response under one criteria.</summary>
/// <param name="Criteria">recist11 or mrecist.</param>
/// <param name="Source">Measurements, Investigator or None.</param>
/// <param name="BestOverallResponse">CR, PR, SD, PD or NE.</param>
/// <param name="ObjectiveResponse">CR or PR.</param>
/// <param name="DiseaseControl">CR, PR or SD.</param>
/// <param name="ResponseDate">First confirmed CR/PR date.</param>
/// <param name="TimeToResponseDays">On-study to response.</param>
/// <param name="DurationOfResponseDays">Response to progression or censoring.</param>
/// <param name="DurationOfResponseCensored">No progression after response.</param>
/// <param name="BestPercentChange">Waterfall value.</param>
/// <param name="BaselineSumMm">Baseline sum of diameters.</param>
/// <param name="Reasoning">Why this best response.</param>
/// <param name="Explanation">Timepoint-by-timepoint derivation with reasoning, discrepancies with the investigator, notes.</param>
public sealed record ResponseOutcomeView(
    HccOutcomes.Domain.Criteria Criteria,
    string Source,
    HccOutcomes.Domain.ResponseCategory BestOverallResponse,
    bool ObjectiveResponse,
    bool DiseaseControl,
    DateOnly? ResponseDate,
    int? TimeToResponseDays,
    int? DurationOfResponseDays,
    bool? DurationOfResponseCensored,
    double? BestPercentChange,
    double? BaselineSumMm,
    string Reasoning,
    HccOutcomes.Domain.Response.ResponseEvaluation Explanation);

/// <summary>One patient's row of the cohort outcome table.</summary>
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

/// <summary>Streams the cohort outcome table straight from PostgreSQL to the response (no full materialisation).</summary>
internal static class OutcomeTableWriter
{
    private const string WideSql = $"""
        SELECT p.external_id, p.arm, p.on_study_date,
               o.recist_best_overall_response, o.mrecist_best_overall_response, o.recist_best_percent_change, o.mrecist_best_percent_change,
               o.os_months, o.os_censored, o.pfs_recist_months, o.pfs_recist_censored, o.pfs_mrecist_months, o.pfs_mrecist_censored,
               o.safety_worst_grade_treatment_related, o.safety_any_grade3plus_treatment_related
        {DerivedRows.PatientsWithOutcomes}
        ORDER BY p.external_id
        """;

    // The three parameters of a patient, in PARAMCD order; the CSV has one line per patient and parameter.
    private static readonly string[] AdtteParameters = [StoredOutcomes.OsCode, StoredOutcomes.PfsMrecistCode, StoredOutcomes.PfsRecistCode];

    private static readonly string[] TimeToEventColumns = ["param", "days", "months", "censored", "start_date", "analysis_date", "event_description", "source_record"];

    // One row per patient, sorted once, with the column group of each parameter (os_, pfs_mrecist_, pfs_recist_).
    private static readonly string AdtteSql = $"""
        SELECT p.external_id, p.arm, {string.Join(", ", AdtteParameters
            .SelectMany(code => TimeToEventColumns.Select(c => $"o.{code.ToLowerInvariant()}_{c}")))}
        FROM patient_outcomes o JOIN patients p ON p.id = o.patient_id
        WHERE o.cohort_id = @cohort
        ORDER BY p.external_id
        """;

    // Property names encoded once, not on every row.
    private static readonly JsonEncodedText[] JsonNames = [.. new[]
    {
        "externalId", "arm", "onStudyDate", "borRecist", "borMrecist", "bestPercentChangeRecist", "bestPercentChangeMrecist",
        "osMonths", "osCensored", "pfsRecistMonths", "pfsRecistCensored", "pfsMrecistMonths", "pfsMrecistCensored",
        "worstGradeTreatmentRelated", "anyGrade3PlusTreatmentRelated",
    }.Select(name => JsonEncodedText.Encode(name))];

    public static async Task WriteJsonAsync(NpgsqlConnection connection, Guid cohortId, HttpResponse response, CancellationToken ct)
    {
        response.ContentType = "application/json; charset=utf-8";
        await using var command = new NpgsqlCommand(WideSql, connection);
        command.Parameters.AddWithValue("cohort", cohortId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await using var json = new Utf8JsonWriter(response.BodyWriter.AsStream());
        json.WriteStartArray();
        while (await reader.ReadAsync(ct))
        {
            WriteJsonRow(json, reader);
            if (json.BytesPending > 32 * 1024)
            {
                await json.FlushAsync(ct);
            }
        }

        json.WriteEndArray();
        await json.FlushAsync(ct);
    }

    private static void WriteJsonRow(Utf8JsonWriter json, NpgsqlDataReader reader)
    {
        json.WriteStartObject();
        json.WriteString(JsonNames[0], reader.GetString(0));
        json.WriteString(JsonNames[1], reader.GetString(1));
        Span<byte> date = stackalloc byte[10];
        Utf8Csv.IsoDate(date, reader.GetFieldValue<DateOnly>(2));
        json.WriteString(JsonNames[2], date);
        WriteString(json, JsonNames[3], reader, 3);
        WriteString(json, JsonNames[4], reader, 4);
        WriteNumber(json, JsonNames[5], reader, 5);
        WriteNumber(json, JsonNames[6], reader, 6);
        WriteNumber(json, JsonNames[7], reader, 7);
        WriteBool(json, JsonNames[8], reader, 8);
        WriteNumber(json, JsonNames[9], reader, 9);
        WriteBool(json, JsonNames[10], reader, 10);
        WriteNumber(json, JsonNames[11], reader, 11);
        WriteBool(json, JsonNames[12], reader, 12);
        if (reader.IsDBNull(13))
        {
            json.WriteNull(JsonNames[13]);
        }
        else
        {
            json.WriteNumber(JsonNames[13], reader.GetInt32(13));
        }

        WriteBool(json, JsonNames[14], reader, 14);
        json.WriteEndObject();
    }

    public static async Task WriteAdtteCsvAsync(NpgsqlConnection connection, Guid cohortId, HttpResponse response, CancellationToken ct)
    {
        response.ContentType = "text/csv; charset=utf-8";
        await using var command = new NpgsqlCommand(AdtteSql, connection);
        command.Parameters.AddWithValue("cohort", cohortId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var pipe = response.BodyWriter;
        var pending = Utf8Csv.Line(pipe, ["USUBJID", "ARM", "PARAMCD", "PARAM", "AVAL", "AVALU", "AVALM", "CNSR", "STARTDT", "ADT", "EVNTDESC", "SRCREC"]);
        while (await reader.ReadAsync(ct))
        {
            var subject = reader.GetString(0);
            var arm = reader.GetString(1);
            for (var k = 0; k < AdtteParameters.Length; k++)
            {
                var i = 2 + (k * TimeToEventColumns.Length);
                pending += Utf8Csv.AdtteLine(
                    pipe, subject, arm, AdtteParameters[k], reader.GetString(i), reader.GetInt32(i + 1), reader.GetDouble(i + 2),
                    reader.GetBoolean(i + 3), reader.GetFieldValue<DateOnly>(i + 4), reader.GetFieldValue<DateOnly>(i + 5),
                    reader.GetString(i + 6), reader.GetString(i + 7));
            }

            if (pending > 64 * 1024)
            {
                await pipe.FlushAsync(ct);
                pending = 0;
            }
        }

        await pipe.FlushAsync(ct);
    }

    private static void WriteString(Utf8JsonWriter json, JsonEncodedText name, NpgsqlDataReader reader, int i)
    {
        if (reader.IsDBNull(i))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, reader.GetString(i));
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, JsonEncodedText name, NpgsqlDataReader reader, int i)
    {
        if (reader.IsDBNull(i))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, reader.GetDouble(i));
        }
    }

    private static void WriteBool(Utf8JsonWriter json, JsonEncodedText name, NpgsqlDataReader reader, int i)
    {
        if (reader.IsDBNull(i))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteBoolean(name, reader.GetBoolean(i));
        }
    }
}

/// <summary>
/// CSV lines (RFC 4180 quoting, "\n" line ends) encoded as UTF-8 straight into the response pipe: one span per line,
/// numbers and dates formatted in place, no intermediate strings. A 100,000-patient ADTTE table is 300,000 lines.
/// </summary>
internal static class Utf8Csv
{
    private static readonly System.Text.Encoding Utf8 = new UTF8Encoding(false);

    /// <summary>A line of text fields; returns the bytes written.</summary>
    public static int Line(System.IO.Pipelines.PipeWriter pipe, string[] fields)
    {
        var span = pipe.GetSpan(fields.Sum(Bound) + fields.Length);
        var n = 0;
        foreach (var field in fields)
        {
            n = Field(span, n, field);
        }

        span[n - 1] = (byte)'\n';
        pipe.Advance(n);
        return n;
    }

    /// <summary>One ADTTE line (USUBJID … SRCREC); returns the bytes written.</summary>
    public static int AdtteLine(
        System.IO.Pipelines.PipeWriter pipe, string subject, string arm, string code, string parameter, int days, double months,
        bool censored, DateOnly start, DateOnly analysis, string description, string source)
    {
        var span = pipe.GetSpan(Bound(subject) + Bound(arm) + Bound(code) + Bound(parameter) + Bound(description) + Bound(source) + 96);
        var n = Field(span, 0, subject);
        n = Field(span, n, arm);
        n = Field(span, n, code);
        n = Field(span, n, parameter);
        days.TryFormat(span[n..], out var w, default, CultureInfo.InvariantCulture);
        n += w;
        ",DAYS,"u8.CopyTo(span[n..]);
        n += 6;
        months.TryFormat(span[n..], out w, default, CultureInfo.InvariantCulture); // shortest round-trip, as "R"
        n += w;
        (censored ? ",1,"u8 : ",0,"u8).CopyTo(span[n..]);
        n += 3;
        n += IsoDate(span[n..], start);
        span[n++] = (byte)',';
        n += IsoDate(span[n..], analysis);
        span[n++] = (byte)',';
        n = Field(span, n, description);
        n += Text(span[n..], source);
        span[n++] = (byte)'\n';
        pipe.Advance(n);
        return n;
    }

    // The field at n, then a comma; returns the position after the comma.
    private static int Field(Span<byte> span, int n, string value)
    {
        n += Text(span[n..], value);
        span[n] = (byte)',';
        return n + 1;
    }

    /// <summary>yyyy-MM-dd (a DateOnly's year has at most four digits): 10 bytes, without parsing a format string.</summary>
    public static int IsoDate(Span<byte> span, DateOnly date)
    {
        var (year, month, day) = (date.Year, date.Month, date.Day);
        span[0] = (byte)('0' + (year / 1000));
        span[1] = (byte)('0' + (year / 100 % 10));
        span[2] = (byte)('0' + (year / 10 % 10));
        span[3] = (byte)('0' + (year % 10));
        span[4] = (byte)'-';
        span[5] = (byte)('0' + (month / 10));
        span[6] = (byte)('0' + (month % 10));
        span[7] = (byte)'-';
        span[8] = (byte)('0' + (day / 10));
        span[9] = (byte)('0' + (day % 10));
        return 10;
    }

    // At most 3 bytes per UTF-16 unit, doubled by quote escaping, plus the two quotes.
    private static int Bound(string value) => (6 * value.Length) + 2;

    private static int Text(Span<byte> span, string value) => Utf8.GetBytes(Csv.Field(value), span);
}

/// <summary>RFC 4180 quoting.</summary>
internal static class Csv
{
    public static StringBuilder Append(StringBuilder sb, string value) => sb.Append(Field(value));

    /// <summary>The value as a CSV field: unchanged, or quoted with its quotes doubled when it holds a comma, quote or line break.</summary>
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : '"' + value.Replace("\"", "\"\"", StringComparison.Ordinal) + '"';
}
