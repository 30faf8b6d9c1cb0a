using System.Globalization;
using System.Text;

namespace HccOutcomes.Api.Interop.Redcap;

/// <summary>
/// The REDCap data dictionary of a <see cref="RedcapProject"/> (the 18 standard columns of "Upload Data Dictionary"),
/// and the list of its repeating instruments (the CSV of "Repeating instruments and events → Upload").
/// </summary>
internal static class RedcapDictionary
{
    public static readonly string[] Columns =
    [
        "Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
        "Choices, Calculations, OR Slider Labels", "Field Note", "Text Validation Type OR Show Slider Number",
        "Text Validation Min", "Text Validation Max", "Identifier?", "Branching Logic (Show field only if...)",
        "Required Field?", "Custom Alignment", "Question Number (surveys only)", "Matrix Group Name", "Matrix Ranking?",
        "Field Annotation",
    ];

    /// <summary>The data dictionary as CSV (LF line ends, as committed).</summary>
    public static string ToCsv(RedcapProject project) =>
        Csv([Columns, .. project.Fields.Select(Row)]);

    /// <summary>The repeating instruments as REDCap's upload CSV (<c>form_name,custom_form_label</c>); each instance is
    /// labelled by its first date (lesions: their assessment date and lesion ID).</summary>
    public static string RepeatingInstrumentsCsv(RedcapProject project)
    {
        var rows = project.Instruments.Where(i => i.Repeating).Select(instrument =>
        {
            var label = instrument.Fields.Where(f => f.Kind == RedcapFieldKind.Date).Take(1)
                .Concat(instrument.Fields.Where(f => f.Name == "les_lesion_id"))
                .Select(f => $"[{f.Name}]");
            return new[] { instrument.Name, string.Join(" ", label) };
        });
        return Csv([["form_name", "custom_form_label"], .. rows]);
    }

    // Through the API's one CSV writer (RFC 4180 quoting).
    private static string Csv(IEnumerable<string[]> rows)
    {
        using var buffer = new MemoryStream();
        var pipe = System.IO.Pipelines.PipeWriter.Create(buffer);
        foreach (var row in rows)
        {
            Outcomes.Utf8Csv.Line(pipe, row);
        }

        pipe.Complete();
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string[] Row(RedcapField field)
    {
        var (type, validation) = field.Kind switch
        {
            RedcapFieldKind.Text => ("text", null),
            RedcapFieldKind.Notes => ("notes", null),
            RedcapFieldKind.Integer => ("text", "integer"),
            RedcapFieldKind.Number => ("text", "number"),
            RedcapFieldKind.Date => ("text", "date_ymd"),
            RedcapFieldKind.YesNo => ("yesno", null),
            RedcapFieldKind.Dropdown => ("dropdown", null),
            RedcapFieldKind.Checkbox => ("checkbox", (string?)null),
            _ => throw new InvalidOperationException(field.Kind.ToString()),
        };
        var choices = field.Kind is RedcapFieldKind.Dropdown or RedcapFieldKind.Checkbox
            ? string.Join(" | ", field.Choices.Select(c => $"{c.Code}, {c.Label}"))
            : null;
        var path = field.Instrument.DocumentPath;
        var annotation = field.JsonName is { } json
            ? $"JSON: {(path.Length == 0 ? json : $"{path}.{json}")}"
            : $"Links this instance to its parent in {path[..path.LastIndexOf('.')]}";
        return
        [
            field.Name, field.Instrument.Name, "", type, field.Label, choices ?? "", field.Note ?? "", validation ?? "",
            Bound(field.Bound?.Min), Bound(field.Bound?.Max), "", "", field.Required ? "y" : "", "", "", "", "",
            annotation,
        ];
    }

    private static string Bound(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
}
