namespace HccOutcomes.Domain.Clinical;

/// <summary>One delivered radiotherapy fraction.</summary>
/// <param name="Date">Treatment date.</param>
/// <param name="DoseGy">Dose delivered in this fraction (Gy).</param>
public sealed record DeliveredFraction(DateOnly Date, double DoseGy);

/// <summary>Radiotherapy prescription, optionally with the fractions actually delivered.</summary>
/// <param name="PrescribedTotalDoseGy">Prescribed total dose (Gy).</param>
/// <param name="DosePerFractionGy">Prescribed dose per fraction (Gy).</param>
/// <param name="FractionsPlanned">Planned number of fractions.</param>
/// <param name="DeliveredFractions">Delivered fractions; when present, delivered count, dose and BED derive from them.</param>
public sealed record RadiotherapyDosing(
    double PrescribedTotalDoseGy,
    double DosePerFractionGy,
    int FractionsPlanned,
    IReadOnlyList<DeliveredFraction>? DeliveredFractions = null);

/// <summary>Result of the prescription consistency check.</summary>
/// <param name="IsConsistent">True when dose per fraction × fractions is within the tolerance of the total.</param>
/// <param name="ComputedTotalGy">Dose per fraction × fractions.</param>
/// <param name="RelativeDifference">(computed − prescribed) / prescribed.</param>
/// <param name="Message">Human-readable result.</param>
public sealed record PrescriptionCheck(bool IsConsistent, double ComputedTotalGy, double RelativeDifference, string Message);

/// <summary>Derived radiotherapy dose metrics.</summary>
/// <param name="AlphaBetaGy">α/β used (Gy).</param>
/// <param name="Prescription">Prescription consistency check.</param>
/// <param name="PlannedBedGy">BED of the planned schedule (fractions × dose per fraction).</param>
/// <param name="PlannedEqd2Gy">EQD2 of the planned schedule.</param>
/// <param name="FractionsDelivered">Count of delivered fractions, when listed.</param>
/// <param name="DeliveredDoseGy">Sum of delivered fraction doses, when listed.</param>
/// <param name="DeliveredBedGy">BED summed per delivered fraction, when listed.</param>
/// <param name="DeliveredEqd2Gy">EQD2 of the delivered BED, when listed.</param>
/// <param name="Reasoning">Human-readable derivation.</param>
public sealed record RadiotherapySummary(
    double AlphaBetaGy,
    PrescriptionCheck Prescription,
    double PlannedBedGy,
    double PlannedEqd2Gy,
    int? FractionsDelivered,
    double? DeliveredDoseGy,
    double? DeliveredBedGy,
    double? DeliveredEqd2Gy,
    string Reasoning);

/// <summary>Linear-quadratic dose conversions (BED, EQD2) and the prescription check.</summary>
public static class RadiationDose
{
    /// <summary>Default α/β for tumor (Gy).</summary>
    public const double TumorAlphaBetaGy = 10.0;

    /// <summary>Default relative tolerance of the prescription check (1%).</summary>
    public const double DefaultPrescriptionTolerance = 0.01;

    /// <summary>BED = n·d·(1 + d/(α/β)).</summary>
    public static double Bed(int fractions, double dosePerFractionGy, double alphaBetaGy = TumorAlphaBetaGy)
    {
        ValidateAlphaBeta(alphaBetaGy);
        return fractions * dosePerFractionGy * (1 + (dosePerFractionGy / alphaBetaGy));
    }

    /// <summary>EQD2 = BED / (1 + 2/(α/β)).</summary>
    public static double Eqd2FromBed(double bedGy, double alphaBetaGy = TumorAlphaBetaGy)
    {
        ValidateAlphaBeta(alphaBetaGy);
        return bedGy / (1 + (2 / alphaBetaGy));
    }

    /// <summary>EQD2 of n fractions of d Gy.</summary>
    public static double Eqd2(int fractions, double dosePerFractionGy, double alphaBetaGy = TumorAlphaBetaGy) =>
        Eqd2FromBed(Bed(fractions, dosePerFractionGy, alphaBetaGy), alphaBetaGy);

