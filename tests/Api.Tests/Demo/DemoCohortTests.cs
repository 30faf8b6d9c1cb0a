using System.Net.Http.Json;
using System.Text.Json;
using HccOutcomes.Api.Tests.Infrastructure;
using HccOutcomes.Demo;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HccOutcomes.Api.Tests.Demo;

/// <summary>
/// The demo cohort, loaded through the application's write path into the test database, reproduces the reference paper:
/// every assertion reads the STORED DERIVED OUTCOMES (patients and patient_outcomes, through its long views response_outcomes,
/// safety_term_outcomes, safety_outcomes and time_to_event_outcomes) and compares them with published-tables.json.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DemoCohortTests(ApiFactory factory) : IAsyncLifetime
{
    private static readonly string[] Keys = ["a", "b"];

    // Table 1 categorical rows of published-tables.json → predicate on the stored patient row.
    private static readonly Dictionary<string, string> Table1Predicates = new()
    {
        ["sex_male"] = "p.sex = 'Male'",
        ["hepatitis_b"] = "p.baseline_hbv",
        ["hepatitis_c"] = "p.baseline_hcv",
        ["liver_cirrhosis"] = "p.baseline_cirrhosis",
        ["afp_ge_400_ng_ml"] = "p.baseline_afp_ng_per_ml >= 400",
        ["albi_grade_le_2"] = "p.albi_grade <= 2",
        ["bilirubin_gt_21_umol_l"] = "p.baseline_total_bilirubin_umol_per_l > 21",
        ["albumin_lt_35_g_l"] = "p.baseline_albumin_g_per_l < 35",
        ["hemoglobin_lt_131_g_l"] = "p.baseline_hemoglobin_g_per_l < 131",
        ["platelets_lt_100e9_l"] = "p.baseline_platelets_10e9_per_l < 100",
        ["wbc_lt_3_97e9_l"] = "p.baseline_wbc_10e9_per_l < 3.97",
        ["max_tumor_diameter_ge_10_cm"] = "p.baseline_max_tumor_diameter_cm >= 10",
        ["macrovascular_invasion"] = "p.baseline_macrovascular_invasion",
        ["extrahepatic_metastasis"] = "p.baseline_extrahepatic_metastasis",
        ["bclc_stage_c"] = "p.baseline_bclc_stage = 'C'",
        ["prior_tace"] = "p.baseline_prior_tace",
        ["prior_hepatectomy"] = "p.baseline_prior_hepatectomy",
        ["prior_systemic_therapy"] = "p.baseline_prior_systemic_therapy",
    };

    // Continuous Table 1 rows → stored column.
    private static readonly Dictionary<string, string> Table1Columns = new()
    {
        ["age_years"] = "p.age_years",
        ["bodyweight_kg"] = "p.baseline_bodyweight_kg",
        ["max_tumor_diameter_cm"] = "p.baseline_max_tumor_diameter_cm",
    };

    private static readonly (string Key, string Stored)[] CriteriaKeys = [("recist_1_1", "Recist11"), ("mrecist", "MRecist")];

    public async Task InitializeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoCohortLoader>().EnsureLoadedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static JsonElement Published => PublishedTables.Root;

    /// <summary>Patients of the demo cohort in the arm of <paramref name="key"/> matching <paramref name="where"/> (SQL over p = patients).</summary>
    private Task<long> Count(string key, string from, string where) => factory.CountAsync(
        $"SELECT count(DISTINCT p.id) FROM {from} WHERE p.cohort_id = @c AND p.arm = @arm AND ({where})",
        ("c", DemoCohort.CohortId), ("arm", PublishedTables.Arm(key)));

    private async Task<List<T>> Values<T>(string key, string sql)
    {
        await using var connection = new NpgsqlConnection(factory.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("c", DemoCohort.CohortId);
        command.Parameters.AddWithValue("arm", PublishedTables.Arm(key));
        var result = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetFieldValue<T>(0));
        }

        return result;
    }

    [Fact]
    public async Task The_cohort_is_marked_synthetic_and_every_patient_was_derived()
    {
        var client = factory.CreateClient();
        var cohort = await client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{DemoCohort.CohortId}");
        Assert.True(cohort.GetProperty("isSynthetic").GetBoolean());
        Assert.Equal(DemoCohort.Name, cohort.GetProperty("name").GetString());
        Assert.Contains("synthetic", cohort.GetProperty("description").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("not patient data", cohort.GetProperty("description").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(78, cohort.GetProperty("patientCount").GetInt32());

        foreach (var key in Keys)
        {
            Assert.Equal(Published.GetProperty("arms").GetProperty(key.ToUpperInvariant()).GetProperty("n").GetInt64(), await Count(key, "patients p", "true"));
        }

        // The write path derived every outcome row: 2 responses, 4 time-to-event rows (OS, PFSCLIN, PFS per criteria) and 1 safety row per patient.
        var c = ("c", (object)DemoCohort.CohortId);
        Assert.Equal(156, await factory.CountAsync("SELECT count(*) FROM response_outcomes WHERE cohort_id = @c", c));
        Assert.Equal(312, await factory.CountAsync("SELECT count(*) FROM time_to_event_outcomes WHERE cohort_id = @c", c));
        Assert.Equal(78, await factory.CountAsync("SELECT count(*) FROM safety_outcomes WHERE cohort_id = @c", c));
    }

    [Fact]
    public async Task Table1_categorical_counts_per_arm_equal_the_published_counts()
    {
        var checkedRows = 0;
        foreach (var row in Published.GetProperty("table1_baseline").EnumerateArray())
        {
            var variable = row.GetProperty("variable").GetString()!;
            if (!row.TryGetProperty("a", out _))
            {
                Assert.True(Table1Columns.ContainsKey(variable), $"Table 1 row '{variable}' is neither categorical nor a known continuous variable.");
                continue;
            }

            Assert.True(Table1Predicates.TryGetValue(variable, out var predicate), $"No stored column for Table 1 row '{variable}'.");
            foreach (var key in Keys)
            {
                Assert.True(row.GetProperty(key).GetInt64() == await Count(key, "patients p", predicate!), $"Table 1 {variable}, arm {key}");
            }

            checkedRows++;
        }

        Assert.Equal(Table1Predicates.Count, checkedRows);

        // The note "BCLC B: 4 vs 10": every patient is stage B or C.
        Assert.Equal(4, await Count("a", "patients p", "p.baseline_bclc_stage = 'B'"));
        Assert.Equal(10, await Count("b", "patients p", "p.baseline_bclc_stage = 'B'"));
    }

    [Fact]
    public async Task Table1_continuous_summaries_equal_the_published_values()
    {
        foreach (var row in Published.GetProperty("table1_baseline").EnumerateArray())
        {
            var variable = row.GetProperty("variable").GetString()!;
            if (!Table1Columns.TryGetValue(variable, out var column))
            {
                continue;
            }

            foreach (var key in Keys)
            {
                var values = (await Values<double>(key, $"SELECT {column}::float8 FROM patients p WHERE p.cohort_id = @c AND p.arm = @arm")).ToArray();
                if (row.TryGetProperty($"{key}_mean", out var mean))
                {
                    var m = values.Average();
                    var sd = Math.Sqrt(values.Sum(v => (v - m) * (v - m)) / (values.Length - 1));
                    var sdPublished = row.GetProperty($"{key}_sd");
                    Assert.True(Math.Round(m, PublishedTables.Decimals(mean)) == mean.GetDouble(), $"{variable} {key} mean {m}");
                    Assert.True(Math.Round(sd, PublishedTables.Decimals(sdPublished)) == sdPublished.GetDouble(), $"{variable} {key} SD {sd}");
                }
                else
                {
                    var median = row.GetProperty($"{key}_median").GetDouble();
                    var iqr = row.GetProperty($"{key}_iqr");
                    foreach (var quantile in new Func<IReadOnlyList<double>, double, double>[] { DemoStatistics.QuantileType6, DemoStatistics.QuantileType7 })
                    {
                        Assert.Equal(median, Math.Round(quantile(values, 0.5), 2));
                        Assert.Equal(iqr[0].GetDouble(), Math.Round(quantile(values, 0.25), 2));
                        Assert.Equal(iqr[1].GetDouble(), Math.Round(quantile(values, 0.75), 2));
                    }
                }
            }
        }
    }

    [Fact]
    public async Task Table2_best_overall_responses_per_arm_equal_the_published_counts_under_both_criteria()
    {
        foreach (var (criteriaKey, stored) in CriteriaKeys)
        {
            var table = Published.GetProperty("table2_efficacy").GetProperty(criteriaKey);
            foreach (var key in Keys)
            {
                var from = "response_outcomes r JOIN patients p ON p.id = r.patient_id";
                foreach (var bor in table.GetProperty("best_overall_response").EnumerateObject())
                {
                    Assert.True(
                        bor.Value.GetProperty(key).GetInt64() == await Count(key, from, $"r.criteria = '{stored}' AND r.best_overall_response = '{bor.Name}'"),
                        $"{criteriaKey} {bor.Name} arm {key}");
                }

                Assert.Equal(table.GetProperty("objective_response").GetProperty(key).GetInt64(), await Count(key, from, $"r.criteria = '{stored}' AND r.objective_response"));
                Assert.Equal(table.GetProperty("disease_control").GetProperty(key).GetInt64(), await Count(key, from, $"r.criteria = '{stored}' AND r.disease_control"));
                Assert.Equal(0, await Count(key, from, $"r.criteria = '{stored}' AND r.best_overall_response = 'NE'"));
            }
        }
    }

    [Fact]
    public async Task Table2_time_to_response_is_within_0_05_months_of_the_published_median_and_IQR()
    {
        foreach (var (criteriaKey, stored) in CriteriaKeys)
        {
            var published = Published.GetProperty("table2_efficacy").GetProperty(criteriaKey).GetProperty("time_to_response_months_median_iqr");
            foreach (var key in Keys)
            {
                var months = (await Values<int>(key,
                        $"SELECT r.time_to_response_days FROM response_outcomes r JOIN patients p ON p.id = r.patient_id " +
                        $"WHERE p.cohort_id = @c AND p.arm = @arm AND r.criteria = '{stored}' AND r.objective_response"))
                    .ConvertAll(d => d / Domain.StudyTime.DaysPerMonth);
                var expected = published.GetProperty(key);
                Assert.InRange(DemoStatistics.QuantileType6(months, 0.5), expected[0].GetDouble() - 0.05, expected[0].GetDouble() + 0.05);
                Assert.InRange(DemoStatistics.QuantileType6(months, 0.25), expected[1].GetDouble() - 0.05, expected[1].GetDouble() + 0.05);
                Assert.InRange(DemoStatistics.QuantileType6(months, 0.75), expected[2].GetDouble() - 0.05, expected[2].GetDouble() + 0.05);
            }
        }
    }

    [Fact]
    public async Task Table3_treatment_related_adverse_events_per_arm_equal_the_published_counts()
    {
        var terms = "safety_term_outcomes s JOIN patients p ON p.id = s.patient_id";
        foreach (var row in Published.GetProperty("table3_safety_ctcae_5").EnumerateArray())
        {
            var label = row.GetProperty("term").GetString()!;
            foreach (var key in Keys)
            {
                if (row.TryGetProperty("grade3_plus", out var overall))
                {
                    Assert.True(
                        overall.GetProperty(key).GetInt64() == await Count(key, "safety_outcomes s JOIN patients p ON p.id = s.patient_id", "s.any_grade3plus_treatment_related"),
                        $"{label}, arm {key}");
                    continue;
                }

                // The published label carries lay wording in parentheses: "Anemia (decreased hemoglobin)".
                var term = label.Split(" (")[0].Replace("'", "''", StringComparison.Ordinal);
                Assert.True(
                    row.GetProperty("any").GetProperty(key).GetInt64() == await Count(key, terms, $"s.term = '{term}' AND s.worst_grade_treatment_related IS NOT NULL"),
                    $"{term} any grade, arm {key}");
                Assert.True(
                    row.GetProperty("grade3_4").GetProperty(key).GetInt64() == await Count(key, terms, $"s.term = '{term}' AND s.worst_grade_treatment_related BETWEEN 3 AND 4"),
                    $"{term} grade 3-4, arm {key}");
            }
        }

        // No treatment-related death, and every adverse event lies inside the treatment-emergent window.
        var c = ("c", (object)DemoCohort.CohortId);
        Assert.Equal(0, await factory.CountAsync("SELECT count(*) FROM safety_outcomes WHERE cohort_id = @c AND treatment_related_death", c));
        Assert.Equal(0, await factory.CountAsync("SELECT coalesce(sum(excluded_count), 0) FROM safety_outcomes WHERE cohort_id = @c", c));
        Assert.Equal(
            await factory.CountAsync("SELECT count(*) FROM adverse_events a JOIN patients p ON p.id = a.patient_id WHERE p.cohort_id = @c", c),
            await factory.CountAsync("SELECT coalesce(sum(treatment_emergent_count), 0) FROM safety_outcomes WHERE cohort_id = @c", c));
    }

    [Fact]
    public async Task Overall_survival_status_at_cutoff_equals_the_published_counts()
    {
        var status = Published.GetProperty("table2_efficacy").GetProperty("os").GetProperty("status_at_cutoff");
        var from = "time_to_event_outcomes t JOIN patients p ON p.id = t.patient_id";
        foreach (var key in Keys)
        {
            var expected = status.GetProperty(key);
            Assert.Equal(expected.GetProperty("dead").GetInt64(), await Count(key, from, "t.param_cd = 'OS' AND NOT t.censored"));
            Assert.Equal(expected.GetProperty("lost").GetInt64(), await Count(key, from, "t.param_cd = 'OS' AND t.censored AND t.event_description = 'Lost to follow-up'"));
            Assert.Equal(expected.GetProperty("alive").GetInt64(), await Count(key, from, "t.param_cd = 'OS' AND t.censored AND t.event_description <> 'Lost to follow-up'"));
        }
    }

    [Fact]
    public async Task Survival_comes_close_to_the_published_medians_and_landmark_rates()
    {
        var table = Published.GetProperty("table2_efficacy");
        foreach (var key in Keys)
        {
            var os = await Survival(key, "OS");
            var curve = DemoStatistics.KaplanMeier(os);
            foreach (var landmark in table.GetProperty("os").GetProperty("rates_percent").EnumerateObject())
            {
                var rate = 100 * DemoStatistics.SurvivalAt(curve, double.Parse(landmark.Name, System.Globalization.CultureInfo.InvariantCulture));
                Assert.InRange(rate, landmark.Value.GetProperty(key).GetDouble() - 0.1, landmark.Value.GetProperty(key).GetDouble() + 0.1);
            }

            AssertClose(table.GetProperty("os").GetProperty("median_months").GetProperty(key)[0].GetDouble(), DemoStatistics.Median(curve), 0.05);

            // Median follow-up by reverse Kaplan–Meier (censoring is the event).
            var followUp = DemoStatistics.KaplanMeier(os.ConvertAll(x => (x.Time, !x.Event)));
            AssertClose(table.GetProperty("median_followup_months").GetProperty(key)[0].GetDouble(), DemoStatistics.Median(followUp), 0.05);

            foreach (var pfs in new[] { "PFS_RECIST", "PFS_MRECIST" })
            {
                AssertClose(
                    table.GetProperty("pfs").GetProperty("median_months").GetProperty(key)[0].GetDouble(),
                    DemoStatistics.Median(DemoStatistics.KaplanMeier(await Survival(key, pfs))),
                    0.05);
            }
        }

        static void AssertClose(double expected, double? actual, double tolerance)
        {
            Assert.NotNull(actual);
            Assert.InRange(actual.Value, expected - tolerance, expected + tolerance);
        }
    }

    [Fact]
    public async Task Loading_is_idempotent_and_a_reload_rebuilds_the_same_cohort()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var loader = scope.ServiceProvider.GetRequiredService<DemoCohortLoader>();
        var again = await loader.EnsureLoadedAsync();
        Assert.False(again.Loaded);
        Assert.Equal(78, again.Patients);

        var before = await Snapshot();
        var reloaded = await loader.ReloadAsync();
        Assert.True(reloaded.Loaded);
        Assert.Equal(78, reloaded.Patients);
        Assert.Equal(before, await Snapshot());
    }

    /// <summary>Derived values that a reload must reproduce (patient IDs change, content does not).</summary>
    private async Task<string> Snapshot()
    {
        await using var connection = new NpgsqlConnection(factory.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT string_agg(x, '|' ORDER BY x) FROM (" +
            " SELECT p.external_id || ':' || r.criteria || ':' || r.best_overall_response || ':' || coalesce(r.time_to_response_days, -1) AS x" +
            " FROM response_outcomes r JOIN patients p ON p.id = r.patient_id WHERE p.cohort_id = @c" +
            " UNION ALL SELECT p.external_id || ':' || t.param_cd || ':' || t.days || ':' || t.censored" +
            " FROM time_to_event_outcomes t JOIN patients p ON p.id = t.patient_id WHERE p.cohort_id = @c" +
            " UNION ALL SELECT p.external_id || ':' || s.term || ':' || s.worst_grade || ':' || coalesce(s.worst_grade_treatment_related, 0)" +
            " FROM safety_term_outcomes s JOIN patients p ON p.id = s.patient_id WHERE p.cohort_id = @c) q",
            connection);
        command.Parameters.AddWithValue("c", DemoCohort.CohortId);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<(double Time, bool Event)>> Survival(string key, string paramCd)
    {
        await using var connection = new NpgsqlConnection(factory.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT t.months, t.censored FROM time_to_event_outcomes t JOIN patients p ON p.id = t.patient_id " +
            "WHERE p.cohort_id = @c AND p.arm = @arm AND t.param_cd = @param", connection);
        command.Parameters.AddWithValue("c", DemoCohort.CohortId);
        command.Parameters.AddWithValue("arm", PublishedTables.Arm(key));
        command.Parameters.AddWithValue("param", paramCd);
        var result = new List<(double, bool)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add((reader.GetDouble(0), !reader.GetBoolean(1)));
        }

        return result;
    }
}
