using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;

namespace HccOutcomes.Api.Contracts.Analyses;

/// <summary>
/// Subjects of two groups with baseline covariates: a propensity model, weights, balance and optionally matching.
/// </summary>
public sealed class PropensityRequest
{
    /// <summary>One entry per subject.</summary>
    public List<PropensitySubject> Subjects { get; set; } = [];

    /// <summary>The group name of the treated; there must be exactly two groups.</summary>
    public string? Treated { get; set; }

    /// <summary>Covariates of the model (main effects, in this order). A string-valued covariate is categorical: levels in ordinal (byte) order, the first the reference, terms named <c>covariate:level</c>.</summary>
    public List<string> Covariates { get; set; } = [];

    /// <summary><c>ATE</c> (default), <c>ATT</c> or <c>ATO</c> (overlap weights).</summary>
    public string? Estimand { get; set; }

    /// <summary>ATE only: multiply each weight by the marginal probability of the subject's own group.</summary>
    public bool? Stabilize { get; set; }

    /// <summary>Optional greedy nearest-neighbour matching on the logit of the score.</summary>
    public MatchingOptions? Matching { get; set; }
}

/// <summary>One subject.</summary>
public sealed class PropensitySubject
{
    /// <summary>Subject id, unique.</summary>
    public string? Id { get; set; }

    /// <summary>Group name.</summary>
    public string? Group { get; set; }

    /// <summary>Covariate values by name: a number, or a string for a categorical covariate.</summary>
    public Dictionary<string, CovariateValue>? Covariates { get; set; }
}

/// <summary>Matching options (MatchIt <c>method = "nearest"</c>, <c>m.order = "largest"</c>, without replacement).</summary>
public sealed class MatchingOptions
{
    /// <summary>Controls per treated subject, 1 to 5; default 1.</summary>
    public int? Ratio { get; set; }

    /// <summary>Caliper in SDs of the logit of the score (over all subjects), &gt; 0; default 0.2.</summary>
    public double? Caliper { get; set; }

    /// <summary>
    /// How distances are compared: <c>matchit</c> (default) gives MatchIt 4.5.1's pairs, which compares distances
    /// truncated to whole logit units, so a pair can lie beyond the caliper; <c>exact</c> compares real distances, so
    /// the caliper holds.
    /// </summary>
    /// <example>matchit</example>
    public string? Rule { get; set; }
}

/// <summary>The propensity analysis.</summary>
/// <param name="Model">The logistic model <c>glm(treated ~ covariates, family = binomial)</c>.</param>
/// <param name="Estimand">ATE, ATT or ATO.</param>
/// <param name="Stabilized">Whether the ATE weights are stabilized.</param>
/// <param name="Subjects">Per subject, in request order.</param>
/// <param name="EffectiveSampleSize">Kish's (Σw)²/Σw² per group.</param>
/// <param name="Balance">One row per continuous or binary covariate and per level of a categorical one.</param>
/// <param name="Matching">Matching summary (null without matching).</param>
public sealed record PropensityResponse(
    PropensityModelView Model, string Estimand, bool Stabilized, IReadOnlyList<PropensitySubjectView> Subjects,
    GroupPair EffectiveSampleSize, IReadOnlyList<BalanceRowView> Balance, MatchingView? Matching);

/// <summary>The fitted logistic model.</summary>
/// <param name="Converged">True when IRLS converged (false e.g. under complete separation).</param>
/// <param name="Iterations">IRLS iterations.</param>
/// <param name="Terms">Coefficients, <c>(Intercept)</c> first; null statistics for a redundant column.</param>
public sealed record PropensityModelView(bool Converged, int Iterations, IReadOnlyList<PropensityTermView> Terms);

/// <summary>One coefficient on the log-odds scale.</summary>
/// <param name="Term">Term name.</param>
/// <param name="Coefficient">Estimate.</param>
/// <param name="StdErr">Standard error.</param>
/// <param name="Z">Wald z.</param>
/// <param name="P">Two-sided p-value.</param>
public sealed record PropensityTermView(string Term, double? Coefficient, double? StdErr, double? Z, double? P);

