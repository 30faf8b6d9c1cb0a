using System.Globalization;
using System.Text.RegularExpressions;
using HccOutcomes.Infrastructure.Analysis;

namespace HccOutcomes.Api.Analyses;

/// <summary>
/// A subgroup definition of the forest plot, parsed from text: a yes/no variable (<c>hbv</c>), a categorical one
/// (<c>bclc</c>) or a numeric cut-off (<c>age&gt;=53</c>). <see cref="LevelOf"/> gives a patient's level, or null
/// when the value is missing (the patient then sits in no level of this subgroup).
/// </summary>
internal sealed partial class SubgroupVariable
{
    private static readonly Dictionary<string, (string Label, Func<AnalysisPatient, bool?> Get)> Flags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hbv"] = ("HBV", p => p.Hbv),
        ["hcv"] = ("HCV", p => p.Hcv),
        ["cirrhosis"] = ("Cirrhosis", p => p.Cirrhosis),
        ["macrovascularInvasion"] = ("Macrovascular invasion", p => p.MacrovascularInvasion),
        ["extrahepaticMetastasis"] = ("Extrahepatic metastasis", p => p.ExtrahepaticMetastasis),
        ["priorTace"] = ("Prior TACE", p => p.PriorTace),
        ["priorHepatectomy"] = ("Prior hepatectomy", p => p.PriorHepatectomy),
        ["priorAblation"] = ("Prior ablation", p => p.PriorAblation),
        ["priorSystemicTherapy"] = ("Prior systemic therapy", p => p.PriorSystemicTherapy),
    };

    private static readonly Dictionary<string, (string Label, Func<AnalysisPatient, string?> Get)> Categories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bclc"] = ("BCLC stage", p => p.BclcStage is { } s ? (s == Domain.Registry.BclcStage.Stage0 ? "0" : s.ToString()) : null),
        ["childPugh"] = ("Child–Pugh class", p => p.ChildPughClass?.ToString()),
        ["ecog"] = ("ECOG", p => p.Ecog?.ToString(CultureInfo.InvariantCulture)),
        ["sex"] = ("Sex", p => p.Sex.ToString()),
        ["albiGrade"] = ("ALBI grade", p => p.AlbiGrade?.ToString(CultureInfo.InvariantCulture)),
    };

    internal static readonly Dictionary<string, (string Label, string Unit, Func<AnalysisPatient, double?> Get)> Numbers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["age"] = ("Age", "years", p => p.AgeYears),
        ["bodyweight"] = ("Body weight", "kg", p => p.BodyweightKg),
        ["afp"] = ("AFP", "ng/mL", p => p.Afp),
        ["albumin"] = ("Albumin", "g/L", p => p.Albumin),
        ["bilirubin"] = ("Total bilirubin", "µmol/L", p => p.Bilirubin),
        ["hemoglobin"] = ("Hemoglobin", "g/L", p => p.Hemoglobin),
        ["platelets"] = ("Platelets", "10⁹/L", p => p.Platelets),
        ["wbc"] = ("WBC", "10⁹/L", p => p.Wbc),
        ["maxTumorDiameter"] = ("Max tumor diameter", "cm", p => p.MaxTumorDiameterCm),
        ["intrahepaticLesions"] = ("Intrahepatic lesions", "", p => p.IntrahepaticLesions),
        ["albi"] = ("ALBI score", "", p => p.AlbiScore),
    };

    private SubgroupVariable(string key, string label, Func<AnalysisPatient, string?> levelOf)
    {
        Key = key;
        Label = label;
        LevelOf = levelOf;
    }

    /// <summary>The text it was parsed from.</summary>
    public string Key { get; }

    /// <summary>Display label of the variable.</summary>
    public string Label { get; }

    /// <summary>The patient's level label, or null when the value is missing.</summary>
    public Func<AnalysisPatient, string?> LevelOf { get; }

    [GeneratedRegex(@"^\s*([A-Za-z]+)\s*(>=|<=|>|<)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*$")]
    private static partial Regex Comparison();

    public static bool TryParse(string? text, out SubgroupVariable? variable, out string error)
    {
        variable = null;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "A subgroup must be a variable name or a cut-off such as 'age>=53'.";
            return false;
        }

        var key = text.Trim();
        if (Flags.TryGetValue(key, out var flag))
        {
            variable = new SubgroupVariable(key, flag.Label, p => flag.Get(p) is { } b ? (b ? "Yes" : "No") : null);
            return true;
        }

        if (Categories.TryGetValue(key, out var category))
        {
            variable = new SubgroupVariable(key, category.Label, category.Get);
            return true;
        }

        var match = Comparison().Match(key);
        if (match.Success && Numbers.TryGetValue(match.Groups[1].Value, out var number))
        {
            var op = match.Groups[2].Value;
            var cut = double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
            var cutText = cut.ToString(CultureInfo.InvariantCulture);
            var (yes, no) = op switch
            {
                ">=" => ($"≥ {cutText}", $"< {cutText}"),
                ">" => ($"> {cutText}", $"≤ {cutText}"),
                "<=" => ($"≤ {cutText}", $"> {cutText}"),
                _ => ($"< {cutText}", $"≥ {cutText}"),
            };
            Func<double, bool> test = op switch
            {
                ">=" => v => v >= cut,
                ">" => v => v > cut,
                "<=" => v => v <= cut,
                _ => v => v < cut,
            };
            var unit = number.Unit.Length > 0 ? " " + number.Unit : string.Empty;
            var (yesLevel, noLevel) = (yes + unit, no + unit);
            variable = new SubgroupVariable(key, number.Label, p => number.Get(p) is { } v ? (test(v) ? yesLevel : noLevel) : null);
            return true;
        }

        error = $"Unknown subgroup '{key}'. Use one of: {string.Join(", ", Flags.Keys.Concat(Categories.Keys))}, " +
                $"or a cut-off '<variable><op><number>' with variable in {string.Join(", ", Numbers.Keys)} and op in >=, >, <=, <.";
        return false;
    }
}
