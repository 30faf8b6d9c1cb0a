namespace HccOutcomes.Infrastructure.Persistence.Configurations;

/// <summary>Table fill factors (percent of each heap page filled by inserts).</summary>
internal static class FillFactor
{
    /// <summary>
    /// Tables whose rows a whole-patient replace updates in place (patients, their records and their derived outcomes):
    /// the free fifth of a page holds the new versions of a patient's rows, so the update is HOT (docs/performance.md,
    /// registry section). A derived-outcome row (~1.8 kB) leaves a page at three rows instead of four, with room for one
    /// new version.
    /// </summary>
    public const int UpdatedInPlace = 80;
}
