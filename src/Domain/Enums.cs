using System.Text.Json.Serialization;

namespace HccOutcomes.Domain;

/// <summary>Tumor response category shared by RECIST 1.1 and mRECIST (timepoint and best overall response).</summary>
public enum ResponseCategory
{
    /// <summary>Complete response.</summary>
    [JsonStringEnumMemberName("CR")]
    CR,

    /// <summary>Partial response.</summary>
    [JsonStringEnumMemberName("PR")]
    PR,

    /// <summary>Stable disease (also used for non-CR/non-PD when a patient has no target lesions).</summary>
    [JsonStringEnumMemberName("SD")]
    SD,

    /// <summary>Progressive disease.</summary>
    [JsonStringEnumMemberName("PD")]
    PD,

    /// <summary>Not evaluable.</summary>
    [JsonStringEnumMemberName("NE")]
    NE,
}

/// <summary>Response criteria.</summary>
public enum Criteria
{
    /// <summary>RECIST 1.1 (Eisenhauer et al., Eur J Cancer 2009).</summary>
    [JsonStringEnumMemberName("recist11")]
    Recist11,

    /// <summary>Modified RECIST for HCC (Lencioni &amp; Llovet, Semin Liver Dis 2010).</summary>
    [JsonStringEnumMemberName("mrecist")]
    MRecist,
}

/// <summary>Role of a lesion at an assessment, as recorded by the site.</summary>
public enum LesionRole
{
    /// <summary>Target (measured) lesion.</summary>
    Target,

    /// <summary>Non-target lesion, followed qualitatively.</summary>
    NonTarget,

    /// <summary>Lesion not present at baseline.</summary>
    New,
}

/// <summary>Qualitative status of a non-target lesion at a follow-up assessment.</summary>
public enum NonTargetStatus
{
    /// <summary>Lesion still present (non-CR/non-PD).</summary>
    Present,

    /// <summary>Lesion disappeared (nodes: normal size, short axis under 10 mm).</summary>
    Absent,

    /// <summary>Unequivocal progression of existing non-target disease.</summary>
    UnequivocalProgression,
}

/// <summary>Investigator's attribution of an adverse event to study treatment.</summary>
public enum AeAttribution
{
    /// <summary>Unrelated.</summary>
    Unrelated,

    /// <summary>Unlikely related.</summary>
    Unlikely,

    /// <summary>Possibly related.</summary>
    Possible,

    /// <summary>Probably related.</summary>
    Probable,

    /// <summary>Definitely related.</summary>
    Definite,
}

/// <summary>Treatment suspected of causing an adverse event.</summary>
public enum SuspectedTreatment
{
    /// <summary>Radiotherapy.</summary>
    RT,

    /// <summary>Anti-PD1 monoclonal antibody.</summary>
    AntiPd1,

    /// <summary>Transarterial chemoembolization.</summary>
    Tace,

    /// <summary>Sorafenib.</summary>
    Sorafenib,
}

/// <summary>Extension helpers for the shared enums.</summary>
public static class DomainEnumExtensions
{
    /// <summary>True for attributions counted as treatment-related (possible, probable, definite).</summary>
    public static bool IsTreatmentRelated(this AeAttribution attribution) =>
        attribution is AeAttribution.Possible or AeAttribution.Probable or AeAttribution.Definite;

    /// <summary>Display name of the criteria, as used in reasoning text ("RECIST 1.1", "mRECIST").</summary>
    public static string DisplayName(this Criteria criteria) =>
        criteria == Criteria.Recist11 ? "RECIST 1.1" : "mRECIST";

    /// <summary>ADTTE parameter code suffix ("RECIST", "MRECIST").</summary>
    public static string ParamCodeSuffix(this Criteria criteria) =>
        criteria == Criteria.Recist11 ? "RECIST" : "MRECIST";
}
