using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Domain;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Domain.Response;

namespace HccOutcomes.Demo;

/// <summary>Tumor assessments: lesion series whose derived responses are the skeleton's, under both criteria.</summary>
internal sealed partial class DemoCohortBuilder
{
    private enum ScanState
    {
        /// <summary>Before 42 days in a patient whose best response is PD: stable, too early to count as SD.</summary>
        Early,
        Stable,
        Partial,
        Complete,
        Progression,
    }

    /// <summary>A baseline lesion: size and viable (enhancing) size.</summary>
    private sealed record BaseLesion(string Id, string Site, LesionRole Role, double? Longest, double? Viable,
        bool Node = false, double? ShortAxis = null, bool Pvtt = false);

    private void BuildImaging(DemoPatient p)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var assessments = DrawAssessments(p);
            if (Verify(p, assessments))
            {
                p.Document.TumorAssessments = assessments;
                return;
            }
        }

        throw new InvalidOperationException($"{p.Arm.Arm} skeleton row {p.Index}: no lesion series gives {p.Outcome.Recist}/{p.Outcome.MRecist}.");
    }

    private List<TumorAssessmentDto> DrawAssessments(DemoPatient p)
    {
        var o = p.Outcome;
        var b = p.Document.Baseline;
        var lateViableResponse = o.TtrMRecistDays > o.TtrRecistDays + 14;

        // Viable fraction of the liver targets at baseline; lower when the viable response lags the size response, so that
        // a shrunken lesion can keep ≥ 70% of its viable diameter (mRECIST SD while RECIST PR).
        var viableFraction = lateViableResponse ? Uniform(0.62, 0.66) : Uniform(0.72, 0.9);
        var t1 = Round1(b.MaxTumorDiameterCm!.Value * 10);
        var lesions = new List<BaseLesion> { new("T1", "liver", LesionRole.Target, t1, Round1(t1 * viableFraction)) };
        if (b.IntrahepaticLesionCount >= 2 && t1 >= 30 && Chance(0.6))
        {
            var t2 = Round1(Uniform(17, Math.Min(0.6 * t1, 55)));
            lesions.Add(new("T2", "liver", LesionRole.Target, t2, Round1(t2 * Math.Clamp(viableFraction + Uniform(-0.04, 0.04), 0.6, 0.92))));
        }

        if (b.MacrovascularInvasion == true)
        {
            lesions.Add(Chance(0.85)
                ? new("NT1", "portal vein", LesionRole.NonTarget, null, null, Pvtt: true)
                : new("NT1", "hepatic vein", LesionRole.NonTarget, null, null));
        }

        if (b.ExtrahepaticMetastasis == true)
        {
            var count = Chance(0.3) ? 2 : 1;
            var sites = new List<string> { "lung", "lymph node", "bone", "adrenal gland", "peritoneum" };
            Shuffle(sites);
            for (var k = 0; k < count; k++)
            {
                var site = sites[k];
                lesions.Add(site switch
                {
                    "lymph node" => new($"NT{k + 2}", site, LesionRole.NonTarget, null, null, Node: true, ShortAxis: Round1(Uniform(11, 14.5))),
                    "bone" => new($"NT{k + 2}", site, LesionRole.NonTarget, null, null),
                    _ => new($"NT{k + 2}", site, LesionRole.NonTarget, Round1(Uniform(6, 9.5)), null),
                });
            }
        }

        var modality = b.ExtrahepaticMetastasis == true || Chance(0.4) ? ImagingModality.Ct : ImagingModality.Mri;
        var scans = ScanSchedule(o);
        var result = new List<TumorAssessmentDto> { Assessment(p, -Int(3, 20), "TA0", modality, lesions.ConvertAll(l => BaselineDto(l))) };

        var respR = o.TtrRecistDays - 1;
        var respM = o.TtrMRecistDays - 1;
        double r = 1, v = 1, nadirR = 1, nadirV = 1;
        bool respondedR = false, respondedM = false;
        for (var k = 0; k < scans.Count; k++)
        {
            var s = scans[k];
            var last = k == scans.Count - 1;
            ScanState stateR, stateM;
            if (last && o.PfsEnd == DemoPfsEnd.Progression)
            {
                stateR = stateM = ScanState.Progression;
            }
            else
            {
                stateR = o.Recist switch
                {
                    ResponseCategory.PD => ScanState.Early,
                    ResponseCategory.SD => ScanState.Stable,
                    _ => s >= respR ? ScanState.Partial : ScanState.Stable,
                };
                stateM = o.MRecist switch
                {
                    ResponseCategory.PD => ScanState.Early,
                    ResponseCategory.SD => ScanState.Stable,
                    ResponseCategory.CR when s >= respM + 40 => ScanState.Complete,
                    _ => s >= respM ? ScanState.Partial : ScanState.Stable,
                };
            }

            r = stateR switch
            {
                ScanState.Early => Uniform(0.95, 1.06),
                ScanState.Stable => Uniform(0.87, 0.98),
                ScanState.Partial when stateM == ScanState.Stable => Uniform(0.60, 0.64),
                ScanState.Partial when !respondedR => Uniform(0.52, 0.63),
                ScanState.Partial => Math.Max(0.25, r * Uniform(0.85, 1.0)),
                _ => nadirR * Uniform(1.3, 1.5),
            };
            v = stateM switch
            {
                ScanState.Early => Uniform(0.9, 1.04),
                ScanState.Stable when stateR == ScanState.Partial => Uniform(0.80, 0.86),
                ScanState.Stable => Uniform(0.80, 0.90),
                ScanState.Partial when !respondedM => Uniform(0.3, 0.58),
                ScanState.Partial => Math.Max(0.05, v * Uniform(0.75, 1.0)),
                ScanState.Complete => 0,
                _ => Math.Max(0.25, nadirV * Uniform(1.35, 1.6)),
            };
            respondedR |= stateR == ScanState.Partial;
            respondedM |= stateM is ScanState.Partial or ScanState.Complete;
            nadirR = Math.Min(nadirR, r);
            nadirV = Math.Min(nadirV, v);

            var measured = new List<LesionDto>();
            foreach (var l in lesions)
            {
                measured.Add(FollowUpDto(l, r, v));
            }

            if (stateR == ScanState.Progression)
            {
                measured.Add(b.ExtrahepaticMetastasis == true || Chance(0.4)
                    ? new LesionDto { LesionId = "N1", Site = "lung", Role = LesionRole.New, LongestDiameterMm = Round1(Uniform(10, 22)) }
                    : NewLiverLesion());
            }

            result.Add(Assessment(p, s, $"TA{k + 1}", modality, measured));
        }

        p.ScanOffsets.Clear();
        p.ScanOffsets.AddRange(scans);
        return result;
    }

    private LesionDto NewLiverLesion()
    {
        var size = Round1(Uniform(12, 28));
        return new LesionDto
        {
            LesionId = "N1",
            Site = "liver",
            Role = LesionRole.New,
            LongestDiameterMm = size,
            ViableDiameterMm = size,
            TypicalHccPattern = true,
        };
    }

    private static LesionDto BaselineDto(BaseLesion l) => new()
    {
        LesionId = l.Id,
        Site = l.Site,
        Role = l.Role,
        IsLymphNode = l.Node ? true : null,
        LongestDiameterMm = l.Longest,
        ViableDiameterMm = l.Viable,
        ShortAxisMm = l.ShortAxis,
        PortalVeinTumorThrombus = l.Pvtt ? true : null,
    };

    private static LesionDto FollowUpDto(BaseLesion l, double r, double v)
    {
        if (l.Role != LesionRole.Target)
        {
            // Non-target disease persists (non-CR/non-PD); progression is shown by target growth and a new lesion.
            var dto = BaselineDto(l);
            dto.NonTargetStatus = NonTargetStatus.Present;
            return dto;
        }

        var longest = Round1(l.Longest!.Value * r);
        var viable = Math.Min(longest, Round1(l.Viable!.Value * v));
        return new LesionDto { LesionId = l.Id, Site = l.Site, Role = l.Role, LongestDiameterMm = longest, ViableDiameterMm = viable };
    }

    private static TumorAssessmentDto Assessment(DemoPatient p, int offset, string sourceId, ImagingModality modality, List<LesionDto> lesions) => new()
    {
        SourceId = sourceId,
        Date = p.Day(offset),
        Modality = modality,
        Lesions = lesions,
    };

    /// <summary>
    /// Follow-up scan days (offsets from on-study): the response scans of the skeleton, the PFS day, confirmation scans
    /// ≥ 28 days after each response, and scans every 6–9 weeks in between.
    /// </summary>
    private List<int> ScanSchedule(DemoOutcome o)
    {
        var end = o.PfsEnd switch
        {
            DemoPfsEnd.Death => o.PfsOffset - Int(21, 42),
            DemoPfsEnd.ClinicalProgression => o.PfsOffset - Int(10, 24),
            _ => o.PfsOffset,
        };
        if (o.Recist == ResponseCategory.PD)
        {
            // Progression at the first scan, or after one scan too early (< 42 days) to count as SD.
            return end >= 56 ? [Int(26, 38), end] : [end];
        }

        var anchors = new SortedSet<int> { end };
        if (o.TtrRecistDays is { } r)
        {
            anchors.Add(r - 1);
        }

        if (o.TtrMRecistDays is { } m)
        {
            anchors.Add(m - 1);
        }

        var scans = new List<int>();
        var prev = 0;
        foreach (var a in anchors)
        {
            while (a - prev > 77)
            {
                prev += Int(42, Math.Min(63, a - prev - 28));
                scans.Add(prev);
            }

            scans.Add(a);
            prev = a;
        }

        // Each response needs a confirming scan ≥ 28 days later, before a progression scan.
        var confirmBefore = o.PfsEnd == DemoPfsEnd.Progression ? end : end + 1;
        foreach (var response in new[] { o.TtrRecistDays - 1, o.TtrMRecistDays - 1 })
        {
            if (response is { } x && !scans.Any(s => s >= x + 28 && s < confirmBefore))
            {
                var y = x + Int(28, 35);
                if (y >= confirmBefore - 14)
                {
                    throw new InvalidOperationException($"Skeleton row (PFS {o.PfsMonths} months) leaves no room to confirm the response on day {x + 1}.");
                }

                scans.Add(y);
                scans.Sort();
            }
        }

        return scans;
    }

    /// <summary>True when the registry's response rules derive exactly the skeleton's responses from the assessments.</summary>
    private static bool Verify(DemoPatient p, List<TumorAssessmentDto> assessments)
    {
        var o = p.Outcome;
        var rules = assessments.ConvertAll(a => new ImagingAssessment(
            a.Date!.Value,
            a.Lesions.ConvertAll(l => new LesionMeasurement(
                l.LesionId, l.Site, l.Role!.Value, l.IsLymphNode ?? false, l.LongestDiameterMm, l.ShortAxisMm, l.ViableDiameterMm,
                l.NonTargetStatus, l.TypicalHccPattern, l.PortalVeinTumorThrombus ?? false)),
            SourceId: a.SourceId));
        var progression = o.PfsEnd == DemoPfsEnd.Progression ? p.Day(o.PfsOffset) : (DateOnly?)null;
        return Check(Criteria.Recist11, o.Recist, o.TtrRecistDays) && Check(Criteria.MRecist, o.MRecist, o.TtrMRecistDays);

        bool Check(Criteria criteria, ResponseCategory expected, int? ttr)
        {
            var e = ResponseEvaluator.Evaluate(p.OnStudy, rules, criteria, ResponseOptions.Default);
            return e.BestOverallResponse == expected
                && e.TimeToResponseDays == ttr
                && e.ProgressionDate == progression
                && e.Timepoints.All(t => t.Overall != ResponseCategory.NE);
        }
    }
}
