using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Domain;
using HccOutcomes.Domain.Registry;

namespace HccOutcomes.Demo;

/// <summary>Adverse events (Table 3) and follow-up.</summary>
internal sealed partial class DemoCohortBuilder
{
    /// <summary>Minor treatment-related terms, grade 1–2 only and in fewer than 10% of an arm, so Table 3 (≥ 10%) is unchanged.</summary>
    private static readonly (string Term, int Patients, SuspectedTreatment Suspect)[] RtMinorTerms =
    [
        ("Reactive cutaneous capillary endothelial proliferation", 3, SuspectedTreatment.AntiPd1),
        ("Hypothyroidism", 2, SuspectedTreatment.AntiPd1),
        ("Fatigue", 3, SuspectedTreatment.AntiPd1),
        ("Dermatitis radiation", 2, SuspectedTreatment.RT),
        ("Pruritus", 2, SuspectedTreatment.AntiPd1),
    ];

    private static readonly (string Term, int Patients, SuspectedTreatment Suspect)[] TaceMinorTerms =
    [
        ("Fever", 4, SuspectedTreatment.Tace),
        ("Abdominal pain", 4, SuspectedTreatment.Tace),
        ("Diarrhea", 4, SuspectedTreatment.Sorafenib),
        ("Fatigue", 3, SuspectedTreatment.Sorafenib),
        ("Hypertension", 2, SuspectedTreatment.Sorafenib),
        ("Alopecia", 2, SuspectedTreatment.Sorafenib),
    ];

    /// <summary>
    /// Treatment-related AEs giving Table 3 per arm: for each term, the patients with any grade and with grade 3–4; every
    /// patient with a grade 3–4 event is one of the arm's "any grade ≥ 3 TRAE" patients, and each of those has at least one.
    /// Onsets lie within 30 days of the last anti-PD1 or sorafenib dose, so inside the treatment-emergent window, which ends
    /// 30 days after the last protocol treatment of any kind.
    /// </summary>
    private void BuildAdverseEvents(DemoArmTargets arm, List<DemoPatient> patients)
    {
        var all = Enumerable.Range(0, arm.N).ToList();
        var severe = Pick(all, arm.AnyGrade3PlusTrae).OrderBy(i => i).ToList();
        var severeTerms = DistributeSevereTerms(arm, severe);
        var events = patients.ConvertAll(_ => new List<AdverseEventDto>());

        foreach (var target in arm.AdverseEvents)
        {
            var g3 = severe.Where(i => severeTerms[i].Contains(target.Term)).ToList();
            var anyGrade = Pick(all, target.AnyGrade, mustInclude: g3);
            foreach (var i in anyGrade.Order())
            {
                var p = patients[i];
                var isSevere = g3.Contains(i);
                var grade = isSevere ? (DemoTerms.MaxSevereGrade(target.Term) == 4 && Chance(0.2) ? 4 : 3) : (Chance(0.7) ? 1 : 2);
                var onset = Onset(p, PreferredOnset(p, target.Term));
                if (isSevere && Chance(0.25) && onset - 14 >= 3)
                {
                    // A milder event of the same term before the severe one.
                    events[i].Add(Event(p, target.Term, 1, onset - Int(7, 14), DemoTerms.Suspects(target.Term, arm.IsRt, _rng), severe: false));
                }

                events[i].Add(Event(p, target.Term, grade, onset, DemoTerms.Suspects(target.Term, arm.IsRt, _rng), isSevere));
            }
        }

        foreach (var (term, count, suspect) in arm.IsRt ? RtMinorTerms : TaceMinorTerms)
        {
            var eligible = term.StartsWith("Reactive", StringComparison.Ordinal)
                ? all.Where(i => patients[i].Document.AntiPd1Cycles[0].Agent == AntiPd1Agent.Camrelizumab).ToList()
                : all;
            foreach (var i in Pick(eligible, count).Order())
            {
                var p = patients[i];
                events[i].Add(Event(p, term, Chance(0.7) ? 1 : 2, Onset(p, PreferredOnset(p, term)), [suspect], severe: false));
            }
        }

        foreach (var p in patients)
        {
            var list = events[p.Index].OrderBy(e => e.OnsetDate).ThenBy(e => e.Term, StringComparer.Ordinal).ToList();
            for (var k = 0; k < list.Count; k++)
            {
                list[k].SourceId = $"AE-{k + 1}";
            }

            p.Document.AdverseEvents = list;
        }
    }

