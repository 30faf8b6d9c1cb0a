using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using HccOutcomes.Infrastructure.Outcomes;

namespace HccOutcomes.Api.Outcomes;

/// <summary>The cohort's time-to-event parameters as an ADTTE-like CSV, written into the response as the rows arrive.</summary>
internal static class AdtteCsv
{
    private static readonly string[] Header = ["USUBJID", "ARM", "PARAMCD", "PARAM", "AVAL", "AVALU", "AVALM", "CNSR", "STARTDT", "ADT", "EVNTDESC", "SRCREC", "BORRECIST", "BORMRECIST", "SETVER", "DCUTDT"];

    public static async Task WriteAsync(HttpResponse response, IAsyncEnumerable<AdtteRow> rows, CancellationToken cancellationToken)
    {
        response.ContentType = "text/csv; charset=utf-8";
        var pipe = response.BodyWriter;
        var pending = Utf8Csv.Line(pipe, Header);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            pending += Utf8Csv.AdtteLine(
                pipe, row.Subject, row.Arm, row.ParamCd, row.Param, row.Days, row.Months, row.Censored, row.StartDate,
                row.AnalysisDate, row.EventDescription, row.SourceRecord, row.BorRecist, row.BorMrecist, row.SettingsVersion, row.DataCutoffDate);
            if (pending > 64 * 1024)
            {
                await pipe.FlushAsync(cancellationToken);
                pending = 0;
            }
        }

        await pipe.FlushAsync(cancellationToken);
    }
}

/// <summary>
/// CSV lines (RFC 4180 quoting, "\n" line ends) encoded as UTF-8 straight into the response pipe: one span per line,
/// numbers and dates formatted in place, no intermediate strings. A 100,000-patient ADTTE table is 300,000 lines.
/// </summary>
internal static class Utf8Csv
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    /// <summary>A line of text fields; returns the bytes written.</summary>
    public static int Line(PipeWriter pipe, string[] fields)
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

    /// <summary>One ADTTE line (USUBJID … SRCREC, BORRECIST, BORMRECIST, SETVER, DCUTDT); returns the bytes written.</summary>
    public static int AdtteLine(
        PipeWriter pipe, string subject, string arm, string code, string parameter, int days, double months,
        bool censored, DateOnly start, DateOnly analysis, string description, string source,
        string borRecist, string borMrecist, int settingsVersion, DateOnly? cutoff)
    {
        var span = pipe.GetSpan(Bound(subject) + Bound(arm) + Bound(code) + Bound(parameter) + Bound(description) + Bound(source)
            + Bound(borRecist) + Bound(borMrecist) + 128);
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
        n = Field(span, n, source);
        n = Field(span, n, borRecist);
        n = Field(span, n, borMrecist);
        settingsVersion.TryFormat(span[n..], out w, default, CultureInfo.InvariantCulture);
        n += w;
        span[n++] = (byte)',';
        if (cutoff is { } c)
        {
            n += IsoDate(span[n..], c);
        }

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
