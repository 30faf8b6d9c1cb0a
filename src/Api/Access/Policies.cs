using HccOutcomes.Infrastructure.Access;
using Microsoft.AspNetCore.Authorization;

namespace HccOutcomes.Api.Access;

/// <summary>
/// The authorization policies, one per kind of work. Every controller names one (<c>[Authorize(Policy = …)]</c>); the
/// fallback policy closes anything that does not, and the authorization-matrix test fails on it.
/// </summary>
public static class Policies
{
    /// <summary>Read patient records: submitters (own site), data managers, admins.</summary>
    public const string ReadRecords = "records.read";

    /// <summary>Write patient records: submitters (own site), data managers, admins.</summary>
    public const string WriteRecords = "records.write";

    /// <summary>Read derived outcomes and run analyses: analysts, data managers, admins.</summary>
    public const string Analyse = "analyse";

    /// <summary>See cohorts (those granted): every role.</summary>
    public const string SeeCohorts = "cohorts.read";

    /// <summary>Create, change and delete cohorts: admins.</summary>
    public const string ManageCohorts = "cohorts.manage";

    /// <summary>Lock, unlock, recompute, patient history: data managers, admins.</summary>
    public const string ManageData = "data.manage";

    /// <summary>Clients and the whole audit trail: admins.</summary>
    public const string Administer = "admin";

    /// <summary>Reference vocabularies: every role.</summary>
    public const string Reference = "reference";

    /// <summary>The roles each policy admits.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> RolesOf = new Dictionary<string, string[]>
    {
        [ReadRecords] = [Roles.Submitter, Roles.DataManager, Roles.Admin],
        [WriteRecords] = [Roles.Submitter, Roles.DataManager, Roles.Admin],
        [Analyse] = [Roles.Analyst, Roles.DataManager, Roles.Admin],
        [SeeCohorts] = [Roles.Submitter, Roles.Analyst, Roles.DataManager, Roles.Admin],
        [ManageCohorts] = [Roles.Admin],
        [ManageData] = [Roles.DataManager, Roles.Admin],
        [Administer] = [Roles.Admin],
        [Reference] = [Roles.Submitter, Roles.Analyst, Roles.DataManager, Roles.Admin],
    };

    /// <summary>Registers every policy, and a fallback that requires a token.</summary>
    public static void Add(AuthorizationOptions options)
    {
        foreach (var (name, roles) in RolesOf)
        {
            options.AddPolicy(name, policy => policy.RequireAuthenticatedUser().RequireRole(roles));
        }

        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
