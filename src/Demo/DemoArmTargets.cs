using HccOutcomes.Domain;

namespace HccOutcomes.Demo;

/// <summary>Table 1 of the reference paper for one arm: the counts and moments the generated baselines must have.</summary>
internal sealed record DemoArmTargets(
    string Arm,
    string IdPrefix,
    int N,
    DateOnly EnrolmentStart,
    int Male,
    double AgeMean,
    double AgeSd,
    double BodyweightMean,
    double BodyweightSd,
    int Hbv,
    int Hcv,
    int Cirrhosis,
    int AfpAtLeast400,
    int AlbiGrade3,
    int BilirubinAbove21,
    int AlbuminBelow35,
    int HemoglobinBelow131,
    int PlateletsBelow100,
    int WbcBelow397,
    IReadOnlyList<double> MaxTumorDiametersCm,
    int MacrovascularInvasion,
    int ExtrahepaticMetastasis,
    int BclcC,
    int PriorTace,
    int PriorHepatectomy,
    int PriorSystemicTherapy,
    IReadOnlyList<DemoTermTarget> AdverseEvents,
    int AnyGrade3PlusTrae)
{
    /// <summary>Enrolment ended in March 2021 (Li 2022: January 2018 to March 2021).</summary>
    public static readonly DateOnly EnrolmentEnd = new(2021, 3, 31);

    /// <summary>RT+PD1 (n = 37).</summary>
    public static DemoArmTargets RtPd1 { get; } = new(
        DemoCohort.RtArm, "DEMO-RT-", 37, new DateOnly(2018, 6, 1),
        Male: 35, AgeMean: 54.16, AgeSd: 10.68, BodyweightMean: 63.58, BodyweightSd: 9.96,
        Hbv: 31, Hcv: 1, Cirrhosis: 17, AfpAtLeast400: 18, AlbiGrade3: 1, BilirubinAbove21: 9, AlbuminBelow35: 17,
        HemoglobinBelow131: 22, PlateletsBelow100: 7, WbcBelow397: 7,
        // Median 7.30 (IQR 4.75–8.65), 8 patients ≥ 10 cm. The quartile ranks (9/10, 19, 28/29 of 37) are filled with equal
        // values so that SPSS (type 6), R (type 7) and Tukey's hinges give the same IQR. Right-skewed like the published
        // data (median, not mean, is reported): Shapiro–Wilk p < 0.01 in both arms; Mann–Whitney p ≈ 0.873 (published 0.860).
        MaxTumorDiametersCm:
        [
            2.1, 2.6, 3.0, 3.4, 3.7, 4.0, 4.3, 4.6, 4.75, 4.75, 5.0, 5.3, 5.6, 5.9, 6.2, 6.5, 6.8, 7.1, 7.3,
            7.5, 7.7, 7.8, 7.9, 8.1, 8.2, 8.4, 8.5, 8.65, 8.65, 10.2, 10.4, 10.7, 11.2, 11.9, 13.2, 17.8, 21.5,
        ],
        MacrovascularInvasion: 16, ExtrahepaticMetastasis: 22, BclcC: 33,
        PriorTace: 11, PriorHepatectomy: 16, PriorSystemicTherapy: 6,
        AdverseEvents:
        [
            new(DemoTerms.Ast, 20, 2), new(DemoTerms.Alt, 19, 2), new(DemoTerms.HandFoot, 0, 0), new(DemoTerms.Anemia, 33, 5),
            new(DemoTerms.Hypoalbuminemia, 30, 0), new(DemoTerms.Wbc, 28, 3), new(DemoTerms.Bilirubin, 20, 1), new(DemoTerms.Platelets, 19, 8),
        ],
        AnyGrade3PlusTrae: 11);

    /// <summary>TACE+Sorafenib (n = 41).</summary>
    public static DemoArmTargets TaceSorafenib { get; } = new(
        DemoCohort.TaceArm, "DEMO-TS-", 41, new DateOnly(2018, 1, 1),
        Male: 37, AgeMean: 51.71, AgeSd: 9.571, BodyweightMean: 65.06, BodyweightSd: 10.84,
        Hbv: 30, Hcv: 5, Cirrhosis: 26, AfpAtLeast400: 18, AlbiGrade3: 3, BilirubinAbove21: 14, AlbuminBelow35: 31,
        HemoglobinBelow131: 19, PlateletsBelow100: 6, WbcBelow397: 4,
        // Median 6.20 (IQR 4.15–10.80), 13 patients ≥ 10 cm; quartile ranks 10/11, 21, 31/32 of 41.
        MaxTumorDiametersCm:
        [
            2.0, 2.4, 2.8, 3.1, 3.3, 3.5, 3.7, 3.9, 4.05, 4.15, 4.15, 4.3, 4.5, 4.8, 5.0, 5.3, 5.5, 5.7, 5.9, 6.1, 6.2,
            6.4, 6.8, 7.2, 7.7, 8.3, 8.9, 9.5, 10.2, 10.5, 10.8, 10.8, 11.3, 11.9, 12.6, 13.4, 14.2, 15.0, 16.1, 17.3, 18.5,
        ],
        MacrovascularInvasion: 24, ExtrahepaticMetastasis: 14, BclcC: 31,
        PriorTace: 10, PriorHepatectomy: 14, PriorSystemicTherapy: 6,
        AdverseEvents:
        [
            new(DemoTerms.Ast, 38, 24), new(DemoTerms.Alt, 33, 15), new(DemoTerms.HandFoot, 22, 6), new(DemoTerms.Anemia, 28, 2),
            new(DemoTerms.Hypoalbuminemia, 37, 1), new(DemoTerms.Wbc, 12, 1), new(DemoTerms.Bilirubin, 16, 1), new(DemoTerms.Platelets, 14, 5),
        ],
        AnyGrade3PlusTrae: 31);

    /// <summary>True for the radiotherapy arm.</summary>
    public bool IsRt => Arm == DemoCohort.RtArm;
}

