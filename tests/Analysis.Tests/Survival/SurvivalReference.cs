using System.Globalization;
using System.Text.Json;
using HccOutcomes.Analysis.Survival;
using HccOutcomes.Analysis.Tests.Reference;

namespace HccOutcomes.Analysis.Tests.Survival;

/// <summary>A reference dataset (<c>tests/reference/survival/NAME.csv</c>) with its R output (<c>NAME.json</c>).</summary>
internal sealed class SurvivalReference
{
    private static readonly Dictionary<string, SurvivalReference> Cache = new(StringComparer.Ordinal);

    private SurvivalReference(string name)
    {
        Name = name;
        Json = JsonDocument.Parse(File.ReadAllText(ReferenceFiles.PathOf($"survival/{name}.json"))).RootElement;
        Groups = [.. Json.GetProperty("groups").EnumerateArray().Select(e => e.GetString()!)];
        CovariateNames = [.. Json.GetProperty("covariates").EnumerateArray().Select(e => e.GetString()!)];

        var lines = File.ReadAllLines(ReferenceFiles.PathOf($"survival/{name}.csv"));
        var header = SplitCsv(lines[0]);
        int iTime = Array.IndexOf(header, "time"), iEvent = Array.IndexOf(header, "event"), iGroup = Array.IndexOf(header, "group");
        var time = new List<double>();
        var ev = new List<bool>();
        var grp = new List<string>();
        var cov = CovariateNames.Select(_ => new List<double>()).ToArray();
        foreach (var line in lines.Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var f = SplitCsv(line);
            time.Add(double.Parse(f[iTime], CultureInfo.InvariantCulture));
            ev.Add(f[iEvent] == "1");
            grp.Add(f[iGroup]);
            for (var c = 0; c < CovariateNames.Length; c++)
            {
                cov[c].Add(double.Parse(f[Array.IndexOf(header, CovariateNames[c])], CultureInfo.InvariantCulture));
            }
        }

        Time = [.. time];
        Event = [.. ev];
        GroupLabels = [.. grp];
        Covariates = [.. CovariateNames.Select((n, c) => new Covariate(n, cov[c].ToArray()))];
        Sample = SurvivalSample.FromLabels(Time, Event, GroupLabels, Groups, Covariates);
    }

    public string Name { get; }

    public JsonElement Json { get; }

    public string[] Groups { get; }

    public string[] CovariateNames { get; }

    public double[] Time { get; }

    public bool[] Event { get; }

    public string[] GroupLabels { get; }

    public Covariate[] Covariates { get; }

    public SurvivalSample Sample { get; }

    public static SurvivalReference Load(string name)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var r))
            {
                r = new SurvivalReference(name);
                Cache[name] = r;
            }

            return r;
        }
    }

    public static double? Num(JsonElement e, string property)
    {
        var v = e.GetProperty(property);
        return v.ValueKind == JsonValueKind.Null ? null : v.GetDouble();
    }

    public static ConfidenceTransform Transform(string rName) => rName switch
    {
        "log" => ConfidenceTransform.Log,
        "log-log" => ConfidenceTransform.LogLog,
        "plain" => ConfidenceTransform.Plain,
        _ => throw new ArgumentException(rName),
    };

    private static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var cur = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var ch in line)
        {
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (ch == ',' && !quoted)
            {
                fields.Add(cur.ToString());
                cur.Clear();
            }
            else
            {
                cur.Append(ch);
            }
        }

        fields.Add(cur.ToString());
        return [.. fields];
    }
}
