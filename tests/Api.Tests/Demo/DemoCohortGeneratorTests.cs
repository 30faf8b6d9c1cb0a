using System.Text.Json;
using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Demo;
using HccOutcomes.Domain.Registry;

namespace HccOutcomes.Api.Tests.Demo;

/// <summary>The generator on its own (no database): deterministic, valid, and with the treatments the paper describes.</summary>
public sealed class DemoCohortGeneratorTests
{
    private static readonly IReadOnlyList<PatientDocument> Cohort = DemoCohort.Generate();

    private static IEnumerable<PatientDocument> Arm(string arm) => Cohort.Where(p => p.Arm == arm);

    private static double Median(IEnumerable<double> values) => DemoStatistics.QuantileType6(values.ToList(), 0.5);

    [Fact]
    public void Generation_is_deterministic()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Assert.Equal(JsonSerializer.Serialize(Cohort, json), JsonSerializer.Serialize(DemoCohort.Generate(), json));
    }

    [Fact]
    public void The_batch_is_valid_with_unique_ids_and_37_plus_41_patients()
    {
        var result = new PatientBatchRequestValidator().Validate(new PatientBatchRequest { Patients = [.. Cohort] });
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")));
        Assert.Equal(37, Arm(DemoCohort.RtArm).Count());
        Assert.Equal(41, Arm(DemoCohort.TaceArm).Count());
        Assert.Equal(78, Cohort.Select(p => p.ExternalId).Distinct().Count());
        Assert.All(Cohort, p => Assert.StartsWith("DEMO-", p.ExternalId, StringComparison.Ordinal));
    }

    [Fact]
    public void Radiotherapy_and_anti_pd1_follow_the_paper()
    {
        var rt = Arm(DemoCohort.RtArm).ToList();
        Assert.All(rt, p => Assert.Single(p.RadiotherapyCourses));
        var courses = rt.ConvertAll(p => p.RadiotherapyCourses[0]);
        Assert.Equal(40, Median(courses.Select(c => c.TotalDoseGy!.Value)));
        Assert.Equal(4, Median(courses.Select(c => c.DosePerFractionGy!.Value)));
        Assert.All(courses, c => Assert.Contains((c.FractionsPlanned!.Value, c.DosePerFractionGy!.Value), new[] { (10, 4.0), (20, 3.0), (10, 5.0), (10, 3.0), (20, 2.5) }));
        Assert.All(courses, c => Assert.All(c.Fractions, f => Assert.False(f.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)));

        var agents = rt.GroupBy(p => p.AntiPd1Cycles[0].Agent!.Value).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(32, agents[AntiPd1Agent.Camrelizumab]);
        Assert.Equal(3, agents[AntiPd1Agent.Sintilimab]);
        Assert.Equal(2, agents[AntiPd1Agent.Tislelizumab]);
        Assert.Equal(5, Median(rt.Select(p => (double)p.AntiPd1Cycles.Count)));
        Assert.Equal(1, rt.Min(p => p.AntiPd1Cycles.Count));
        Assert.Equal(20, rt.Max(p => p.AntiPd1Cycles.Count));
        Assert.Equal(35, rt.Count(p => p.AntiPd1Cycles[0].Date <= p.RadiotherapyCourses[0].EndDate));
        Assert.All(rt, p => Assert.All(p.AntiPd1Cycles.Zip(p.AntiPd1Cycles.Skip(1)), c =>
            Assert.InRange(c.Second.Date!.Value.DayNumber - c.First.Date!.Value.DayNumber, 14, 21)));
    }

    [Fact]
    public void Tace_and_sorafenib_follow_the_paper()
    {
        var tace = Arm(DemoCohort.TaceArm).ToList();
        Assert.Equal(2, Median(tace.Select(p => (double)p.TaceSessions.Count)));
        Assert.InRange(tace.Min(p => p.TaceSessions.Count), 1, 1);
        Assert.InRange(tace.Max(p => p.TaceSessions.Count), 6, 6);
        Assert.All(tace.SelectMany(p => p.TaceSessions), s =>
        {
            Assert.Equal(EmbolicAgent.CalliSpheresMicrospheres, s.EmbolicAgent);
            Assert.InRange(s.LipiodolMl!.Value, 5, 15);
            Assert.True(s.ChemotherapyAgent == TaceChemotherapyAgent.Cisplatin
                ? s.ChemotherapyDose == 80 && s.ChemotherapyDoseUnit == ChemotherapyDoseUnit.MgPerSquareMetre
                : s.ChemotherapyAgent == TaceChemotherapyAgent.Pirarubicin && s.ChemotherapyDose is >= 60 and <= 80);
        });

        var months = tace.ConvertAll(p =>
        {
            var s = p.SorafenibCourses.Single();
            Assert.Equal(800, s.StartingDailyDoseMg);
            var end = s.EndDate ?? p.FollowUp!.LastKnownAliveDate!.Value;
            return (end.DayNumber - s.StartDate!.Value.DayNumber + 1) / Domain.StudyTime.DaysPerMonth;
        });
        Assert.InRange(Median(months), 6.4, 6.6);
        Assert.InRange(months.Min(), 1.0, 1.1);
        Assert.InRange(months.Max(), 19.5, 20.5);
        Assert.InRange(tace.Count(p => p.SorafenibCourses[0].DoseChanges.Count > 0), 8, 30);
    }
}
