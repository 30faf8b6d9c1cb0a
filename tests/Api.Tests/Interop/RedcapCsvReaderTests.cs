using HccOutcomes.Api.Interop.Redcap;

namespace HccOutcomes.Api.Tests.Interop;

/// <summary>The streaming CSV reader on what REDCap writes: quoted commas, quotes and line breaks, CRLF, a BOM-less last line.</summary>
public sealed class RedcapCsvReaderTests
{
    [Fact]
    public async Task Quoted_fields_line_breaks_and_the_starting_line_of_each_record_are_read()
    {
        const string Csv = "record_id,fu_death_cause\r\n1,\"liver failure, \"\"acute\"\"\"\r\n2,\"two\nlines\"\n3,\n4,last";
        var reader = new CsvReader(new StringReader(Csv));
        var fields = new List<string>();
        var records = new List<(int Line, string[] Fields)>();
        while (await reader.ReadAsync(fields, default))
        {
            records.Add((reader.RecordLine, [.. fields]));
        }

        Assert.Equal(
            [(1, ["record_id", "fu_death_cause"]), (2, ["1", "liver failure, \"acute\""]), (3, ["2", "two\nlines"]), (5, ["3", ""]), (6, ["4", "last"])],
            records.Select(r => (r.Line, r.Fields)).ToList(),
            new RecordComparer());
    }

    private sealed class RecordComparer : IEqualityComparer<(int, string[])>
    {
        public bool Equals((int, string[]) x, (int, string[]) y) => x.Item1 == y.Item1 && x.Item2.SequenceEqual(y.Item2);

        public int GetHashCode((int, string[]) obj) => obj.Item1;
    }
}