/// <summary>Table 3 row: patients with a treatment-related AE of the term, any grade and grade 3–4.</summary>
internal sealed record DemoTermTarget(string Term, int AnyGrade, int Grade3To4);

/// <summary>CTCAE v5.0 terms of Table 3 and the minor terms the generator adds.</summary>
internal static class DemoTerms
{
    public const string Ast = "Aspartate aminotransferase increased";
    public const string Alt = "Alanine aminotransferase increased";
    public const string HandFoot = "Palmar-plantar erythrodysesthesia syndrome";
    public const string Anemia = "Anemia";
    public const string Hypoalbuminemia = "Hypoalbuminemia";
    public const string Wbc = "White blood cell decreased";
    public const string Bilirubin = "Blood bilirubin increased";
    public const string Platelets = "Platelet count decreased";

    /// <summary>Highest grade-3–4 grade the generator uses for the term (CTCAE limits: hypoalbuminemia and PPE stop at 3).</summary>
    public static int MaxSevereGrade(string term) => term is Hypoalbuminemia or HandFoot ? 3 : 4;

    /// <summary>Treatments suspected for a Table 3 term in each arm.</summary>
    public static List<SuspectedTreatment> Suspects(string term, bool rt, Random rng) => (term, rt) switch
    {
        (Ast or Alt, true) => rng.NextDouble() < 0.7 ? [SuspectedTreatment.AntiPd1] : [SuspectedTreatment.RT, SuspectedTreatment.AntiPd1],
        (Bilirubin, true) => [SuspectedTreatment.RT, SuspectedTreatment.AntiPd1],
        (Hypoalbuminemia, true) => [SuspectedTreatment.RT],
        (_, true) => rng.NextDouble() < 0.6 ? [SuspectedTreatment.RT] : [SuspectedTreatment.RT, SuspectedTreatment.AntiPd1],
        (HandFoot, false) => [SuspectedTreatment.Sorafenib],
        (Ast or Alt or Hypoalbuminemia, false) => rng.NextDouble() < 0.6 ? [SuspectedTreatment.Tace] : [SuspectedTreatment.Tace, SuspectedTreatment.Sorafenib],
        _ => [SuspectedTreatment.Tace, SuspectedTreatment.Sorafenib],
    };
}
