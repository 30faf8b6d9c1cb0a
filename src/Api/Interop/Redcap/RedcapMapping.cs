namespace HccOutcomes.Api.Interop.Redcap;

/// <summary>
/// How a site's own REDCap project maps onto the registry's: field renames, choice-code maps and which of its
/// instruments holds which of the registry's record lists. Everything not named is taken as the registry's own.
/// </summary>
public sealed class RedcapMapping
{
    /// <summary>The site's field name → the registry's field name (e.g. <c>"gender": "sex"</c>; a checkbox is renamed by its
    /// field name, without the <c>___code</c> suffix).</summary>
    public Dictionary<string, string> Fields { get; set; } = [];

    /// <summary>Per registry field, the site's choice code (or label) → the registry's (e.g. <c>"sex": {"M": "1", "F": "2"}</c>).</summary>
    public Dictionary<string, Dictionary<string, string>> Choices { get; set; } = [];

    /// <summary>The site's repeating instrument → the registry's (e.g. <c>"toxicity_log": "adverse_events"</c>).</summary>
    public Dictionary<string, string> Instruments { get; set; } = [];

    internal string? FieldName(string column)
    {
        if (Fields.TryGetValue(column, out var name))
        {
            return name;
        }

        // A renamed checkbox field keeps its choice suffix.
        var separator = column.LastIndexOf("___", StringComparison.Ordinal);
        return separator > 0 && Fields.TryGetValue(column[..separator], out var checkbox) ? checkbox + column[separator..] : null;
    }

    internal string? ChoiceCode(string field, string code) =>
        Choices.TryGetValue(field, out var codes) && codes.TryGetValue(code.Trim(), out var ours) ? ours : null;

    internal string? InstrumentName(string instrument) =>
        instrument.Length > 0 && Instruments.TryGetValue(instrument, out var ours) ? ours : null;

    /// <summary>Errors of a mapping that names fields or instruments the registry's project does not have.</summary>
    internal Dictionary<string, string[]> Check(RedcapProject project)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (theirs, ours) in Fields.Where(f => !project.ByName.ContainsKey(f.Value) && !IsSystem(f.Value)))
        {
            errors[$"mapping.fields.{theirs}"] = [$"'{ours}' is not a field of the registry's data dictionary."];
        }

        foreach (var (field, _) in Choices.Where(c => !project.ByName.TryGetValue(c.Key, out var f) || f.Choices.Count == 0))
        {
            errors[$"mapping.choices.{field}"] = [$"'{field}' is not a dropdown, yes/no or checkbox field of the registry's data dictionary."];
        }

        foreach (var (theirs, ours) in Instruments.Where(i => !project.InstrumentByName.TryGetValue(i.Value, out var instrument) || !instrument.Repeating))
        {
            errors[$"mapping.instruments.{theirs}"] = [$"'{ours}' is not a repeating instrument of the registry's project ({string.Join(", ", project.Instruments.Where(i => i.Repeating).Select(i => i.Name))})."];
        }

        return errors;
    }

    private static bool IsSystem(string name) => name is RedcapProject.RecordId or RedcapProject.EventName or RedcapProject.RepeatInstrument or RedcapProject.RepeatInstance;
}
