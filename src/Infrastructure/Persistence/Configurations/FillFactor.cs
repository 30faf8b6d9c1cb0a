namespace HccOutcomes.Infrastructure.Persistence.Configurations;

/// <summary>Table fill factors (percent of each heap page filled by inserts).</summary>
internal static class FillFactor
{
    /// <summary>
    /// Tables whose rows a whole-patient replace updates in place (patients and their records): the free fifth of a page
    /// holds the new versions of a patient's rows, so the update is HOT (docs/performance.md, registry section).
    /// </summary>
    public const int UpdatedInPlace = 80;
}
