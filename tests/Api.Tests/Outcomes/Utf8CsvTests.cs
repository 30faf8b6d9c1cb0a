using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using HccOutcomes.Api.Controllers;
using HccOutcomes.Api.Outcomes;

namespace HccOutcomes.Api.Tests.Outcomes;

/// <summary>The ADTTE line writer: RFC 4180 quoting, UTF-8, numbers and dates as the CSV has always had them.</summary>
public class Utf8CsvTests
{
    [Fact]
    public async Task Quotes_fields_with_commas_or_quotes_and_encodes_UTF8()
    {
        var pipe = new Pipe();
        var written = Utf8Csv.Line(pipe.Writer, ["USUBJID", "ARM"]);
        written += Utf8Csv.AdtteLine(
            pipe.Writer, "P-1", "RT+PD1", "OS", "Overall survival", 552, 18.135523613963038, false,
            new DateOnly(2020, 10, 15), new DateOnly(2022, 4, 19), "Death, \"per chart\"", "FollowUp.DeathDate (µ)", "PR", "CR", 3, new DateOnly(2022, 6, 30));
        written += Utf8Csv.AdtteLine(
            pipe.Writer, "P-2", "RT+PD1", "OS", "Overall survival", 1, 1 / 30.4375, true,
            new DateOnly(2020, 10, 15), new DateOnly(2020, 10, 15), "Last known alive", "Patient.OnStudyDate", "NE", "NE", 1, null);
        await pipe.Writer.CompleteAsync();
        var result = await pipe.Reader.ReadAsync();
        var text = Encoding.UTF8.GetString(result.Buffer.ToArray());

        Assert.Equal(
            "USUBJID,ARM\n" +
            "P-1,RT+PD1,OS,Overall survival,552,DAYS,18.135523613963038,0,2020-10-15,2022-04-19,\"Death, \"\"per chart\"\"\",FollowUp.DeathDate (µ),PR,CR,3,2022-06-30\n" +
            "P-2,RT+PD1,OS,Overall survival,1,DAYS,0.03285420944558522,1,2020-10-15,2020-10-15,Last known alive,Patient.OnStudyDate,NE,NE,1,\n",
            text);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), written);
    }

    [Fact]
    public void Writes_ISO_dates_with_four_digit_years()
    {
        var span = new byte[10];
        Assert.Equal(10, Utf8Csv.IsoDate(span, new DateOnly(987, 1, 2)));
        Assert.Equal("0987-01-02", Encoding.ASCII.GetString(span));
    }
}
