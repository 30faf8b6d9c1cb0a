using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Domain;
using HccOutcomes.Domain.Registry;

namespace HccOutcomes.Demo;

/// <summary>Treatment records, as described in Li et al. 2022 (Methods and Results).</summary>
internal sealed partial class DemoCohortBuilder
{
    /// <summary>
    /// Hypofractionated IMRT/VMAT (median 40 Gy, 30–60 Gy, median 4 Gy per fraction, 2.5–5 Gy; 10×4, 20×3, 10×5, 10×3 and
    /// 20×2.5 Gy, five fractions a week), then camrelizumab (32), sintilimab (3) or tislelizumab (2) every 2–3 weeks, median
    /// 5 cycles (1–20); 35 patients start anti-PD1 during RT and 2 about a month after the last fraction.
    /// </summary>
    private void BuildRadiotherapyAndAntiPd1(List<DemoPatient> patients)
    {
        var schedules = new List<(int Fractions, double DoseGy)>();
        schedules.AddRange(Enumerable.Repeat((10, 4.0), 18));
        schedules.AddRange(Enumerable.Repeat((20, 3.0), 5));
        schedules.AddRange(Enumerable.Repeat((10, 5.0), 5));
        schedules.AddRange(Enumerable.Repeat((10, 3.0), 5));
        schedules.AddRange(Enumerable.Repeat((20, 2.5), 4));
        Shuffle(schedules);

        var agents = new List<AntiPd1Agent>();
        agents.AddRange(Enumerable.Repeat(AntiPd1Agent.Camrelizumab, 32));
        agents.AddRange(Enumerable.Repeat(AntiPd1Agent.Sintilimab, 3));
        agents.AddRange(Enumerable.Repeat(AntiPd1Agent.Tislelizumab, 2));
        Shuffle(agents);

        var afterRt = Pick(patients.Where(p => p.Outcome.PfsOffset >= 150).Select(p => p.Index).ToList(), 2);

        // Longer disease control, more cycles: the desired counts are handed out by PFS rank, then capped by the dates.
        int[] desiredCycles = [1, 1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 7, 7, 8, 8, 9, 10, 10, 11, 12, 13, 14, 16, 17, 18, 20];
        var byPfs = patients.OrderBy(p => p.Outcome.PfsDays).ThenBy(p => p.Index).ToList();

        foreach (var p in patients)
        {
            var o = p.Outcome;
            var (fractions, dose) = schedules[p.Index];
            var start = Weekday(p.Day(Int(2, 9)));
            var fractionDates = new List<DateOnly>();
            for (var day = start; fractionDates.Count < fractions; day = day.AddDays(1))
            {
                if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    fractionDates.Add(day);
                }
            }

            p.Document.RadiotherapyCourses.Add(new RadiotherapyCourseDto
            {
                SourceId = "RT1",
                StartDate = start,
                EndDate = fractionDates[^1],
                Technique = Chance(0.6) ? RadiotherapyTechnique.Imrt : RadiotherapyTechnique.Vmat,
                TotalDoseGy = fractions * dose,
                DosePerFractionGy = dose,
                FractionsPlanned = fractions,
                LesionsTreated = p.Document.Baseline.ExtrahepaticMetastasis == true ? Int(2, 4) : Int(1, 2),
                Fractions = fractionDates.ConvertAll(d => new DeliveredFractionRecord(d, dose)),
            });

            var agent = agents[p.Index];
            var interval = agent == AntiPd1Agent.Camrelizumab && Chance(0.5) ? 14 : 21;
            var first = afterRt.Contains(p.Index)
                ? p.Offset(fractionDates[^1]) + Int(28, 35)
                : p.Offset(start) + Int(0, 6);
            var limit = o.PfsEnd switch
            {
                DemoPfsEnd.Progression => o.PfsOffset + Int(0, 14),
                DemoPfsEnd.Death => o.OsOffset - Int(14, 30),
                DemoPfsEnd.ClinicalProgression => o.PfsOffset,
                _ => o.OsOffset,
            };
            limit = Math.Min(limit, o.OsOffset - (p.Dead ? 5 : 0));
            var cycles = Math.Clamp(desiredCycles[byPfs.IndexOf(p)], 1, Math.Max(1, 1 + ((limit - first) / interval)));
            for (var c = 0; c < cycles; c++)
            {
                p.Document.AntiPd1Cycles.Add(new AntiPd1CycleDto
                {
                    SourceId = $"PD1-{c + 1}",
                    Agent = agent,
                    Date = p.Day(first + (c * interval)),
                    DoseMg = 200,
                    CycleNumber = c + 1,
                });
            }

            p.WindowEndOffset = first + ((cycles - 1) * interval) + 30;
        }
    }

    /// <summary>
    /// TACE with cisplatin 80 mg/m² or pirarubicin 60–80 mg, lipiodol 5–15 mL and CalliSpheres microspheres, median 2
    /// sessions (1–6) 3–6 weeks apart; sorafenib 400 mg twice daily (800 mg/day), median 6.5 months (1–20).
    /// </summary>
    private void BuildTaceAndSorafenib(List<DemoPatient> patients)
    {
        int[] desiredSessions = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 6];
        double[] desiredSorafenibMonths =
        [
            1.0, 1.1, 1.3, 1.5, 1.8, 2.0, 2.3, 2.6, 2.9, 3.2, 3.5, 3.8, 4.2, 4.6, 5.0, 5.4, 5.8, 6.1, 6.3, 6.5, 6.5,
            6.8, 7.0, 7.4, 7.8, 8.3, 8.8, 9.4, 10.0, 10.8, 11.6, 12.5, 13.4, 14.3, 15.2, 16.0, 17.0, 18.0, 19.0, 20.0, 20.0,
        ];
        var byPfs = patients.OrderBy(p => p.Outcome.PfsDays).ThenBy(p => p.Index).ToList();

        // One patient still on sorafenib at the cut-off: alive and progression-free.
        var ongoing = patients.First(p => p.Outcome.Status == DemoVitalStatus.Alive && p.Outcome.PfsEnd == DemoPfsEnd.Censored);

        foreach (var p in patients)
        {
            var o = p.Outcome;
            var early = o.OsOffset < 60;
            var cisplatin = Chance(0.5);
            var pirarubicinMg = OneOf([60.0, 70.0, 80.0]);
            var limit = o.PfsEnd switch
            {
                DemoPfsEnd.Progression or DemoPfsEnd.ClinicalProgression => o.PfsOffset,
                DemoPfsEnd.Death => o.OsOffset - 30,
                _ => o.OsOffset - 14,
            };
            limit = Math.Min(limit, o.OsOffset - 7);
            var day = early ? Int(0, 1) : Int(0, 5);
            var firstTace = day;
            var sessions = desiredSessions[byPfs.IndexOf(p)];
            for (var s = 0; s < sessions && (s == 0 || day <= limit); s++)
            {
                p.Document.TaceSessions.Add(new TaceSessionDto
                {
                    SourceId = $"TACE-{s + 1}",
                    Date = p.Day(day),
                    ChemotherapyAgent = cisplatin ? TaceChemotherapyAgent.Cisplatin : TaceChemotherapyAgent.Pirarubicin,
                    ChemotherapyDose = cisplatin ? 80 : pirarubicinMg,
                    ChemotherapyDoseUnit = cisplatin ? ChemotherapyDoseUnit.MgPerSquareMetre : ChemotherapyDoseUnit.Mg,
                    LipiodolMl = Int(10, 30) / 2.0,
                    EmbolicAgent = EmbolicAgent.CalliSpheresMicrospheres,
                    TechnicalSuccess = Chance(0.95),
                });
                day += Int(24, 42);
            }

            var start = firstTace + (early ? Int(1, 2) : Int(3, 10));
            var endLimit = p.Dead ? o.OsOffset - Int(2, 7) : o.OsOffset;
            var wanted = start + (int)Math.Round(desiredSorafenibMonths[p.Index] * StudyTime.DaysPerMonth) - 1;
            var end = Math.Max(Math.Min(wanted, endLimit), Math.Min(start + 30, endLimit));
            var isOngoing = ReferenceEquals(p, ongoing);
            p.Document.SorafenibCourses.Add(new SorafenibCourseDto
            {
                SourceId = "SORA-1",
                StartDate = p.Day(start),
                EndDate = isOngoing ? null : p.Day(end),
                StartingDailyDoseMg = 800,
                DiscontinuationReason = isOngoing ? null
                    : o.PfsEnd == DemoPfsEnd.Progression && end >= o.PfsOffset ? "Disease progression"
                    : p.Dead ? "Clinical deterioration"
                    : OneOf(["Intolerance", "Patient decision", "Switched to second-line therapy"]),
            });
            p.WindowEndOffset = isOngoing ? o.OsOffset : end + 30;
        }
    }

    /// <summary>Dose reductions (400 mg/day) or interruptions after hand-foot skin reaction or transaminase rise, and a few others.</summary>
    private void AddSorafenibDoseChanges(List<DemoPatient> patients)
    {
        foreach (var p in patients)
        {
            var course = p.Document.SorafenibCourses[0];
            var start = p.Offset(course.StartDate!.Value);
            var end = course.EndDate is { } e ? p.Offset(e) : p.LastOffset;
            var trigger = p.Document.AdverseEvents
                .Where(a => (a.Term == DemoTerms.HandFoot && a.Grade >= 2) || (a.Term is DemoTerms.Ast or DemoTerms.Alt && a.Grade >= 3))
                .Select(a => (Event: a, Offset: p.Offset(a.OnsetDate!.Value)))
                .Where(a => a.Offset > start && a.Offset < end - 16)
                .OrderBy(a => a.Offset)
                .FirstOrDefault();
            if (trigger.Event is { } ae)
            {
                var label = ae.Term == DemoTerms.HandFoot ? "Hand-foot skin reaction" : ae.Term == DemoTerms.Ast ? "AST increased" : "ALT increased";
                if (ae.Grade >= 3)
                {
                    var resume = trigger.Offset + Int(7, 14);
                    course.DoseChanges.Add(new SorafenibDoseChangeRecord(p.Day(trigger.Offset + 1), 0, $"{label} grade {ae.Grade}: interrupted"));
                    course.DoseChanges.Add(new SorafenibDoseChangeRecord(p.Day(resume), 400, "Resumed at 400 mg/day"));
                }
                else
                {
                    course.DoseChanges.Add(new SorafenibDoseChangeRecord(p.Day(trigger.Offset + Int(1, 3)), 400, $"{label} grade {ae.Grade}"));
                }
            }
            else if (Chance(0.12) && start + 90 < end)
            {
                course.DoseChanges.Add(new SorafenibDoseChangeRecord(p.Day(start + Int(30, 90)), 400, "Fatigue and diarrhea"));
            }
        }
    }

    private static DateOnly Weekday(DateOnly date)
    {
        while (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            date = date.AddDays(1);
        }

        return date;
    }
}
