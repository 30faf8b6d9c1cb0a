using HccOutcomes.Domain;
using HccOutcomes.Domain.Registry;

namespace HccOutcomes.Api.Interop.Fhir;

/// <summary>Local codes of the registry's enumerations (code = prefix + registry JSON name), shared by export and import.</summary>
internal static class FhirEnums
{
    public static readonly LocalEnum<BclcStage> Bclc = new("bclc");
    public static readonly LocalEnum<ChildPughClass> ChildPugh = new("child-pugh");
    public static readonly LocalEnum<DiagnosisBasis> DiagnosisBasis = new("diagnosis-basis");
    public static readonly LocalEnum<TaceChemotherapyAgent> TaceAgent = new("tace-agent");
    public static readonly LocalEnum<EmbolicAgent> Embolic = new("embolic-agent");
    public static readonly LocalEnum<AntiPd1Agent> AntiPd1 = new("anti-pd1");
    public static readonly LocalEnum<ResponseCategory> Response = new("response");
    public static readonly LocalEnum<LesionRole> LesionRole = new("lesion-role");
    public static readonly LocalEnum<NonTargetStatus> NonTarget = new("non-target");
    public static readonly LocalEnum<AeAttribution> Attribution = new("attribution");
    public static readonly LocalEnum<SuspectedTreatment> Treatment = new("treatment");

    /// <summary>mCODE photon-beam technique (SNOMED CT); SBRT has no code there and is local.</summary>
    public static readonly IReadOnlyDictionary<RadiotherapyTechnique, string> TechniqueSnomed = new Dictionary<RadiotherapyTechnique, string>
    {
        [RadiotherapyTechnique.Imrt] = FhirCodes.Imrt,
        [RadiotherapyTechnique.Vmat] = FhirCodes.Vmat,
        [RadiotherapyTechnique.ThreeDimensionalConformal] = FhirCodes.ThreeDimensional,
    };

    /// <summary>DICOM modality codes.</summary>
    public static readonly IReadOnlyDictionary<ImagingModality, string> Modality = new Dictionary<ImagingModality, string>
    {
        [ImagingModality.Ct] = "CT",
        [ImagingModality.Mri] = "MR",
    };

    /// <summary>UCUM code of a TACE chemotherapy dose unit.</summary>
    public static readonly IReadOnlyDictionary<ChemotherapyDoseUnit, string> DoseUnit = new Dictionary<ChemotherapyDoseUnit, string>
    {
        [ChemotherapyDoseUnit.Mg] = "mg",
        [ChemotherapyDoseUnit.MgPerSquareMetre] = "mg/m2",
    };
}
