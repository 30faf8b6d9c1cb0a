using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using HccOutcomes.Analysis.Survival;
using HccOutcomes.Api.Analyses;
using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Api.Errors;
using HccOutcomes.Api.Hosting;

namespace HccOutcomes.Api.Tests.Analyses;

/// <summary>
/// The streamed survival body reader: it reads exactly the JSON of its contract types (<see cref="SurvivalRequest"/>,
/// <see cref="SurvivalSubject"/>), and leaves the request's pipe readable after it rejects a body.
/// </summary>
public sealed class SurvivalRequestReaderTests
{
    private static readonly JsonSerializerOptions Json = ApiJson();

    [Theory]
    [InlineData("[]")]
    [InlineData("{")]
    [InlineData("{ \"subjects\": 5 }")]
    public async Task A_rejected_body_ends_the_read_so_the_server_can_drain_the_rest(string body)
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(body));
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(new string(' ', 4096)));
        await pipe.Writer.CompleteAsync();

        await Assert.ThrowsAsync<RequestValidationException>(() => SurvivalRequestReader.ReadAsync(pipe.Reader, CancellationToken.None));

        // Kestrel drains an unread body after the response; with a read left open this throws "Reading is already in progress".
        Assert.True(pipe.Reader.TryRead(out var rest));
        pipe.Reader.AdvanceTo(rest.Buffer.End);
    }

    [Fact]
    public void The_reader_accepts_exactly_the_names_the_serializer_gives_the_contract_properties()
    {
        Assert.Equal(ContractNames<SurvivalRequest>(), SurvivalRequestReader.RequestNames.Order(StringComparer.Ordinal));
        Assert.Equal(ContractNames<SurvivalSubject>(), SurvivalRequestReader.SubjectNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_property_of_the_contract_as_the_serializer_writes_it_is_read()
    {
        foreach (var (transform, median, ties) in Enum.GetValues<ConfidenceTransform>()
                     .SelectMany(t => Enum.GetValues<MedianConvention>().SelectMany(m => Enum.GetValues<CoxTies>().Select(c => (t, m, c)))))
        {
            var request = new SurvivalRequest
            {
                Subjects =
                [
                    new SurvivalSubject { Time = 1.5, Event = true, Group = "A", Covariates = new() { ["age"] = new CovariateValue(JsonValueKind.Number, 61, null) }, Weight = 1.5, Stratum = "sA", Cluster = "c1.5" },
                    new SurvivalSubject { Time = 2.5, Event = false, Group = "B", Covariates = new() { ["age"] = new CovariateValue(JsonValueKind.Number, 55, null) }, Weight = 2.5, Stratum = "sB", Cluster = "c2.5" },
                    new SurvivalSubject { Time = 3.5, Event = true, Group = "B", Covariates = new() { ["age"] = new CovariateValue(JsonValueKind.Number, 70, null) }, Weight = 3.5, Stratum = "sB", Cluster = "c3.5" },
                ],
                GroupOrder = ["B", "A"],
                Covariates = ["age"],
                Landmarks = [1, 2],
                ConfidenceLevel = 0.9,
                CiTransform = transform,
                MedianConvention = median,
                Ties = ties,
                Robust = true,
                PhTest = true,
                Rmst = new RmstOptions { Tau = 3 },
            };

            var parsed = await Read(JsonSerializer.SerializeToUtf8Bytes(request, Json));

            Assert.Equal([1.5, 2.5, 3.5], parsed.Sample.SortedTimes.ToArray());
            Assert.Equal(["B", "A"], parsed.Sample.GroupNames);
            Assert.Equal([2, 1], parsed.Sample.GroupSizes);
            Assert.Equal([1, 1], parsed.Sample.GroupEventCounts);
            Assert.Equal(["age"], parsed.Sample.CovariateNames);
            Assert.Equal(["age"], parsed.Options.Covariates);
            Assert.Equal([1.0, 2], parsed.Options.Landmarks);
            Assert.Equal(0.9, parsed.Options.ConfidenceLevel);
            Assert.Equal(transform, parsed.Options.Transform);
            Assert.Equal(median, parsed.Options.MedianConvention);
            Assert.Equal(ties, parsed.Options.Ties);
            Assert.Equal([1.5, 2.5, 3.5], parsed.Adjustment.Weights!);
            Assert.Equal([0, 1, 1], parsed.Adjustment.Strata!);
            Assert.Equal([0, 1, 2], parsed.Adjustment.Clusters!);
            Assert.True(parsed.Adjustment.Robust);
            Assert.True(parsed.Adjustment.PhTest);
            Assert.Equal(3, parsed.Adjustment.RmstTau);
        }
    }

    private static async Task<SurvivalRequestReader.Parsed> Read(byte[] body)
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(body);
        await pipe.Writer.CompleteAsync();
        return await SurvivalRequestReader.ReadAsync(pipe.Reader, CancellationToken.None);
    }

    private static List<string> ContractNames<T>() =>
        [.. Json.GetTypeInfo(typeof(T)).Properties.Select(p => p.Name).Order(StringComparer.Ordinal)];

    private static JsonSerializerOptions ApiJson()
    {
        var options = new JsonSerializerOptions();
        ApiServiceCollectionExtensions.ConfigureJson(options);
        options.MakeReadOnly();
        return options;
    }
}
