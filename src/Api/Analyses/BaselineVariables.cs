using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Analysis;

namespace HccOutcomes.Api.Analyses;

/// <summary>A Table 1 row definition: how to read the value of one baseline variable from a patient.</summary>
internal abstract record BaselineVariable(string Name, string Label);

/// <summary>A yes/no characteristic, shown as n (%) of "Yes".</summary>
internal sealed record FlagVariable(string Name, string Label, Func<AnalysisPatient, bool?> Get) : BaselineVariable(Name, Label);

/// <summary>A characteristic with several levels (e.g. BCLC stage).</summary>
internal sealed record LevelVariable(string Name, string Label, Func<AnalysisPatient, string?> Get, string[] Order) : BaselineVariable(Name, Label);

/// <summary>A continuous characteristic: mean ± SD or median (IQR) depending on normality.</summary>
internal sealed record NumberVariable(string Name, string Label, Func<AnalysisPatient, double?> Get) : BaselineVariable(Name, Label);

/// <summary>
/// The baseline table of an advanced-HCC comparison, with the cut-offs conventional in the field and used by the
/// reference study (Li et al. 2022, Table 1): AFP ≥ 400 ng/mL, ALBI grade ≤ 2, bilirubin &gt; 21 µmol/L,
/// albumin &lt; 35 g/L, hemoglobin &lt; 131 g/L, platelets &lt; 100 × 10⁹/L, WBC &lt; 3.97 × 10⁹/L, tumor ≥ 10 cm.
/// </summary>
internal static class BaselineVariables
{
    public static readonly IReadOnlyList<BaselineVariable> All =
    [
        new FlagVariable("sex_male", "Male sex", p => p.Sex == Sex.Male),
        new NumberVariable("age_years", "Age (years)", p => p.AgeYears),
        new NumberVariable("bodyweight_kg", "Body weight (kg)", p => p.BodyweightKg),
        new LevelVariable("ecog", "ECOG performance status", p => p.Ecog?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["0", "1", "2", "3", "4"]),
        new LevelVariable("child_pugh_class", "Child–Pugh class", p => p.ChildPughClass?.ToString(), ["A", "B", "C"]),
        new FlagVariable("hepatitis_b", "Hepatitis B", p => p.Hbv),
        new FlagVariable("hepatitis_c", "Hepatitis C", p => p.Hcv),
        new FlagVariable("liver_cirrhosis", "Liver cirrhosis", p => p.Cirrhosis),
        new FlagVariable("afp_ge_400_ng_ml", "AFP ≥ 400 ng/mL", p => p.Afp is { } v ? v >= 400 : null),
        new FlagVariable("albi_grade_le_2", "ALBI grade ≤ 2", p => p.AlbiGrade is { } g ? g <= 2 : null),
        new FlagVariable("bilirubin_gt_21_umol_l", "Total bilirubin > 21 µmol/L", p => p.Bilirubin is { } v ? v > 21 : null),
        new FlagVariable("albumin_lt_35_g_l", "Albumin < 35 g/L", p => p.Albumin is { } v ? v < 35 : null),
        new FlagVariable("hemoglobin_lt_131_g_l", "Hemoglobin < 131 g/L", p => p.Hemoglobin is { } v ? v < 131 : null),
        new FlagVariable("platelets_lt_100e9_l", "Platelets < 100 × 10⁹/L", p => p.Platelets is { } v ? v < 100 : null),
        new FlagVariable("wbc_lt_3_97e9_l", "WBC < 3.97 × 10⁹/L", p => p.Wbc is { } v ? v < 3.97 : null),
        new NumberVariable("max_tumor_diameter_cm", "Maximum tumor diameter (cm)", p => p.MaxTumorDiameterCm),
        new FlagVariable("max_tumor_diameter_ge_10_cm", "Maximum tumor diameter ≥ 10 cm", p => p.MaxTumorDiameterCm is { } v ? v >= 10 : null),
        new FlagVariable("macrovascular_invasion", "Macrovascular invasion", p => p.MacrovascularInvasion),
        new FlagVariable("extrahepatic_metastasis", "Extrahepatic metastasis", p => p.ExtrahepaticMetastasis),
        new LevelVariable("bclc_stage", "BCLC stage", p => p.BclcStage is { } s ? (s == BclcStage.Stage0 ? "0" : s.ToString()) : null, ["0", "A", "B", "C", "D"]),
        new FlagVariable("prior_tace", "Prior TACE", p => p.PriorTace),
        new FlagVariable("prior_hepatectomy", "Prior hepatectomy", p => p.PriorHepatectomy),
        new FlagVariable("prior_ablation", "Prior ablation", p => p.PriorAblation),
        new FlagVariable("prior_systemic_therapy", "Prior systemic therapy", p => p.PriorSystemicTherapy),
    ];
}