    /// <summary>Hands the grade 3–4 (term, patient) pairs of Table 3 to the severe patients, at least one each.</summary>
    private Dictionary<int, HashSet<string>> DistributeSevereTerms(DemoArmTargets arm, List<int> severe)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var slots = arm.AdverseEvents.SelectMany(t => Enumerable.Repeat(t.Term, t.Grade3To4)).ToList();
            Shuffle(slots);
            var patients = severe.ToList();
            Shuffle(patients);
            var result = severe.ToDictionary(i => i, _ => new HashSet<string>(StringComparer.Ordinal));
            var ok = slots.Count >= patients.Count;
            for (var k = 0; ok && k < slots.Count; k++)
            {
                if (k < patients.Count)
                {
                    result[patients[k]].Add(slots[k]);
                    continue;
                }

                var free = patients.Where(i => !result[i].Contains(slots[k])).ToList();
                if (free.Count == 0)
                {
                    ok = false;
                    break;
                }

                result[OneOf(free)].Add(slots[k]);
            }

            if (ok)
            {
                return result;
            }
        }

        throw new InvalidOperationException($"Cannot distribute the grade 3-4 events of {arm.Arm}.");
    }

    private int PreferredOnset(DemoPatient p, string term)
    {
        var d = p.Document;
        if (p.Arm.IsRt)
        {
            var rt = p.Offset(d.RadiotherapyCourses[0].StartDate!.Value);
            var pd1 = p.Offset(d.AntiPd1Cycles[0].Date!.Value);
            return term switch
            {
                DemoTerms.Wbc or DemoTerms.Platelets => rt + Int(7, 25),
                DemoTerms.Anemia => rt + Int(10, 70),
                DemoTerms.Ast or DemoTerms.Alt or DemoTerms.Bilirubin => pd1 + Int(14, 90),
                "Dermatitis radiation" => rt + Int(10, 20),
                "Hypothyroidism" => pd1 + Int(42, 120),
                _ => pd1 + Int(14, 60),
            };
        }

        var tace = p.Offset(OneOf(d.TaceSessions).Date!.Value);
        var sorafenib = p.Offset(d.SorafenibCourses[0].StartDate!.Value);
        return term switch
        {
            DemoTerms.Ast or DemoTerms.Alt => tace + Int(1, 5),
            DemoTerms.Bilirubin => tace + Int(2, 10),
            DemoTerms.Hypoalbuminemia => tace + Int(3, 14),
            DemoTerms.HandFoot => sorafenib + Int(10, 45),
            "Fever" or "Abdominal pain" => tace + Int(0, 3),
            DemoTerms.Anemia or DemoTerms.Platelets or DemoTerms.Wbc => Int(14, 100),
            _ => sorafenib + Int(7, 60),
        };
    }

    /// <summary>Clamps an onset into the treatment-emergent window and the patient's follow-up.</summary>
    private static int Onset(DemoPatient p, int preferred)
    {
        var hi = Math.Min(p.WindowEndOffset - 1, p.LastOffset - (p.Dead ? 1 : 0));
        return Math.Clamp(preferred, 3, Math.Max(3, hi));
    }

    private AdverseEventDto Event(DemoPatient p, string term, int grade, int onset, List<SuspectedTreatment> suspects, bool severe)
    {
        var resolution = onset + Int(7, 42);
        return new AdverseEventDto
        {
            Term = term,
            CtcaeVersion = "5.0",
            Grade = grade,
            OnsetDate = p.Day(onset),
            ResolutionDate = resolution <= p.LastOffset && !Chance(0.1) ? p.Day(resolution) : null,
            Attribution = severe
                ? (Chance(0.5) ? AeAttribution.Probable : AeAttribution.Definite)
                : (Chance(0.6) ? AeAttribution.Possible : AeAttribution.Probable),
            SuspectedTreatments = suspects,
            Serious = grade >= 3 && Chance(0.3),
        };
    }

    // ---------------------------------------------------------------- follow-up

    private static readonly string[] RtSubsequent =
    [
        "TACE plus hepatectomy", "Regorafenib", "Regorafenib", "Sorafenib", "Sorafenib", "Lenvatinib", "Lenvatinib",
        "TACE", "TACE", "TACE", "Apatinib", "Apatinib", "Apatinib", "Apatinib",
    ];

    // The paper reports 16 patients (39.0%) but lists 18 therapies (10 of them anti-PD1): 16 are kept, 8 with anti-PD1 alone.
    private static readonly string[] TaceSubsequent =
    [
        "Radiofrequency ablation plus anti-PD1", "Hepatectomy plus anti-PD1", "Lenvatinib", "Lenvatinib plus anti-PD1", "Apatinib",
        "Regorafenib plus anti-PD1", "Hepatectomy", "Hepatectomy",
        "Anti-PD1", "Anti-PD1", "Anti-PD1", "Anti-PD1", "Anti-PD1", "Anti-PD1", "Anti-PD1", "Anti-PD1",
    ];

    /// <summary>
    /// Death, last contact or loss to follow-up at the skeleton's OS day; clinical progression where the skeleton says so;
    /// subsequent therapies after progression (14 of 37 and 16 of 41, as in the paper).
    /// </summary>
    private void BuildFollowUp(DemoArmTargets arm, List<DemoPatient> patients)
    {
        foreach (var p in patients)
        {
            var o = p.Outcome;
            var followUp = new FollowUpDto { SourceId = "FU-1" };
            switch (o.Status)
            {
                case DemoVitalStatus.Dead:
                    followUp.DeathDate = p.Day(o.OsOffset);
                    followUp.DeathCause = o.PfsEnd == DemoPfsEnd.Death
                        ? "Upper gastrointestinal bleeding"
                        : _rng.NextDouble() switch { < 0.75 => "Tumor progression", < 0.9 => "Hepatic failure", _ => "Upper gastrointestinal bleeding" };
                    break;
                case DemoVitalStatus.Lost:
                    followUp.LostToFollowUp = true;
                    followUp.LastKnownAliveDate = p.Day(o.OsOffset);
                    break;
                default:
                    followUp.LastKnownAliveDate = p.Day(o.OsOffset);
                    break;
            }

            if (o.PfsEnd == DemoPfsEnd.ClinicalProgression)
            {
                followUp.ClinicalProgressionDate = p.Day(o.PfsOffset);
            }

            p.Document.FollowUp = followUp;
        }

        var types = (arm.IsRt ? RtSubsequent : TaceSubsequent).ToList();
        Shuffle(types);
        var eligible = patients
            .Where(p => p.Outcome.PfsEnd is DemoPfsEnd.Progression or DemoPfsEnd.ClinicalProgression)
            .Select(p => (Patient: p, Earliest: SubsequentEarliest(p)))
            .Where(x => x.Earliest <= x.Patient.LastOffset - 14)
            .Select(x => x.Patient.Index)
            .ToList();
        foreach (var (i, k) in Pick(eligible, types.Count).Order().Select((i, k) => (i, k)))
        {
            var p = patients[i];
            var earliest = SubsequentEarliest(p);
            var start = Int(earliest, Math.Min(earliest + 45, p.LastOffset - 14));
            p.Document.FollowUp!.SubsequentTherapies.Add(new SubsequentTherapyRecord(p.Day(start), types[k]));
        }
    }

    /// <summary>First day a subsequent therapy may start: two weeks after progression and after the study treatment.</summary>
    private static int SubsequentEarliest(DemoPatient p)
    {
        var d = p.Document;
        var last = p.Outcome.PfsOffset + 14;
        if (d.AntiPd1Cycles.Count > 0)
        {
            last = Math.Max(last, p.Offset(d.AntiPd1Cycles[^1].Date!.Value) + 14);
        }

        if (d.SorafenibCourses.Count > 0)
        {
            last = Math.Max(last, d.SorafenibCourses[0].EndDate is { } end ? p.Offset(end) + 1 : int.MaxValue / 2);
        }

        return last;
    }
}