/// <summary>One subject's score, weight and match.</summary>
/// <param name="Id">Subject id.</param>
/// <param name="Group">Group name.</param>
/// <param name="PropensityScore">P(treated | covariates).</param>
/// <param name="Weight">Weight for the estimand.</param>
/// <param name="MatchedWith">Id of the matched partner (for a treated subject with several controls, the first); null when unmatched or without matching.</param>
public sealed record PropensitySubjectView(string Id, string Group, double PropensityScore, double Weight, string? MatchedWith);

/// <summary>A value for the treated and for the controls.</summary>
/// <param name="Treated">Treated group.</param>
/// <param name="Control">Control group.</param>
public sealed record GroupPair(double Treated, double Control);

/// <summary>Mean and SD of one group (unadjusted).</summary>
/// <param name="Mean">Mean (proportion for binary).</param>
/// <param name="Sd">Sample SD for continuous, √(p(1 − p)) for binary; null when undefined.</param>
public sealed record MomentsView(double? Mean, double? Sd);

/// <summary>Unadjusted, weighted and matched values (null when not computed or undefined).</summary>
/// <param name="Unadjusted">Before adjustment.</param>
/// <param name="Weighted">With the estimand's weights.</param>
/// <param name="Matched">In the matched subjects.</param>
public sealed record AdjustedValueView(double? Unadjusted, double? Weighted, double? Matched);

/// <summary>The balance of one covariate column.</summary>
/// <param name="Covariate">Covariate, or <c>covariate:level</c>.</param>
/// <param name="Type"><c>continuous</c> or <c>binary</c>.</param>
/// <param name="Treated">Treated mean and SD.</param>
/// <param name="Control">Control mean and SD.</param>
/// <param name="Smd">Standardized mean differences, with the unadjusted groups' pooled SD.</param>
/// <param name="VarianceRatio">Variance ratios treated/control (continuous only, else null).</param>
public sealed record BalanceRowView(
    string Covariate, string Type, MomentsView Treated, MomentsView Control, AdjustedValueView Smd, AdjustedValueView? VarianceRatio);

/// <summary>Matching summary.</summary>
/// <param name="Pairs">Matched sets (pairs when the ratio is 1).</param>
/// <param name="UnmatchedTreated">Treated subjects without a control inside the caliper.</param>
/// <param name="Caliper">The caliper in logit units (the requested SDs × SD of the logit).</param>
/// <param name="Ratio">Controls per treated subject.</param>
/// <param name="Rule"><c>matchit</c> (MatchIt 4.5.1's truncated distances) or <c>exact</c> (real distances).</param>
/// <param name="PairsBeyondCaliper">Matched sets with a control farther than the caliper on the logit (0 under <c>exact</c>).</param>
public sealed record MatchingView(int Pairs, int UnmatchedTreated, double? Caliper, int Ratio, string Rule, int PairsBeyondCaliper)
{
    /// <summary>The view of a matching done under <paramref name="rule"/>.</summary>
    internal static MatchingView Of(HccOutcomes.Analysis.Adjusted.MatchingResult m, int ratio, string? rule) =>
        new(m.Sets.Count, m.UnmatchedTreated, m.Caliper, ratio, rule ?? MatchingRules.MatchIt, m.SetsBeyondCaliper);
}

/// <summary>The names of the matching rules in requests and responses.</summary>
internal static class MatchingRules
{
    public const string MatchIt = "matchit";
    public const string Exact = "exact";

    public const string Message = "The matching rule must be matchit or exact.";

    /// <summary>True for a known rule or none (the default).</summary>
    public static bool IsValid(string? rule) => rule is null or MatchIt or Exact;

    public static HccOutcomes.Analysis.Adjusted.MatchingRule Parse(string? rule) =>
        rule == Exact ? HccOutcomes.Analysis.Adjusted.MatchingRule.Exact : HccOutcomes.Analysis.Adjusted.MatchingRule.MatchIt;
}

internal sealed class PropensityRequestValidator : AbstractValidator<PropensityRequest>
{
    internal static readonly string[] Estimands = ["ATE", "ATT", "ATO"];

