using System.Globalization;
using System.Text.Json;
using HccOutcomes.Analysis.Adjusted;
using HccOutcomes.Analysis.Tests.Reference;

namespace HccOutcomes.Analysis.Tests.Adjusted;

/// <summary>
/// A dataset of <c>tests/reference/adjusted</c> (<c>NAME.csv</c>) with its R output (<c>NAME.json</c>): covariates
/// numeric unless listed in <c>categorical</c>; the group factor is (control, treated).
/// </summary>
internal sealed class AdjustedReference
{
    private static readonly Dictionary<string, AdjustedReference> Cache = new(StringComparer.Ordinal);

    private AdjustedReference(string name)
    {
        Json = ReferenceFiles.LoadJson("adjusted", name + ".json").RootElement;
        var lines = File.ReadAllLines(ReferenceFiles.PathOf("adjusted", name + ".csv")).Where(l => l.Length > 0).ToArray();
        var header = Split(lines[0]);
        var rows = lines.Skip(1).Select(Split).ToArray();
        string[] Column(string c) => [.. rows.Select(r => r[Array.IndexOf(header, c)])];
        static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);

        Ids = Column("id");
        Time = [.. Column("time").Select(Parse)];
        Status = [.. Column("event").Select(e => e == "1")];
        TreatedLabel = Json.GetProperty("treated").GetString()!;
        ControlLabel = Json.GetProperty("control").GetString()!;
        GroupLabels = Column("group");
        Treated = [.. GroupLabels.Select(g => g == TreatedLabel)];
        Stratum = Column("stratum");
        var categorical = Json.GetProperty("categorical").EnumerateArray().Select(e => e.GetString()!).ToHashSet();
        Covariates =
        [
            .. Json.GetProperty("covariates").EnumerateArray().Select(e => e.GetString()!).Select(c => categorical.Contains(c)
                ? ModelCovariate.Categorical(c, Column(c))
                : ModelCovariate.Numeric(c, [.. Column(c).Select(Parse)])),
        ];
        Group = ModelCovariate.Categorical("group", GroupLabels, [ControlLabel, TreatedLabel]);
    }

    public JsonElement Json { get; }

    public string[] Ids { get; }

    public double[] Time { get; }

    public bool[] Status { get; }

    public string TreatedLabel { get; }

    public string ControlLabel { get; }

    public string[] GroupLabels { get; }

    public bool[] Treated { get; }

    public string[] Stratum { get; }

    public IReadOnlyList<ModelCovariate> Covariates { get; }

    public ModelCovariate Group { get; }

    public int[] GroupIndex => [.. Treated.Select(t => t ? 1 : 0)];

    public static AdjustedReference Load(string name)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var r))
            {
                r = new AdjustedReference(name);
                Cache[name] = r;
            }

            return r;
        }
    }

    public static double Num(JsonElement e, string property) => e.GetProperty(property).Number();

    public static double[] Nums(JsonElement e, string property) => [.. e.GetProperty(property).EnumerateArray().Select(x => x.Number())];

    // Codes of a string column in first-seen order (strata, clusters).
    public static int[] Codes(IReadOnlyList<string> labels)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        return [.. labels.Select(l => map.TryGetValue(l, out var c) ? c : map[l] = map.Count)];
    }

    private static string[] Split(string line) => [.. line.Split(',').Select(f => f.Trim('"'))];
}
