using System.Globalization;
using System.Text.RegularExpressions;
using HccOutcomes.Api.Contracts.Patients;

namespace HccOutcomes.Api.Interop.Redcap;

/// <summary>
/// The patient documents grouped from a REDCap export, with the provenance of every part: the validator's and the
/// writer's JSON paths (<c>patients[3].adverseEvents[1].grade</c>) are told back as REDCap coordinates
/// (<c>record 17 / adverse_events #2 / ae_grade</c>, message starting with the row).
/// </summary>
internal sealed partial class RedcapImport(List<PatientDocument> documents, List<Dictionary<string, RedcapCoordinates>> provenance)
{
    public List<PatientDocument> Documents { get; } = documents;

    /// <summary>The errors of a batch validation or write, keyed by REDCap coordinates.</summary>
    public Dictionary<string, string[]> Translate(IEnumerable<KeyValuePair<string, string[]>> errors)
    {
        var translated = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (path, messages) in errors)
        {
            foreach (var message in messages)
            {
                var (key, text) = Translate(path, message);
                if (!translated.TryGetValue(key, out var list))
                {
                    translated[key] = list = [];
                }

                list.Add(text);
            }
        }

        return translated.ToDictionary(e => e.Key, e => e.Value.Distinct().ToArray(), StringComparer.Ordinal);
    }

    /// <summary>One error: its REDCap key and message.</summary>
    public (string Key, string Message) Translate(string path, string message)
    {
        var match = PatientPath().Match(path);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var index) || index >= provenance.Count)
        {
            return (path, message);
        }

        var rest = match.Groups[2].Value.TrimStart('.');
        var map = provenance[index];
        // The longest recorded prefix is the instance the path is in; what follows is the field.
        var prefix = string.Empty;
        for (var end = rest.Length; end > 0; end--)
        {
            if ((end == rest.Length || rest[end] == '.') && map.ContainsKey(rest[..end]))
            {
                prefix = rest[..end];
                break;
            }
        }

        var at = map[prefix];
        var remainder = prefix.Length == rest.Length ? string.Empty : rest[(prefix.Length == 0 ? 0 : prefix.Length + 1)..];
        var jsonName = remainder.Split('.', '[')[0];
        var field = jsonName.Length == 0 ? null : at.Instrument.Fields.FirstOrDefault(f => f.JsonName == jsonName);
        var fieldName = field?.Name ?? (remainder.Length == 0 ? null : remainder);
        var text = field is null ? message : message.Replace($"'{jsonName}'", $"'{field.Name}'", StringComparison.OrdinalIgnoreCase);
        return (at.Key(fieldName), $"row {at.Row.ToString(CultureInfo.InvariantCulture)}: {text}");
    }

    /// <summary>A warning's field path in REDCap terms.</summary>
    public DataWarning Translate(DataWarning warning)
    {
        var (key, message) = Translate(warning.Field, warning.Message);
        return new DataWarning(key, message);
    }

    [GeneratedRegex(@"^patients\[(\d+)\](.*)$")]
    private static partial Regex PatientPath();
}