    public PropensityRequestValidator()
    {
        RuleFor(r => r.Subjects).Must(s => s.Count >= 2).WithMessage("At least two subjects are needed.");
        RuleFor(r => r.Treated).NotEmpty();
        RuleFor(r => r.Estimand).Must(e => e is null || Estimands.Contains(e, StringComparer.Ordinal))
            .WithMessage("The estimand must be ATE, ATT or ATO.");
        RuleFor(r => r.Stabilize).Must(s => s != true).When(r => r.Estimand is not null and not "ATE")
            .WithMessage("Stabilization applies to ATE weights only.");
        RuleFor(r => r.Matching!.Ratio).InclusiveBetween(1, 5).When(r => r.Matching is not null).OverridePropertyName("matching.ratio");
        RuleFor(r => r.Matching!.Caliper).GreaterThan(0).When(r => r.Matching is not null).OverridePropertyName("matching.caliper");
        RuleFor(r => r.Matching!.Rule).Must(MatchingRules.IsValid).When(r => r.Matching is not null)
            .OverridePropertyName("matching.rule").WithMessage(MatchingRules.Message);
        RuleFor(r => r.Covariates).NotEmpty().WithMessage("At least one covariate is needed.");
        RuleForEach(r => r.Covariates).NotEmpty();
        RuleFor(r => r).Custom(Subjects);
    }

    // Subjects and their covariates: paths subjects[i].id, subjects[i].covariates.name; one failure per problem.
    private static void Subjects(PropensityRequest r, ValidationContext<PropensityRequest> context)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var groups = new HashSet<string>(StringComparer.Ordinal);
        var kinds = new Dictionary<string, (JsonValueKind Kind, int First)>(StringComparer.Ordinal);
        var duplicates = r.Covariates.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);
        foreach (var name in duplicates)
        {
            context.AddFailure(new ValidationFailure("covariates", $"Covariate '{name}' is listed more than once."));
        }

        for (var i = 0; i < r.Subjects.Count; i++)
        {
            var s = r.Subjects[i];
            if (s is null)
            {
                context.AddFailure(new ValidationFailure($"subjects[{i}]", "A subject is required."));
                continue;
            }

            if (string.IsNullOrEmpty(s.Id))
            {
                context.AddFailure(new ValidationFailure($"subjects[{i}].id", "The id is required."));
            }
            else if (!ids.Add(s.Id))
            {
                context.AddFailure(new ValidationFailure($"subjects[{i}].id", $"Id '{s.Id}' repeats an earlier subject's."));
            }

            if (string.IsNullOrEmpty(s.Group))
            {
                context.AddFailure(new ValidationFailure($"subjects[{i}].group", "The group is required."));
            }
            else
            {
                groups.Add(s.Group);
            }

            foreach (var name in r.Covariates.Where(c => !string.IsNullOrEmpty(c)))
            {
                var path = $"subjects[{i}].covariates.{name}";
                if (s.Covariates is null || !s.Covariates.TryGetValue(name, out var value))
                {
                    context.AddFailure(new ValidationFailure(path, "The covariate is missing."));
                    continue;
                }

                if (value.Kind is not (JsonValueKind.Number or JsonValueKind.String) || (value.Kind == JsonValueKind.String && string.IsNullOrEmpty(value.Text)))
                {
                    context.AddFailure(new ValidationFailure(path, "A covariate is a number or a non-empty string."));
                    continue;
                }

                if (value.Kind == JsonValueKind.Number && !(value.Number is { } d && double.IsFinite(d)))
                {
                    context.AddFailure(new ValidationFailure(path, "The number must be finite."));
                    continue;
                }

                if (!kinds.TryGetValue(name, out var seen))
                {
                    kinds[name] = (value.Kind, i);
                }
                else if (seen.Kind != value.Kind)
                {
                    context.AddFailure(new ValidationFailure(path,
                        $"The covariate is a {Describe(seen.Kind)} in subjects[{seen.First}] and a {Describe(value.Kind)} here; a covariate is numeric or categorical for every subject."));
                }
            }
        }

        if (groups.Count != 2 && r.Subjects.Count >= 2)
        {
            context.AddFailure(new ValidationFailure("subjects", $"Exactly two groups are needed; there are {groups.Count}."));
        }
        else if (!string.IsNullOrEmpty(r.Treated) && groups.Count == 2 && !groups.Contains(r.Treated))
        {
            context.AddFailure(new ValidationFailure("treated", $"'{r.Treated}' is not one of the groups."));
        }
    }

    private static string Describe(JsonValueKind kind) => kind == JsonValueKind.Number ? "number" : "string";
}
