using HccOutcomes.Api.Contracts.Patients;

namespace HccOutcomes.Api.Interop.Fhir;

/// <summary>A unit a quantity may arrive in, and the factor that converts it to the registry's unit.</summary>
internal sealed record UnitConversion(string Ucum, double Factor);

/// <summary>A baseline measurement: one Observation whose valueQuantity is in <see cref="Unit"/> (UCUM) on export.</summary>
/// <param name="Field">The registry field (JSON name under <c>baseline</c>).</param>
/// <param name="System">Code system (null: the local code system).</param>
/// <param name="Code">Code.</param>
/// <param name="Display">Display.</param>
/// <param name="Unit">The registry's unit (UCUM).</param>
/// <param name="Accepted">Units accepted on import, each with its factor to <see cref="Unit"/>.</param>
/// <param name="Category">Observation category (laboratory, vital-signs, exam).</param>
/// <param name="Get">Reads the registry value.</param>
/// <param name="Set">Writes the registry value.</param>
internal sealed record QuantityField(
    string Field, string? System, string Code, string Display, string Unit, UnitConversion[] Accepted, string Category,
    Func<BaselineDto, double?> Get, Action<BaselineDto, double> Set);

/// <summary>A yes/no baseline finding: an Observation with valueBoolean (local code) or a Condition (SNOMED CT).</summary>
internal sealed record FlagField(string Field, string Code, string Display, Func<BaselineDto, bool?> Get, Action<BaselineDto, bool> Set);

/// <summary>The baseline fields carried by Observations and Conditions, shared by export and import.</summary>
internal static class BaselineFields
{
    public static readonly QuantityField[] Quantities =
    [
        new("bodyweightKg", FhirCodes.Loinc, FhirCodes.BodyWeight, "Body weight", "kg", [new("kg", 1), new("g", 0.001), new("[lb_av]", 0.45359237)],
            "vital-signs", b => b.BodyweightKg, (b, v) => b.BodyweightKg = v),
        new("afpNgPerMl", FhirCodes.Loinc, FhirCodes.Afp, "Alpha-1-Fetoprotein [Mass/volume] in Serum or Plasma", "ng/mL",
            [new("ng/mL", 1), new("ug/L", 1), new("ug/mL", 1000)], "laboratory", b => b.AfpNgPerMl, (b, v) => b.AfpNgPerMl = v),
        new("albuminGPerL", FhirCodes.Loinc, FhirCodes.Albumin, "Albumin [Mass/volume] in Serum or Plasma", "g/L",
            [new("g/L", 1), new("g/dL", 10), new("mg/dL", 0.01)], "laboratory", b => b.AlbuminGPerL, (b, v) => b.AlbuminGPerL = v),
        // The registry keeps bilirubin in µmol/L, so export uses the molar LOINC code; the mass code 1975-2 is read too.
        new("totalBilirubinUmolPerL", FhirCodes.Loinc, FhirCodes.BilirubinMoles, "Bilirubin.total [Moles/volume] in Serum or Plasma", "umol/L",
            [new("umol/L", 1), new("mmol/L", 1000), new("mg/dL", BilirubinUmolPerMgDl), new("mg/L", BilirubinUmolPerMgDl / 10)],
            "laboratory", b => b.TotalBilirubinUmolPerL, (b, v) => b.TotalBilirubinUmolPerL = v),
        new("hemoglobinGPerL", FhirCodes.Loinc, FhirCodes.Hemoglobin, "Hemoglobin [Mass/volume] in Blood", "g/L",
            [new("g/L", 1), new("g/dL", 10)], "laboratory", b => b.HemoglobinGPerL, (b, v) => b.HemoglobinGPerL = v),
        new("platelets10e9PerL", FhirCodes.Loinc, FhirCodes.Platelets, "Platelets [#/volume] in Blood by Automated count", "10*9/L",
            [new("10*9/L", 1), new("10*3/uL", 1), new("/nL", 1)], "laboratory", b => b.Platelets10e9PerL, (b, v) => b.Platelets10e9PerL = v),
        new("wbc10e9PerL", FhirCodes.Loinc, FhirCodes.Leukocytes, "Leukocytes [#/volume] in Blood by Automated count", "10*9/L",
            [new("10*9/L", 1), new("10*3/uL", 1), new("/nL", 1)], "laboratory", b => b.Wbc10e9PerL, (b, v) => b.Wbc10e9PerL = v),
        new("maxTumorDiameterCm", null, FhirCodes.Local.MaxTumorDiameter, "Maximum tumor diameter", "cm", [new("cm", 1), new("mm", 0.1)],
            "imaging", b => b.MaxTumorDiameterCm, (b, v) => b.MaxTumorDiameterCm = v),
    ];

    /// <summary>µmol/L per mg/dL of bilirubin (molar mass 584.66 g/mol).</summary>
    public const double BilirubinUmolPerMgDl = 17.104;

    public static readonly FlagField[] Findings =
    [
        new("macrovascularInvasion", FhirCodes.Local.MacrovascularInvasion, "Macrovascular invasion", b => b.MacrovascularInvasion, (b, v) => b.MacrovascularInvasion = v),
        new("extrahepaticMetastasis", FhirCodes.Local.ExtrahepaticMetastasis, "Extrahepatic metastasis", b => b.ExtrahepaticMetastasis, (b, v) => b.ExtrahepaticMetastasis = v),
        new("priorTace", FhirCodes.Local.PriorTace, "Prior TACE", b => b.PriorTace, (b, v) => b.PriorTace = v),
        new("priorHepatectomy", FhirCodes.Local.PriorHepatectomy, "Prior hepatectomy", b => b.PriorHepatectomy, (b, v) => b.PriorHepatectomy = v),
        new("priorAblation", FhirCodes.Local.PriorAblation, "Prior ablation", b => b.PriorAblation, (b, v) => b.PriorAblation = v),
        new("priorSystemicTherapy", FhirCodes.Local.PriorSystemicTherapy, "Prior systemic therapy", b => b.PriorSystemicTherapy, (b, v) => b.PriorSystemicTherapy = v),
    ];

    public static readonly FlagField[] Conditions =
    [
        new("hbv", FhirCodes.HepatitisB, "Viral hepatitis type B", b => b.Hbv, (b, v) => b.Hbv = v),
        new("hcv", FhirCodes.HepatitisC, "Viral hepatitis type C", b => b.Hcv, (b, v) => b.Hcv = v),
        new("cirrhosis", FhirCodes.Cirrhosis, "Cirrhosis of liver", b => b.Cirrhosis, (b, v) => b.Cirrhosis = v),
    ];
}
