using System.Text.Json.Nodes;

namespace HccOutcomes.Api.Tests.Infrastructure;

/// <summary>Complete, valid whole-patient documents (as JSON) that tests mutate into bad input.</summary>
public static class SamplePatients
{
    /// <summary>An RT + anti-PD1 patient with every record type, dying on 2021-09-30.</summary>
    public static JsonObject RtPd1(string? externalId = null) => JsonNode.Parse($$"""
    {
      {{(externalId is null ? "" : $"\"externalId\": \"{externalId}\",")}}
      "arm": "RT+PD1",
      "onStudyDate": "2021-01-10",
      "sex": "male",
      "ageYears": 56,
      "sourceId": "his-1001",
      "baseline": {
        "bodyweightKg": 64.5, "ecog": 1, "childPughClass": "A", "childPughScore": 6, "bclcStage": "C",
        "diagnosisBasis": "histopathology", "hbv": true, "hcv": false, "cirrhosis": true,
        "afpNgPerMl": 512.3, "albuminGPerL": 38.2, "totalBilirubinUmolPerL": 17.1, "hemoglobinGPerL": 128,
        "platelets10e9PerL": 142, "wbc10e9PerL": 5.1, "maxTumorDiameterCm": 9.2, "intrahepaticLesionCount": 2,
        "macrovascularInvasion": true, "extrahepaticMetastasis": false, "priorTace": true,
        "priorHepatectomy": false, "priorAblation": false, "priorSystemicTherapy": false
      },
      "radiotherapyCourses": [
        { "sourceId": "rt-1", "startDate": "2021-01-12", "endDate": "2021-01-25", "technique": "IMRT",
          "totalDoseGy": 40, "dosePerFractionGy": 4, "fractionsPlanned": 10, "lesionsTreated": 1,
          "fractions": [ { "date": "2021-01-12", "doseGy": 4 }, { "date": "2021-01-13", "doseGy": 4 } ] }
      ],
      "taceSessions": [],
      "sorafenibCourses": [],
      "antiPd1Cycles": [
        { "sourceId": "pd1-1", "agent": "camrelizumab", "date": "2021-01-26", "doseMg": 200, "cycleNumber": 1 },
        { "sourceId": "pd1-2", "agent": "camrelizumab", "date": "2021-02-16", "doseMg": 200, "cycleNumber": 2 }
      ],
      "tumorAssessments": [
        { "sourceId": "ta-0", "date": "2021-01-05", "modality": "MRI", "lesions": [
            { "lesionId": "T1", "site": "liver", "role": "target", "longestDiameterMm": 92, "viableDiameterMm": 80 },
            { "lesionId": "N1", "site": "portal vein", "role": "nonTarget", "nonTargetStatus": "present", "portalVeinTumorThrombus": true } ] },
        { "sourceId": "ta-1", "date": "2021-03-10", "modality": "MRI", "lesions": [
            { "lesionId": "T1", "site": "liver", "role": "target", "longestDiameterMm": 60, "viableDiameterMm": 30 },
            { "lesionId": "N1", "site": "portal vein", "role": "nonTarget", "nonTargetStatus": "present", "portalVeinTumorThrombus": true } ] }
      ],
      "adverseEvents": [
        { "sourceId": "ae-1", "term": "Fatigue", "grade": 2, "onsetDate": "2021-02-01", "resolutionDate": "2021-02-20",
          "attribution": "probable", "suspectedTreatments": ["antiPd1"], "serious": false }
      ],
      "followUp": { "sourceId": "fu-1", "lastKnownAliveDate": "2021-09-01", "deathDate": "2021-09-30",
                    "deathCause": "Tumor progression", "lostToFollowUp": false, "subsequentTherapies": [] }
    }
    """)!.AsObject();

    /// <summary>A TACE + sorafenib patient, alive at last contact.</summary>
    public static JsonObject TaceSorafenib(string? externalId = null) => JsonNode.Parse($$"""
    {
      {{(externalId is null ? "" : $"\"externalId\": \"{externalId}\",")}}
      "arm": "TACE+Sorafenib",
      "onStudyDate": "2020-11-02",
      "sex": "female",
      "ageYears": 61,
      "baseline": { "ecog": 0, "childPughClass": "A", "childPughScore": 5, "bclcStage": "B", "hbv": true,
                    "albuminGPerL": 41, "totalBilirubinUmolPerL": 12, "afpNgPerMl": 35 },
      "taceSessions": [
        { "sourceId": "tace-1", "date": "2020-11-03", "chemotherapyAgent": "pirarubicin", "chemotherapyDose": 40,
          "chemotherapyDoseUnit": "mg", "lipiodolMl": 10, "embolicAgent": "calliSpheresMicrospheres", "technicalSuccess": true }
      ],
      "sorafenibCourses": [
        { "sourceId": "sor-1", "startDate": "2020-11-10", "endDate": "2021-03-10", "startingDailyDoseMg": 800,
          "doseChanges": [ { "date": "2020-12-10", "dailyDoseMg": 400, "reason": "Palmar-plantar erythrodysesthesia grade 2" } ],
          "discontinuationReason": "Progression" }
      ],
      "tumorAssessments": [
        { "date": "2020-10-28", "modality": "CT", "lesions": [
            { "lesionId": "T1", "site": "liver", "role": "target", "longestDiameterMm": 55, "viableDiameterMm": 50 } ] }
      ],
      "adverseEvents": [
        { "term": "Palmar-plantar erythrodysesthesia syndrome", "grade": 2, "onsetDate": "2020-12-01",
          "attribution": "definite", "suspectedTreatments": ["sorafenib"] }
      ],
      "followUp": { "lastKnownAliveDate": "2021-06-30", "lostToFollowUp": false }
    }
    """)!.AsObject();
}
