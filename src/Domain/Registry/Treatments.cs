namespace HccOutcomes.Domain.Registry;

/// <summary>A course of external-beam radiotherapy (e.g. hypofractionated IMRT 40 Gy in 10 fractions).</summary>
public sealed class RadiotherapyCourse : PatientRecord
{
    /// <summary>First fraction date.</summary>
    public DateOnly StartDate { get; set; }

    /// <summary>Last fraction date (null while ongoing).</summary>
    public DateOnly? EndDate { get; set; }

    /// <summary>Technique.</summary>
    public RadiotherapyTechnique Technique { get; set; }

    /// <summary>Prescribed total dose (Gy).</summary>
    public double TotalDoseGy { get; set; }

    /// <summary>Prescribed dose per fraction (Gy).</summary>
    public double DosePerFractionGy { get; set; }

    /// <summary>Fractions planned.</summary>
    public int FractionsPlanned { get; set; }

    /// <summary>Number of lesions irradiated (1–5).</summary>
    public int LesionsTreated { get; set; }

    /// <summary>Delivered fractions, when the site sends them.</summary>
    public List<DeliveredFractionRecord> Fractions { get; set; } = [];

    /// <summary>Fractions delivered: the count of <see cref="Fractions"/>, or the plan when none were sent.</summary>
    public int FractionsDelivered { get; set; }

    /// <summary>Dose delivered (Gy): the sum of <see cref="Fractions"/>, or the plan when none were sent.</summary>
    public double DeliveredDoseGy { get; set; }

    /// <summary>Biologically effective dose for tumor (α/β = 10 Gy), from what was delivered.</summary>
    public double BedGy { get; set; }

    /// <summary>Equivalent dose in 2-Gy fractions for tumor (α/β = 10 Gy).</summary>
    public double Eqd2Gy { get; set; }
}

/// <summary>One delivered radiotherapy fraction.</summary>
/// <param name="Date">Delivery date.</param>
/// <param name="DoseGy">Dose delivered (Gy).</param>
public sealed record DeliveredFractionRecord(DateOnly Date, double DoseGy);

/// <summary>One transarterial chemoembolization session.</summary>
public sealed class TaceSession : PatientRecord
{
    /// <summary>Procedure date.</summary>
    public DateOnly Date { get; set; }

    /// <summary>Chemotherapy agent.</summary>
    public TaceChemotherapyAgent ChemotherapyAgent { get; set; }

    /// <summary>Chemotherapy dose, in <see cref="ChemotherapyDoseUnit"/>.</summary>
    public double? ChemotherapyDose { get; set; }

    /// <summary>Unit of <see cref="ChemotherapyDose"/>.</summary>
    public ChemotherapyDoseUnit? ChemotherapyDoseUnit { get; set; }

    /// <summary>Lipiodol volume (mL).</summary>
    public double? LipiodolMl { get; set; }

    /// <summary>Embolic agent.</summary>
    public EmbolicAgent EmbolicAgent { get; set; }

    /// <summary>Technical success as judged by the operator.</summary>
    public bool TechnicalSuccess { get; set; }
}

/// <summary>A course of sorafenib, with its dose changes.</summary>
public sealed class SorafenibCourse : PatientRecord
{
    /// <summary>First dose date.</summary>
    public DateOnly StartDate { get; set; }

    /// <summary>Last dose date (null while ongoing).</summary>
    public DateOnly? EndDate { get; set; }

    /// <summary>Starting daily dose (mg), usually 800.</summary>
    public double StartingDailyDoseMg { get; set; }

    /// <summary>Dose changes in date order.</summary>
    public List<SorafenibDoseChangeRecord> DoseChanges { get; set; } = [];

    /// <summary>Why sorafenib was stopped.</summary>
    public string? DiscontinuationReason { get; set; }

    /// <summary>Days on sorafenib (start to end, or to the last update while ongoing), inclusive.</summary>
    public int DurationDays { get; set; }

    /// <summary>Cumulative dose ÷ (800 mg × days).</summary>
    public double RelativeDoseIntensity { get; set; }
}

/// <summary>A change of the sorafenib daily dose.</summary>
/// <param name="Date">First day at the new dose.</param>
/// <param name="DailyDoseMg">New daily dose (mg); 0 for an interruption.</param>
/// <param name="Reason">Why (e.g. "Hand-foot skin reaction grade 2").</param>
public sealed record SorafenibDoseChangeRecord(DateOnly Date, double DailyDoseMg, string? Reason);

/// <summary>One anti-PD1 infusion cycle.</summary>
public sealed class AntiPd1Cycle : PatientRecord
{
    /// <summary>Agent.</summary>
    public AntiPd1Agent Agent { get; set; }

    /// <summary>Infusion date.</summary>
    public DateOnly Date { get; set; }

    /// <summary>Dose (mg).</summary>
    public double DoseMg { get; set; }

    /// <summary>Cycle number, from 1.</summary>
    public int CycleNumber { get; set; }
}
