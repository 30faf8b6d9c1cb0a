using HccOutcomes.Domain.Response;
using static HccOutcomes.Domain.Tests.Build;
using R = HccOutcomes.Domain.ResponseCategory;
using S = HccOutcomes.Domain.NonTargetStatus;

namespace HccOutcomes.Domain.Tests;

/// <summary>A worked case: assessments, criteria, expected timepoint responses and best overall response.</summary>
public sealed record ResponseCase(
    string Name,
    Criteria Criteria,
    ImagingAssessment[] Assessments,
    string ExpectedTimepoints,
    R ExpectedBor,
    ResponseOptions? Options = null);

/// <summary>
/// Worked RECIST 1.1 / mRECIST cases built from measurements. On-study is 2021-01-04; baseline is day -7.
/// Sums are hand-computed in the comments.
/// </summary>
public static class ResponseCaseTable
{
    public static readonly ResponseCase[] Cases =
    [
        // ---------------------------------------------------------------- RECIST 1.1
        new("R01 CR confirmed", Criteria.Recist11,
            [At(-7, T("L1", 30), T("L2", 20, organ: "lung")), At(42, T("L1", 0), T("L2", 0, organ: "lung")), At(84, T("L1", 0), T("L2", 0, organ: "lung"))],
            "CR CR", R.CR),

        // Node 8 mm → CR; node back to 12 mm: +4 mm over nadir 8 (no PD, < 5 mm), -80% from 60 → PR. Confirmed only as PR.
        new("R02 CR then PR", Criteria.Recist11,
            [At(-7, T("L1", 40), Node("N1", 20)), At(42, T("L1", 0), Node("N1", 8)), At(84, T("L1", 0), Node("N1", 12))],
            "CR PR", R.PR),

        // 100 → 60 (-40%) on day 49, no later scan: unconfirmed, day 49 ≥ 42 → SD.
        new("R03 PR unconfirmed falls back to SD", Criteria.Recist11,
            [At(-7, T("L1", 60), T("L2", 40)), At(49, T("L1", 35), T("L2", 25))],
            "PR", R.SD),

        // PR on day 35 only: unconfirmed and before the 42-day SD minimum → NE.
        new("R04 PR unconfirmed before SD minimum gives NE", Criteria.Recist11,
            [At(-7, T("L1", 60), T("L2", 40)), At(35, T("L1", 35), T("L2", 25))],
            "PR", R.NE),

        // PR day 35 (60 mm), then 80 mm day 56: +33% and +20 mm over nadir 60 → PD; SD minimum never met → PD.
        new("R05 PR unconfirmed before SD minimum then PD", Criteria.Recist11,
            [At(-7, T("L1", 60), T("L2", 40)), At(35, T("L1", 35), T("L2", 25)), At(56, T("L1", 50), T("L2", 30))],
            "PR PD", R.PD),

        // 100 → 50 → 50 → 62: 62 is -38% from baseline but +24% / +12 mm over nadir 50 → PD; BOR stays confirmed PR.
        new("R06 PD by nadir but not by baseline after confirmed PR", Criteria.Recist11,
            [At(-7, T("L1", 100)), At(42, T("L1", 50)), At(84, T("L1", 50)), At(126, T("L1", 62))],
            "PR PR PD", R.PR),

        // 100 → 80 (SD) → 97: -3% from baseline, +21.25% / +17 mm over nadir 80 → PD; SD met on day 42 → BOR SD.
        new("R07 PD by nadir but not by baseline after SD", Criteria.Recist11,
            [At(-7, T("L1", 100)), At(42, T("L1", 80)), At(84, T("L1", 97))],
            "SD PD", R.SD),

        // 20 → 24: +20% but only +4 mm → not PD.
        new("R08 +20% but only 4 mm is not PD", Criteria.Recist11,
            [At(-7, T("L1", 20)), At(42, T("L1", 24)), At(84, T("L1", 24))],
            "SD SD", R.SD),

        // 20 → 25: +25% and +5 mm → PD.
        new("R09 +25% and 5 mm is PD", Criteria.Recist11,
            [At(-7, T("L1", 20)), At(42, T("L1", 25))],
            "PD", R.PD),

        new("R10 PD by a new lesion", Criteria.Recist11,
            [At(-7, T("L1", 50)), At(42, T("L1", 45), New("X1", 6))],
            "PD", R.PD),

        new("R11 PD by non-target progression", Criteria.Recist11,
            [At(-7, T("L1", 50), NT("NT1")), At(42, T("L1", 40), NT("NT1", S.UnequivocalProgression))],
            "PD", R.PD),

        // L2 not measured on day 42 → NE; 20+20 = 40 vs 60 (-33%) on days 84 and 126 → confirmed PR.
        new("R12 NE for a missing target", Criteria.Recist11,
            [At(-7, T("L1", 30), T("L2", 30)), At(42, T("L1", 20)), At(84, T("L1", 20), T("L2", 20)), At(126, T("L1", 20), T("L2", 20))],
            "NE PR PR", R.PR),

        // Node 18 → 9 → 7 mm short axis with the liver lesion gone: CR although the sum is not 0.
        new("R13 Node below 10 mm counts toward CR", Criteria.Recist11,
            [At(-7, T("L1", 30), Node("N1", 18)), At(42, T("L1", 0), Node("N1", 9)), At(84, T("L1", 0), Node("N1", 7))],
            "CR CR", R.CR),

        // L2 missing, but L1 alone (80) is +33% / +20 mm over the nadir 60 → PD despite the missing lesion.
        new("R14 PD with a missing target when the others already progress", Criteria.Recist11,
            [At(-7, T("L1", 30), T("L2", 30)), At(42, T("L1", 80))],
            "PD", R.PD),

        new("R15 CR confirmed across one NE", Criteria.Recist11,
            [At(-7, T("L1", 30), T("L2", 20)), At(42, T("L1", 0), T("L2", 0)), At(70, T("L1", 0)), At(100, T("L1", 0), T("L2", 0))],
            "CR NE CR", R.CR),

        // Two NE between the PRs: not confirmed; the day-42 PR still counts as SD.
        new("R16 Two NE between responses breaks confirmation", Criteria.Recist11,
            [At(-7, T("L1", 30), T("L2", 20)), At(42, T("L1", 10), T("L2", 5)), At(70, T("L1", 10)), At(100, T("L2", 5)), At(130, T("L1", 10), T("L2", 5))],
            "PR NE NE PR", R.SD),

        // Confirming scan 18 days later is too early.
        new("R17 Confirmation under 28 days does not count", Criteria.Recist11,
            [At(-7, T("L1", 100)), At(42, T("L1", 60)), At(60, T("L1", 60))],
            "PR PR", R.SD),

        new("R18 PR confirmed exactly 28 days later", Criteria.Recist11,
            [At(-7, T("L1", 100)), At(42, T("L1", 60)), At(70, T("L1", 60))],
            "PR PR", R.PR),

        new("R19 SD before the 42-day minimum only gives NE", Criteria.Recist11,
            [At(-7, T("L1", 100)), At(30, T("L1", 90))],
            "SD", R.NE),

        new("R20 SD exactly at 42 days", Criteria.Recist11,
            [At(-7, T("L1", 100)), At(42, T("L1", 90))],
            "SD", R.SD),

        new("R21 PD at the first assessment", Criteria.Recist11,
            [At(-7, T("L1", 100)), At(42, T("L1", 130))],
            "PD", R.PD),

        // Only a non-measurable lesion (8 mm) at baseline: no targets; persistence is non-CR/non-PD → SD.
        new("R22 Non-target disease only: non-CR/non-PD reported as SD", Criteria.Recist11,
            [At(-7, NT("NT1", null, "liver") with { LongestDiameterMm = 8 }), At(56, NT("NT1", S.Present, "liver"))],
            "SD", R.SD),

        new("R23 Non-target disease only: CR confirmed", Criteria.Recist11,
            [At(-7, NT("NT1", null, "liver") with { LongestDiameterMm = 8 }), At(56, NT("NT1", S.Absent, "liver")), At(90, NT("NT1", S.Absent, "liver"))],
            "CR CR", R.CR),

        // Targets gone but a non-target persists → PR (RECIST table 1), confirmed.
        new("R24 Target CR with non-target present is PR", Criteria.Recist11,
            [At(-7, T("L1", 30), NT("NT1")), At(42, T("L1", 0), NT("NT1")), At(84, T("L1", 0), NT("NT1"))],
            "PR PR", R.PR),

        // No site flags: liver 50/40 (30 left), bone 25, lung 20/15 (12 left) → 5 targets, sum 150.
        // Day 42: 35+28+17+14+11 = 105 (-30%) → PR; the two unselected lesions are present (non-CR/non-PD).
        new("R25 Automatic target selection (≤ 5, ≤ 2 per organ)", Criteria.Recist11,
            [
                At(-7, Unflagged("A", 50, "liver"), Unflagged("B", 40, "liver"), Unflagged("C", 30, "liver"),
                    Unflagged("D", 20, "lung"), Unflagged("E", 15, "lung"), Unflagged("F", 12, "lung"), Unflagged("G", 25, "bone")),
                At(42, Unflagged("A", 35, "liver"), Unflagged("B", 28, "liver"), Unflagged("C", 20, "liver"),
                    Unflagged("D", 14, "lung"), Unflagged("E", 11, "lung"), Unflagged("F", 12, "lung"), Unflagged("G", 17, "bone")),
                At(84, Unflagged("A", 35, "liver"), Unflagged("B", 28, "liver"), Unflagged("C", 20, "liver"),
                    Unflagged("D", 14, "lung"), Unflagged("E", 11, "lung"), Unflagged("F", 12, "lung"), Unflagged("G", 17, "bone")),
            ],
            "PR PR", R.PR),

        // Site flags three liver targets (over the 2-per-organ limit): respected, 120 → 84 (-30%) → PR.
        new("R26 Site-selected targets are respected", Criteria.Recist11,
            [At(-7, T("L1", 50), T("L2", 40), T("L3", 30)), At(42, T("L1", 35), T("L2", 28), T("L3", 21)), At(84, T("L1", 35), T("L2", 28), T("L3", 21))],
            "PR PR", R.PR),

        // A follow-up lesion id never seen at baseline is new, whatever role the site gave it.
        new("R27 Unknown lesion id at follow-up is a new lesion", Criteria.Recist11,
            [At(-7, T("L1", 50)), At(42, T("L1", 45), T("L9", 12, organ: "lung"))],
            "PD", R.PD),

        new("R28 Confirmation off: a single PR is the best response", Criteria.Recist11,
            [At(-7, T("L1", 100)), At(42, T("L1", 60))],
            "PR", R.PR, new ResponseOptions(RequireConfirmation: false)),

        new("R29 SD then PD", Criteria.Recist11,
            [At(-7, T("L1", 100)), At(42, T("L1", 90)), At(84, T("L1", 130))],
            "SD PD", R.SD),

        new("R30 SD before the minimum then PD", Criteria.Recist11,
            [At(-7, T("L1", 100)), At(28, T("L1", 90)), At(56, T("L1", 130))],
            "SD PD", R.PD),

        // Responses after PD do not count.
        new("R31 Assessments after PD are ignored for BOR", Criteria.Recist11,
            [At(-7, T("L1", 100)), At(42, T("L1", 130)), At(84, T("L1", 50)), At(126, T("L1", 50))],
            "PD PR PR", R.PD),

        // 50 → 20 (PR) → 0 (CR) → 0 (CR): CR confirmed on day 126; the response started with the day-42 PR.
        new("R32 PR then confirmed CR", Criteria.Recist11,
            [At(-7, T("L1", 50)), At(42, T("L1", 20)), At(84, T("L1", 0)), At(126, T("L1", 0))],
            "PR CR CR", R.CR),

        // SD between two PRs interrupts confirmation.
        new("R33 PR-SD-PR is not a confirmed PR", Criteria.Recist11,
            [At(-7, T("L1", 100)), At(42, T("L1", 65)), At(63, T("L1", 75)), At(84, T("L1", 65))],
            "PR SD PR", R.SD),

        // Same images as M01: the longest diameter does not change → SD under RECIST 1.1.
        new("R34 RECIST diameter unchanged while viable tumor disappears", Criteria.Recist11,
            [At(-7, T("L1", 50, viable: 40)), At(42, T("L1", 50, viable: 0)), At(84, T("L1", 50, viable: 0))],
            "SD SD", R.SD),

        // Same images as M03: any new lesion is PD under RECIST 1.1.
        new("R35 Small atypical new liver lesion is PD under RECIST 1.1", Criteria.Recist11,
            [At(-7, T("L1", 50, viable: 40)), At(42, T("L1", 40, viable: 20), New("X1", 8, "liver", typical: false)), At(84, T("L1", 40, viable: 20))],
            "PD SD", R.PD),

        // Same images as M02: the PVTT is a target under RECIST 1.1: 80 → 70 (-12.5%) → SD.
        new("R36 PVTT measured as a target under RECIST 1.1", Criteria.Recist11,
            [
                At(-7, T("L1", 50, viable: 50), T("P1", 30, viable: 30) with { IsPortalVeinTumorThrombus = true }),
                At(42, T("L1", 40, viable: 20), T("P1", 30, viable: 30) with { IsPortalVeinTumorThrombus = true, NonTargetStatus = S.Present }),
                At(84, T("L1", 40, viable: 20), T("P1", 30, viable: 30) with { IsPortalVeinTumorThrombus = true, NonTargetStatus = S.Present }),
            ],
            "SD SD", R.SD),

        // ---------------------------------------------------------------- mRECIST
        new("M01 mRECIST viable-diameter CR while RECIST diameter is unchanged", Criteria.MRecist,
            [At(-7, T("L1", 50, viable: 40)), At(42, T("L1", 50, viable: 0)), At(84, T("L1", 50, viable: 0))],
            "CR CR", R.CR),

        // PVTT flagged target by the site is non-target under mRECIST: viable 50 → 20 (-60%), PVTT present → PR.
        new("M02 PVTT is non-target under mRECIST", Criteria.MRecist,
            [
                At(-7, T("L1", 50, viable: 50), T("P1", 30, viable: 30) with { IsPortalVeinTumorThrombus = true }),
                At(42, T("L1", 40, viable: 20), T("P1", 30, viable: 30) with { IsPortalVeinTumorThrombus = true, NonTargetStatus = S.Present }),
                At(84, T("L1", 40, viable: 20), T("P1", 30, viable: 30) with { IsPortalVeinTumorThrombus = true, NonTargetStatus = S.Present }),
            ],
            "PR PR", R.PR),

        new("M03 Atypical new liver lesion under 1 cm is not PD", Criteria.MRecist,
            [At(-7, T("L1", 50, viable: 40)), At(42, T("L1", 40, viable: 20), New("X1", 8, "liver", typical: false)), At(84, T("L1", 40, viable: 20))],
            "PR PR", R.PR),

        new("M04 Typical new liver lesion of 1 cm or more is PD", Criteria.MRecist,
            [At(-7, T("L1", 50, viable: 40)), At(42, T("L1", 40, viable: 20), New("X1", 15, "liver", typical: true))],
            "PD", R.PD),

        new("M05 Atypical new liver lesion of 1.5 cm is not PD", Criteria.MRecist,
            [At(-7, T("L1", 50, viable: 40)), At(42, T("L1", 40, viable: 20), New("X1", 15, "liver", typical: false)), At(84, T("L1", 40, viable: 20))],
            "PR PR", R.PR),

        new("M06 New extrahepatic lesion is PD", Criteria.MRecist,
            [At(-7, T("L1", 50, viable: 40)), At(42, T("L1", 40, viable: 20), New("X1", 6, "lung"))],
            "PD", R.PD),

        // Viable 20 → 24: +20% is PD under mRECIST, which has no 5 mm floor (compare R08).
        new("M07 mRECIST +20% of the viable sum is PD without a 5 mm floor", Criteria.MRecist,
            [At(-7, T("L1", 30, viable: 20)), At(42, T("L1", 30, viable: 24))],
            "PD", R.PD),

        // Viable 40+30 = 70 → 30 (-57%), confirmed.
        new("M08 mRECIST PR confirmed", Criteria.MRecist,
            [At(-7, T("L1", 50, viable: 40), T("L2", 40, viable: 30)), At(42, T("L1", 45, viable: 20), T("L2", 35, viable: 10)), At(84, T("L1", 45, viable: 20), T("L2", 35, viable: 10))],
            "PR PR", R.PR),

        // Enhancement reappears (6 mm over a nadir of 0) → PD; the confirmed CR remains the best response.
        new("M09 Recurrent enhancement after CR is PD", Criteria.MRecist,
            [At(-7, T("L1", 50, viable: 40)), At(42, T("L1", 45, viable: 0)), At(84, T("L1", 45, viable: 0)), At(126, T("L1", 45, viable: 6))],
            "CR CR PD", R.CR),

        // Viable diameter not recorded for a liver target → NE at that timepoint.
        new("M10 Missing viable diameter is NE", Criteria.MRecist,
            [At(-7, T("L1", 50, viable: 40)), At(42, T("L1", 45, viable: null)), At(84, T("L1", 45, viable: 20)), At(126, T("L1", 45, viable: 20))],
            "NE PR PR", R.PR),

        // Lung target without viable diameter is measured on its longest diameter: 40+20 = 60 → 10+10 = 20 (-67%).
        new("M11 Extrahepatic target measured on its longest diameter", Criteria.MRecist,
            [At(-7, T("L1", 50, viable: 40), T("L2", 20, organ: "lung")), At(42, T("L1", 45, viable: 10), T("L2", 10, organ: "lung")), At(84, T("L1", 45, viable: 10), T("L2", 10, organ: "lung"))],
            "PR PR", R.PR),

        new("M12 New portal-vein tumor thrombus is PD", Criteria.MRecist,
            [At(-7, T("L1", 50, viable: 40)), At(42, T("L1", 45, viable: 30), New("P9", 12, "liver", pvtt: true))],
            "PD", R.PD),

        // Typical pattern but 8 mm: still too small for PD.
        new("M13 Typical new liver lesion under 1 cm is not PD", Criteria.MRecist,
            [At(-7, T("L1", 50, viable: 40)), At(49, T("L1", 50, viable: 38), New("X1", 8, "liver", typical: true))],
            "SD", R.SD),

        new("M14 mRECIST PR unconfirmed before SD minimum then PD", Criteria.MRecist,
            [At(-7, T("L1", 50, viable: 40)), At(30, T("L1", 45, viable: 20)), At(60, T("L1", 45, viable: 30))],
            "PR PD", R.PD),
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases)
        {
            data.Add(c.Name);
        }

        return data;
    }

    public static ResponseCase Get(string name) => Cases.Single(c => c.Name == name);
}
