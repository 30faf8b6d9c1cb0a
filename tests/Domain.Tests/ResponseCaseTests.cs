using HccOutcomes.Domain.Response;

namespace HccOutcomes.Domain.Tests;

public class ResponseCaseTests
{
    [Fact]
    public void The_table_has_at_least_40_cases_covering_both_criteria()
    {
        Assert.True(ResponseCaseTable.Cases.Length >= 40);
        Assert.Contains(ResponseCaseTable.Cases, c => c.Criteria == Criteria.MRecist);
        Assert.Contains(ResponseCaseTable.Cases, c => c.Criteria == Criteria.Recist11);
        Assert.Equal(ResponseCaseTable.Cases.Length, ResponseCaseTable.Cases.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(ResponseCaseTable.Names), MemberType = typeof(ResponseCaseTable))]
    public void Worked_case(string name)
    {
        var c = ResponseCaseTable.Get(name);
        var e = ResponseEvaluator.Evaluate(Build.OnStudy, c.Assessments, c.Criteria, c.Options);
        Assert.Equal(ResponseSource.Measurements, e.Source);
        Assert.Equal(c.ExpectedTimepoints, Build.Overall(e));
        Assert.Equal(c.ExpectedBor, e.BestOverallResponse);
        Assert.False(string.IsNullOrWhiteSpace(e.BestOverallResponseReasoning));
        Assert.All(e.Timepoints, t => Assert.StartsWith($"{t.Overall} on {t.Date:yyyy-MM-dd}: ", t.Reasoning, StringComparison.Ordinal));
    }
}
