using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Infrastructure.Analysis;

namespace HccOutcomes.Api.Analyses;

/// <summary>
/// One time-to-event endpoint of the compared groups as columns, group after group in the request's order: each
/// subject's time (months), event, group name and patient. Patients without the endpoint are left out.
/// </summary>
internal sealed record SurvivalColumns(List<double> Time, List<bool> Event, List<string> Group, List<AnalysisPatient> Patients)
{
    /// <summary>
    /// The endpoint's columns; with an <paramref name="exclusions"/> log, the patients without the endpoint are recorded
    /// there under <paramref name="analysis"/>.
    /// </summary>
    public static SurvivalColumns Collect(
        ComparisonGroups groups, Func<AnalysisPatient, TimeToEventRow?> get, ExclusionLog? exclusions = null, string analysis = "")
    {
        var columns = new SurvivalColumns([], [], [], []);
        for (var g = 0; g < groups.Count; g++)
        {
            var missing = 0;
            foreach (var p in groups.Members[g])
            {
                if (get(p) is not { } row)
                {
                    missing++;
                    continue;
                }

                columns.Time.Add(row.Months);
                columns.Event.Add(!row.Censored);
                columns.Group.Add(groups.Names[g]);
                columns.Patients.Add(p);
            }

            if (missing > 0 && exclusions is not null)
            {
                exclusions.Add(new Exclusion(groups.Names[g], analysis, "No derived time-to-event row", missing));
            }
        }

        return columns;
    }
}
