namespace HccOutcomes.Domain.Response;

/// <summary>A lesion of the baseline assessment and its part in the evaluation (target, non-target or not followed).</summary>
internal sealed class BaselineLesion
{
    /// <summary>The lesion as recorded at baseline.</summary>
    public required LesionMeasurement Source { get; init; }

    /// <summary>Organ used for the per-organ target limit; all lymph nodes count as one organ.</summary>
    public required string OrganKey { get; init; }

    /// <summary>The diameter the criteria sums at baseline (mm), or null when not measured that way.</summary>
    public double? Measure { get; init; }

    /// <summary>Not followed (a normal lymph node).</summary>
    public bool Ignored { get; set; }

    /// <summary>Position in the target list, or -1.</summary>
    public int TargetSlot { get; set; } = -1;

    /// <summary>Position in the non-target list, or -1.</summary>
    public int NonTargetSlot { get; set; } = -1;
}

/// <summary>Target lesion selection at baseline (RECIST 1.1 section 4.3: at most 5, at most 2 per organ, measurable).</summary>
internal static class TargetSelection
{
    /// <summary>
    /// Site-flagged targets are kept and only checked (the checks become notes); without usable site flags the largest
    /// measurable lesions are selected. Sets <see cref="BaselineLesion.TargetSlot"/> on the selected lesions.
    /// </summary>
    public static List<BaselineLesion> Select(List<BaselineLesion> lesions, Criteria criteria, List<string> notes)
    {
        var mrecist = criteria == Criteria.MRecist;
        var targets = new List<BaselineLesion>(5);
        var siteFlagged = false;
        foreach (var bl in lesions)
        {
            if (bl.Ignored || bl.Source.Role != LesionRole.Target)
            {
                continue;
            }

            siteFlagged = true;
            if (mrecist && bl.Source.IsPortalVeinTumorThrombus)
            {
                notes.Add($"Target {bl.Source.LesionId} is a portal-vein tumor thrombus: non-measurable under mRECIST, followed as non-target");
                continue;
            }

            if (bl.Measure is null)
            {
                notes.Add($"Target {bl.Source.LesionId} has no baseline {LesionMeasures.MeasureName(bl.Source, criteria)}: followed as non-target");
                continue;
            }

            if (!LesionMeasures.IsMeasurable(bl))
            {
                notes.Add($"Target {bl.Source.LesionId} {LesionMeasures.MeasureName(bl.Source, criteria)} {Fmt.N1(bl.Measure.Value)} mm is below the measurable size ({(bl.Source.IsLymphNode ? "15" : "10")} mm); site selection kept");
            }

            targets.Add(bl);
        }

        if (targets.Count > 0)
        {
            CheckSiteSelection(targets, notes);
        }
        else
        {
            if (siteFlagged)
            {
                notes.Add("No usable site-selected target lesion: targets selected from measurable lesions");
            }

            SelectLargest(lesions, mrecist, targets);
        }

        for (var i = 0; i < targets.Count; i++)
        {
            targets[i].TargetSlot = i;
        }

        return targets;
    }

    /// <summary>Notes where the site's selection exceeds 5 targets or 2 per organ; the selection is kept.</summary>
    private static void CheckSiteSelection(List<BaselineLesion> targets, List<string> notes)
    {
        if (targets.Count > 5)
        {
            notes.Add($"Site selected {Fmt.I(targets.Count)} target lesions (maximum 5); site selection kept");
        }

        for (var i = 0; i < targets.Count; i++)
        {
            var sameOrgan = 0;
            var firstOfOrgan = true;
            for (var j = 0; j < targets.Count; j++)
            {
                if (string.Equals(targets[j].OrganKey, targets[i].OrganKey, StringComparison.Ordinal))
                {
                    sameOrgan++;
                    firstOfOrgan &= j >= i;
                }
            }

            if (sameOrgan > 2 && firstOfOrgan)
            {
                notes.Add($"Site selected {Fmt.I(sameOrgan)} target lesions in {targets[i].OrganKey} (maximum 2 per organ); site selection kept");
            }
        }
    }

    /// <summary>Largest measurable lesions first, at most 2 per organ and 5 in total; ties broken by id for determinism.</summary>
    private static void SelectLargest(List<BaselineLesion> lesions, bool mrecist, List<BaselineLesion> targets)
    {
        var candidates = new List<BaselineLesion>();
        foreach (var bl in lesions)
        {
            if (!bl.Ignored && LesionMeasures.IsMeasurable(bl) && !(mrecist && bl.Source.IsPortalVeinTumorThrombus))
            {
                candidates.Add(bl);
            }
        }

        candidates.Sort(static (x, y) =>
        {
            var c = y.Measure!.Value.CompareTo(x.Measure!.Value);
            return c != 0 ? c : string.CompareOrdinal(x.Source.LesionId, y.Source.LesionId);
        });

        foreach (var c in candidates)
        {
            if (targets.Count == 5)
            {
                break;
            }

            var inOrgan = 0;
            foreach (var t in targets)
            {
                if (string.Equals(t.OrganKey, c.OrganKey, StringComparison.Ordinal))
                {
                    inOrgan++;
                }
            }

            if (inOrgan < 2)
            {
                targets.Add(c);
            }
        }
    }
}

/// <summary>How each criteria measures a lesion, and what counts as measurable, liver or absent.</summary>
internal static class LesionMeasures
{
    /// <summary>The diameter each criteria sums: short axis for nodes; longest diameter (RECIST 1.1) or viable diameter (mRECIST).</summary>
    public static double? Measure(LesionMeasurement l, Criteria criteria)
    {
        if (l.IsLymphNode)
        {
            return l.ShortAxisMm;
        }

        if (criteria == Criteria.Recist11)
        {
            return l.LongestDiameterMm;
        }

        // Enhancement is the HCC concept; an extrahepatic lesion without a viable diameter is measured as in RECIST.
        return l.ViableDiameterMm ?? (IsLiver(l.Organ) ? null : l.LongestDiameterMm);
    }

    /// <summary>Name of the measured diameter, for notes.</summary>
    public static string MeasureName(LesionMeasurement l, Criteria criteria) =>
        l.IsLymphNode ? "short axis" : criteria == Criteria.Recist11 ? "longest diameter" : "viable diameter";

    /// <summary>Measurable at baseline: at least 10 mm, nodes at least 15 mm short axis.</summary>
    public static bool IsMeasurable(BaselineLesion bl) =>
        bl.Measure is { } m && m >= (bl.Source.IsLymphNode ? 15 : 10);

    /// <summary>Status of a non-target lesion recorded without one, judged from its size.</summary>
    public static NonTargetStatus? DerivedStatus(LesionMeasurement l, Criteria criteria)
    {
        // A non-target without a recorded status (e.g. a measurable lesion beyond the 5 targets) is judged from its size;
        // unequivocal progression needs the radiologist and is never inferred.
        if (Measure(l, criteria) is not { } m)
        {
            return null;
        }

        return (l.IsLymphNode ? m < 10 : m <= 0) ? NonTargetStatus.Absent : NonTargetStatus.Present;
    }

    /// <summary>Organ key for the per-organ target limit.</summary>
    public static string OrganKey(LesionMeasurement l) =>
        l.IsLymphNode ? "lymph nodes" : (l.Organ ?? string.Empty).Trim().ToLowerInvariant();

    /// <summary>Liver (or hepatic) site.</summary>
    public static bool IsLiver(string? organ) =>
        organ is not null
        && (organ.Contains("liver", StringComparison.OrdinalIgnoreCase) || organ.Contains("hepat", StringComparison.OrdinalIgnoreCase));
}
