using System.Text.Json.Serialization;

namespace HccOutcomes.Domain.Registry;

/// <summary>Sex recorded at on-study.</summary>
public enum Sex
{
    /// <summary>Male.</summary>
    Male,

    /// <summary>Female.</summary>
    Female,
}

/// <summary>Child–Pugh class of liver function.</summary>
public enum ChildPughClass
{
    /// <summary>Class A (5–6 points).</summary>
    [JsonStringEnumMemberName("A")] A,

    /// <summary>Class B (7–9 points).</summary>
    [JsonStringEnumMemberName("B")] B,

    /// <summary>Class C (10–15 points).</summary>
    [JsonStringEnumMemberName("C")] C,
}

/// <summary>Barcelona Clinic Liver Cancer stage.</summary>
public enum BclcStage
{
    /// <summary>Very early stage (0).</summary>
    [JsonStringEnumMemberName("0")] Stage0,

    /// <summary>Early stage (A).</summary>
    [JsonStringEnumMemberName("A")] A,

    /// <summary>Intermediate stage (B).</summary>
    [JsonStringEnumMemberName("B")] B,

    /// <summary>Advanced stage (C).</summary>
    [JsonStringEnumMemberName("C")] C,

    /// <summary>Terminal stage (D).</summary>
    [JsonStringEnumMemberName("D")] D,
}

/// <summary>How the HCC diagnosis was established.</summary>
public enum DiagnosisBasis
{
    /// <summary>Histopathology (biopsy or resection).</summary>
    Histopathology,

    /// <summary>Non-invasive EASL criteria.</summary>
    [JsonStringEnumMemberName("EASL")] Easl,

    /// <summary>Non-invasive AASLD criteria.</summary>
    [JsonStringEnumMemberName("AASLD")] Aasld,
}

/// <summary>Radiotherapy delivery technique.</summary>
public enum RadiotherapyTechnique
{
    /// <summary>Intensity-modulated radiotherapy.</summary>
    [JsonStringEnumMemberName("IMRT")] Imrt,

    /// <summary>Volumetric modulated arc therapy.</summary>
    [JsonStringEnumMemberName("VMAT")] Vmat,

    /// <summary>Three-dimensional conformal radiotherapy.</summary>
    [JsonStringEnumMemberName("3D-CRT")] ThreeDimensionalConformal,

    /// <summary>Stereotactic body radiotherapy.</summary>
    [JsonStringEnumMemberName("SBRT")] Sbrt,
}

/// <summary>Chemotherapy agent given in a TACE session.</summary>
public enum TaceChemotherapyAgent
{
    /// <summary>Cisplatin.</summary>
    Cisplatin,

    /// <summary>Pirarubicin (THP).</summary>
    Pirarubicin,

    /// <summary>Epirubicin.</summary>
    Epirubicin,

    /// <summary>Doxorubicin.</summary>
    Doxorubicin,

    /// <summary>Other agent.</summary>
    Other,
}

/// <summary>Unit of a chemotherapy dose.</summary>
public enum ChemotherapyDoseUnit
{
    /// <summary>Milligrams.</summary>
    [JsonStringEnumMemberName("mg")] Mg,

    /// <summary>Milligrams per square metre of body surface area.</summary>
    [JsonStringEnumMemberName("mg/m2")] MgPerSquareMetre,
}

/// <summary>Embolic agent used in TACE.</summary>
public enum EmbolicAgent
{
    /// <summary>CalliSpheres drug-eluting microspheres.</summary>
    CalliSpheresMicrospheres,

    /// <summary>Other drug-eluting or bland microspheres.</summary>
    OtherMicrospheres,

    /// <summary>Gelatin sponge particles.</summary>
    GelatinSponge,

    /// <summary>Polyvinyl alcohol particles.</summary>
    PolyvinylAlcohol,

    /// <summary>No embolic agent (lipiodol only).</summary>
    None,

    /// <summary>Other agent.</summary>
    Other,
}

/// <summary>Anti-PD1 monoclonal antibody.</summary>
public enum AntiPd1Agent
{
    /// <summary>Pembrolizumab.</summary>
    Pembrolizumab,

    /// <summary>Camrelizumab.</summary>
    Camrelizumab,

    /// <summary>Toripalimab.</summary>
    Toripalimab,

    /// <summary>Tislelizumab.</summary>
    Tislelizumab,

    /// <summary>Sintilimab.</summary>
    Sintilimab,

    /// <summary>Nivolumab.</summary>
    Nivolumab,

    /// <summary>Other anti-PD1 antibody.</summary>
    Other,
}

/// <summary>Imaging modality of a tumor assessment.</summary>
public enum ImagingModality
{
    /// <summary>Multiphase contrast-enhanced CT.</summary>
    [JsonStringEnumMemberName("CT")] Ct,

    /// <summary>Multiphase contrast-enhanced MRI.</summary>
    [JsonStringEnumMemberName("MRI")] Mri,
}
