using HccOutcomes.Api.Access;
using HccOutcomes.Domain.Safety;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace HccOutcomes.Api.Controllers;

/// <summary>Controlled vocabularies that submitted records must use.</summary>
[ApiController]
[Route("api/v1/vocabularies")]
[Authorize(Policy = Policies.Reference)]
[Produces("application/json")]
public sealed class VocabulariesController : ControllerBase
{
    /// <summary>
    /// CTCAE v5.0 adverse-event terms accepted by the registry.
    /// CTCAE v5.0 adverse-event terms accepted by the registry, with MedDRA LLT codes and the grades each allows
    /// (e.g. alopecia 1–2, palmar-plantar erythrodysesthesia 1–3). Covers every term of the reference study's
    /// Table 3 and the common toxicities of radiotherapy, anti-PD1, TACE and sorafenib.
    /// </summary>
    [HttpGet("ctcae-terms")]
    [ProducesResponseType<IReadOnlyList<CtcaeTermView>>(StatusCodes.Status200OK)]
    public IReadOnlyList<CtcaeTermView> CtcaeTerms() => CtcaeVocabulary.Terms
        .Select(t => new CtcaeTermView(
            t.Term, t.MeddraCode, CtcaeVocabulary.Version, t.SystemOrganClass, t.MinGrade, t.MaxGrade,
            t.CommonWith, t.IsCtcaeTerm, t.Note))
        .ToList();
}

/// <summary>One accepted adverse-event term.</summary>
/// <param name="Term">Term exactly as CTCAE spells it (matching is case-insensitive).</param>
/// <param name="MeddraCode">MedDRA lowest-level-term code.</param>
/// <param name="CtcaeVersion">CTCAE version.</param>
/// <param name="SystemOrganClass">MedDRA system organ class.</param>
/// <param name="MinGrade">Lowest allowed grade.</param>
/// <param name="MaxGrade">Highest allowed grade.</param>
/// <param name="CommonWith">Treatments for which it is a common toxicity.</param>
/// <param name="IsCtcaeTerm">False for a non-CTCAE term kept because the treatments produce it.</param>
/// <param name="Note">Usage note.</param>
public sealed record CtcaeTermView(
    string Term,
    int? MeddraCode,
    string CtcaeVersion,
    string SystemOrganClass,
    int MinGrade,
    int MaxGrade,
    IReadOnlyList<HccOutcomes.Domain.SuspectedTreatment> CommonWith,
    bool IsCtcaeTerm,
    string? Note);
