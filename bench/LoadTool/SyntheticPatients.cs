using System.Globalization;
using System.Text;

namespace HccOutcomes.LoadTool;

/// <summary>
/// Deterministic complete patient documents for load tests: ~20 nested rows each (treatment, 4 assessments,
/// 4 adverse events, follow-up). Valid against the API's rules.
/// </summary>
internal static class SyntheticPatients
{
    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Document(int i, bool withExternalId, int variant = 0)
    {
        var rng = new Random(i * 7919 + variant);
        var rt = i % 2 == 0;
        var onStudy = new DateOnly(2019, 1, 1).AddDays(rng.Next(0, 900));
        var sb = new StringBuilder(6000);
        sb.Append('{');
        if (withExternalId)
        {
            sb.Append("\"externalId\":\"LT-").Append(i.ToString("D7", CultureInfo.InvariantCulture)).Append("\",");
        }

        sb.Append("\"arm\":\"").Append(rt ? "RT+PD1" : "TACE+Sorafenib").Append("\",");
        sb.Append("\"onStudyDate\":\"").Append(D(onStudy)).Append("\",");
        sb.Append("\"sex\":\"").Append(rng.NextDouble() < 0.9 ? "male" : "female").Append("\",");
        sb.Append("\"ageYears\":").Append(35 + rng.Next(0, 40) + variant % 2).Append(',');
        sb.Append("\"baseline\":{\"ecog\":").Append(rng.Next(0, 2))
          .Append(",\"childPughClass\":\"A\",\"childPughScore\":").Append(5 + rng.Next(0, 2))
          .Append(",\"bclcStage\":\"").Append(rng.NextDouble() < 0.7 ? "C" : "B")
          .Append("\",\"hbv\":").Append(rng.NextDouble() < 0.85 ? "true" : "false")
          .Append(",\"afpNgPerMl\":").Append(N(rng.NextDouble() * 2000))
          .Append(",\"albuminGPerL\":").Append(N(30 + rng.NextDouble() * 15))
          .Append(",\"totalBilirubinUmolPerL\":").Append(N(8 + rng.NextDouble() * 20))
          .Append(",\"maxTumorDiameterCm\":").Append(N(3 + rng.NextDouble() * 10))
          .Append(",\"macrovascularInvasion\":").Append(rng.NextDouble() < 0.5 ? "true" : "false")
          .Append(",\"extrahepaticMetastasis\":").Append(rng.NextDouble() < 0.3 ? "true" : "false").Append("},");

        var lastDose = onStudy;
        if (rt)
        {
            sb.Append("\"radiotherapyCourses\":[{\"sourceId\":\"rt1\",\"startDate\":\"").Append(D(onStudy.AddDays(1)))
              .Append("\",\"endDate\":\"").Append(D(onStudy.AddDays(14)))
              .Append("\",\"technique\":\"IMRT\",\"totalDoseGy\":40,\"dosePerFractionGy\":4,\"fractionsPlanned\":10,\"lesionsTreated\":1}],");
            sb.Append("\"antiPd1Cycles\":[");
            for (var c = 0; c < 6; c++)
            {
                lastDose = onStudy.AddDays(15 + (21 * c));
                sb.Append(c == 0 ? "" : ",").Append("{\"sourceId\":\"pd").Append(c).Append("\",\"agent\":\"camrelizumab\",\"date\":\"")
                  .Append(D(lastDose)).Append("\",\"doseMg\":200,\"cycleNumber\":").Append(c + 1).Append('}');
            }

            sb.Append("],");
        }
        else
        {
            sb.Append("\"taceSessions\":[");
            for (var t = 0; t < 3; t++)
            {
                sb.Append(t == 0 ? "" : ",").Append("{\"sourceId\":\"tace").Append(t).Append("\",\"date\":\"").Append(D(onStudy.AddDays(1 + (42 * t))))
                  .Append("\",\"chemotherapyAgent\":\"pirarubicin\",\"chemotherapyDose\":40,\"chemotherapyDoseUnit\":\"mg\",\"lipiodolMl\":10,\"embolicAgent\":\"calliSpheresMicrospheres\",\"technicalSuccess\":true}");
            }

            lastDose = onStudy.AddDays(150);
            sb.Append("],\"sorafenibCourses\":[{\"sourceId\":\"sor\",\"startDate\":\"").Append(D(onStudy.AddDays(3)))
              .Append("\",\"endDate\":\"").Append(D(lastDose)).Append("\",\"startingDailyDoseMg\":800,\"doseChanges\":[{\"date\":\"")
              .Append(D(onStudy.AddDays(40))).Append("\",\"dailyDoseMg\":400,\"reason\":\"PPE grade 2\"}]}],");
        }

        sb.Append("\"tumorAssessments\":[");
        var diameter = 40 + rng.NextDouble() * 60;
        var factor = 0.6 + rng.NextDouble() * 0.8;
        for (var a = 0; a < 4; a++)
        {
            var date = a == 0 ? onStudy.AddDays(-5) : onStudy.AddDays(56 * a);
            var ld = a == 0 ? diameter : diameter * Math.Pow(factor, a * 0.5);
            sb.Append(a == 0 ? "" : ",").Append("{\"sourceId\":\"ta").Append(a).Append("\",\"date\":\"").Append(D(date))
              .Append("\",\"modality\":\"MRI\",\"lesions\":[{\"lesionId\":\"T1\",\"site\":\"liver\",\"role\":\"target\",\"longestDiameterMm\":")
              .Append(N(ld)).Append(",\"viableDiameterMm\":").Append(N(ld * (a == 0 ? 0.9 : 0.5)))
              .Append("},{\"lesionId\":\"T2\",\"site\":\"lung\",\"role\":\"target\",\"longestDiameterMm\":").Append(N(ld * 0.3))
              .Append(",\"viableDiameterMm\":").Append(N(ld * 0.25)).Append("}]}");
        }

        sb.Append("],\"adverseEvents\":[");
        string[] terms = rt
            ? ["Fatigue", "Hypothyroidism", "Pneumonitis", "Rash maculo-papular"]
            : ["Palmar-plantar erythrodysesthesia syndrome", "Diarrhea", "Hypertension", "Fatigue"];
        for (var e = 0; e < terms.Length; e++)
        {
            var onset = onStudy.AddDays(10 + (20 * e));
            sb.Append(e == 0 ? "" : ",").Append("{\"sourceId\":\"ae").Append(e).Append("\",\"term\":\"").Append(terms[e])
              .Append("\",\"grade\":").Append(1 + rng.Next(0, 3)).Append(",\"onsetDate\":\"").Append(D(onset))
              .Append("\",\"resolutionDate\":\"").Append(D(onset.AddDays(14)))
              .Append("\",\"attribution\":\"probable\",\"suspectedTreatments\":[\"").Append(rt ? "antiPd1" : "sorafenib").Append("\"]}");
        }

        var dead = rng.NextDouble() < 0.5;
        var last = onStudy.AddDays(200 + rng.Next(0, 400));
        sb.Append("],\"followUp\":{\"sourceId\":\"fu\",\"lastKnownAliveDate\":\"").Append(D(last)).Append('"');
        if (dead)
        {
            sb.Append(",\"deathDate\":\"").Append(D(last.AddDays(rng.Next(1, 30)))).Append("\",\"deathCause\":\"Progression\"");
        }

        sb.Append(",\"lostToFollowUp\":false}}");
        return sb.ToString();
    }
}
