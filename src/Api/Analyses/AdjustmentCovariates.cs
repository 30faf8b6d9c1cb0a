using System.Globalization;
using HccOutcomes.Analysis.Adjusted;
using HccOutcomes.Infrastructure.Analysis;

namespace HccOutcomes.Api.Analyses;

/// <summary>
/// The patient attributes an adjusted comparison can use as covariates, named as the subgroup variables are (without
/// cut-offs): continuous ones enter the models as numbers, yes/no and categorical ones as categorical covariates
/// (levels in ordinal byte order, the first the reference).
/// </summary>
internal static class AdjustmentCovariates
{
    /// <summary>One covariate: its name, label, type and the patient's value (null when missing).</summary>
    public sealed record Definition(string Name, string Label, bool Continuous, Func<AnalysisPatient, double?> Number, Func<AnalysisPatient, string?> Level);

    public static IReadOnlyList<Definition> All { get; } = Build();

    public static Definition? Find(string? name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The model covariate of the given patients (all have a value: the caller keeps complete cases only).</summary>
    public static ModelCovariate Column(Definition d, IReadOnlyList<AnalysisPatient> patients) => d.Continuous
        ? ModelCovariate.Numeric(d.Name, [.. patients.Select(p => d.Number(p)!.Value)])
        : ModelCovariate.Categorical(d.Name, [.. patients.Select(p => d.Level(p)!)]);

    public static bool Has(Definition d, AnalysisPatient p) => d.Continuous ? d.Number(p) is { } v && double.IsFinite(v) : d.Level(p) is not null;

    private static List<Definition> Build()
    {
        static string? YesNo(bool? b) => b is { } v ? (v ? "Yes" : "No") : null;
        var list = new List<Definition>();
        foreach (var (name, (label, _, get)) in SubgroupVariable.Numbers)
        {
            list.Add(new Definition(name, label, true, get, _ => null));
        }

        (string, string, Func<AnalysisPatient, string?>)[] categorical =
        [
            ("sex", "Sex", p => p.Sex.ToString()),
            ("bclc", "BCLC stage", p => p.BclcStage is { } s ? (s == Domain.Registry.BclcStage.Stage0 ? "0" : s.ToString()) : null),
            ("childPugh", "Child–Pugh class", p => p.ChildPughClass?.ToString()),
            ("ecog", "ECOG", p => p.Ecog?.ToString(CultureInfo.InvariantCulture)),
            ("albiGrade", "ALBI grade", p => p.AlbiGrade?.ToString(CultureInfo.InvariantCulture)),
            ("hbv", "HBV", p => YesNo(p.Hbv)),
            ("hcv", "HCV", p => YesNo(p.Hcv)),
            ("cirrhosis", "Cirrhosis", p => YesNo(p.Cirrhosis)),
            ("macrovascularInvasion", "Macrovascular invasion", p => YesNo(p.MacrovascularInvasion)),
            ("extrahepaticMetastasis", "Extrahepatic metastasis", p => YesNo(p.ExtrahepaticMetastasis)),
            ("priorTace", "Prior TACE", p => YesNo(p.PriorTace)),
            ("priorHepatectomy", "Prior hepatectomy", p => YesNo(p.PriorHepatectomy)),
            ("priorAblation", "Prior ablation", p => YesNo(p.PriorAblation)),
            ("priorSystemicTherapy", "Prior systemic therapy", p => YesNo(p.PriorSystemicTherapy)),
        ];
        foreach (var (name, label, get) in categorical)
        {
            list.Add(new Definition(name, label, false, _ => null, get));
        }

        return list;
    }
}