    /// <summary>BED of unequal fractions: Σ dᵢ·(1 + dᵢ/(α/β)).</summary>
    public static double BedOfFractions(IReadOnlyList<DeliveredFraction> fractions, double alphaBetaGy = TumorAlphaBetaGy)
    {
        ArgumentNullException.ThrowIfNull(fractions);
        ValidateAlphaBeta(alphaBetaGy);
        double bed = 0;
        for (var i = 0; i < fractions.Count; i++)
        {
            var d = fractions[i].DoseGy;
            bed += d * (1 + (d / alphaBetaGy));
        }

        return bed;
    }

    /// <summary>Checks that dose per fraction × fractions matches the prescribed total within a relative tolerance.</summary>
    public static PrescriptionCheck CheckPrescription(
        double prescribedTotalDoseGy, double dosePerFractionGy, int fractions, double tolerance = DefaultPrescriptionTolerance)
    {
        var computed = dosePerFractionGy * fractions;
        var schedule = $"{Fmt.N2(dosePerFractionGy)} Gy x {Fmt.I(fractions)} = {Fmt.N2(computed)} Gy";
        if (!(prescribedTotalDoseGy > 0))
        {
            return new PrescriptionCheck(false, computed, double.NaN, $"Prescribed total dose must be positive; {schedule}");
        }

        var rel = (computed - prescribedTotalDoseGy) / prescribedTotalDoseGy;
        // Small epsilon so that an exact 1.0% difference is accepted despite binary rounding.
        var ok = Math.Abs(rel) <= tolerance + 1e-12;
        var diff = (rel * 100).ToString("+0.00;-0.00;0.00", System.Globalization.CultureInfo.InvariantCulture);
        var message = ok
            ? $"{schedule} matches the prescribed {Fmt.N2(prescribedTotalDoseGy)} Gy ({diff}%)"
            : $"{schedule} differs from the prescribed {Fmt.N2(prescribedTotalDoseGy)} Gy by {diff}% (tolerance {Fmt.N2(tolerance * 100)}%)";
        return new PrescriptionCheck(ok, computed, rel, message);
    }

    /// <summary>BED/EQD2 of the planned schedule and, when fractions are listed, of the delivered dose.</summary>
    /// <remarks>The planned BED uses fractions × dose per fraction (the physical schedule), not the prescribed total,
    /// because BED depends on the fraction size.</remarks>
    public static RadiotherapySummary Summarize(RadiotherapyDosing course, double alphaBetaGy = TumorAlphaBetaGy)
    {
        ArgumentNullException.ThrowIfNull(course);
        var check = CheckPrescription(course.PrescribedTotalDoseGy, course.DosePerFractionGy, course.FractionsPlanned);
        var bed = Bed(course.FractionsPlanned, course.DosePerFractionGy, alphaBetaGy);
        var eqd2 = Eqd2FromBed(bed, alphaBetaGy);
        var reasoning =
            $"Planned {Fmt.I(course.FractionsPlanned)} x {Fmt.N2(course.DosePerFractionGy)} Gy, α/β {Fmt.N2(alphaBetaGy)} Gy: BED {Fmt.N2(bed)} Gy, EQD2 {Fmt.N2(eqd2)} Gy. {check.Message}.";

        if (course.DeliveredFractions is not { } delivered)
        {
            return new RadiotherapySummary(alphaBetaGy, check, bed, eqd2, null, null, null, null, reasoning);
        }

        double dose = 0;
        for (var i = 0; i < delivered.Count; i++)
        {
            dose += delivered[i].DoseGy;
        }

        var dBed = BedOfFractions(delivered, alphaBetaGy);
        var dEqd2 = Eqd2FromBed(dBed, alphaBetaGy);
        reasoning +=
            $" Delivered {Fmt.I(delivered.Count)} fractions, {Fmt.N2(dose)} Gy: BED {Fmt.N2(dBed)} Gy, EQD2 {Fmt.N2(dEqd2)} Gy.";
        return new RadiotherapySummary(alphaBetaGy, check, bed, eqd2, delivered.Count, dose, dBed, dEqd2, reasoning);
    }

    private static void ValidateAlphaBeta(double alphaBetaGy)
    {
        if (!(alphaBetaGy > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(alphaBetaGy), alphaBetaGy, "α/β must be positive (Gy).");
        }
    }
}
