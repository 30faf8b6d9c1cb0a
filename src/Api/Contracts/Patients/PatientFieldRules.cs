using FluentValidation;

namespace HccOutcomes.Api.Contracts.Patients;

/// <summary>A numeric range of a patient-document field. <paramref name="MinExclusive"/>: the minimum itself is refused
/// (a dose of 0 Gy is no dose).</summary>
/// <param name="Min">Lowest value.</param>
/// <param name="Max">Highest value (inclusive).</param>
/// <param name="MinExclusive">True when the value must be greater than <paramref name="Min"/>.</param>
internal sealed record FieldBound(double Min, double Max, bool MinExclusive = false);

/// <summary>
/// The ranges and lengths of the patient document, in one place: the FluentValidation validators apply them, and the
/// REDCap data dictionary (src/Api/Interop/Redcap) publishes them as text-validation min/max, so the two cannot differ.
/// </summary>
internal static class PatientFieldRules
{
    public const int ExternalIdLength = 100;
    public const int ArmLength = 100;
    public const int SiteLength = 100;
    public const int SourceIdLength = 200;
    public const int ReasonLength = 500;
    public const int LesionIdLength = 50;
    public const int LesionSiteLength = 100;
    public const int TherapyTypeLength = 200;

    public static readonly FieldBound AgeYears = new(18, 120);

    public static readonly FieldBound BodyweightKg = new(20, 300);
    public static readonly FieldBound Ecog = new(0, 4);
    public static readonly FieldBound ChildPughScore = new(5, 15);
    public static readonly FieldBound AfpNgPerMl = new(0, 10_000_000);
    public static readonly FieldBound AlbuminGPerL = new(5, 70);
    public static readonly FieldBound TotalBilirubinUmolPerL = new(1, 1000);
    public static readonly FieldBound HemoglobinGPerL = new(30, 250);
    public static readonly FieldBound Platelets10e9PerL = new(0, 2000);
    public static readonly FieldBound Wbc10e9PerL = new(0, 200);
    public static readonly FieldBound MaxTumorDiameterCm = new(0, 40);
    public static readonly FieldBound IntrahepaticLesionCount = new(0, 100);

    public static readonly FieldBound TotalDoseGy = new(0, 100, MinExclusive: true);
    public static readonly FieldBound DosePerFractionGy = new(0, 30, MinExclusive: true);
    public static readonly FieldBound FractionsPlanned = new(1, 50);
    public static readonly FieldBound LesionsTreated = new(1, 5);
    public static readonly FieldBound FractionDoseGy = new(0, 30, MinExclusive: true);

    public static readonly FieldBound ChemotherapyDose = new(0, 1000, MinExclusive: true);
    public static readonly FieldBound LipiodolMl = new(0, 50);

    public static readonly FieldBound StartingDailyDoseMg = new(0, 1600, MinExclusive: true);
    public static readonly FieldBound DoseChangeDailyDoseMg = new(0, 1600);

    public static readonly FieldBound AntiPd1DoseMg = new(0, 2000, MinExclusive: true);
    public static readonly FieldBound CycleNumber = new(1, 200);

    public static readonly FieldBound DiameterMm = new(0, 500);

    public static readonly FieldBound AeGrade = new(1, 5);
}

/// <summary>Applies a <see cref="FieldBound"/> as the validator's range rule.</summary>
internal static class FieldBoundRules
{
    public static IRuleBuilderOptions<T, TProperty?> Within<T, TProperty>(
        this IRuleBuilder<T, TProperty?> rule, FieldBound bound)
        where TProperty : struct, IComparable<TProperty>, IComparable
    {
        var min = (TProperty)Convert.ChangeType(bound.Min, typeof(TProperty), System.Globalization.CultureInfo.InvariantCulture);
        var max = (TProperty)Convert.ChangeType(bound.Max, typeof(TProperty), System.Globalization.CultureInfo.InvariantCulture);
        return bound.MinExclusive
            ? rule.GreaterThan(min).LessThanOrEqualTo(max)
            : rule.InclusiveBetween(min, max);
    }

    public static IRuleBuilderOptions<T, TProperty> Within<T, TProperty>(
        this IRuleBuilder<T, TProperty> rule, FieldBound bound)
        where TProperty : struct, IComparable<TProperty>, IComparable
    {
        var min = (TProperty)Convert.ChangeType(bound.Min, typeof(TProperty), System.Globalization.CultureInfo.InvariantCulture);
        var max = (TProperty)Convert.ChangeType(bound.Max, typeof(TProperty), System.Globalization.CultureInfo.InvariantCulture);
        return bound.MinExclusive
            ? rule.GreaterThan(min).LessThanOrEqualTo(max)
            : rule.InclusiveBetween(min, max);
    }
}
