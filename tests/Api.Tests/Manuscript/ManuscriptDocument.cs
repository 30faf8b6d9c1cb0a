using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;

namespace HccOutcomes.Api.Tests.Manuscript;

/// <summary>A Word document's tables read back with OpenXml: per table its title (the paragraph before it), rows of cell texts and the footnotes after it.</summary>
public sealed record DocxTable(string Title, List<List<DocxCell>> Rows, List<string> Footnotes)
{
    /// <summary>The row whose first cell is <paramref name="label"/>, after the row <paramref name="after"/> when given.</summary>
    public List<DocxCell> Row(string label, string? after = null)
    {
        var start = after is null ? 0 : Rows.FindIndex(r => r[0].Text == after);
        Assert.True(start >= 0, $"{Title}: no row '{after}'");
        var row = Rows.Skip(start).FirstOrDefault(r => r[0].Text == label);
        Assert.True(row is not null, $"{Title}: no row '{label}'" + (after is null ? "" : $" after '{after}'"));
        return row!;
    }
}

/// <summary>A cell: its text without the superscript footnote mark, and the mark.</summary>
public sealed record DocxCell(string Text, string Mark);

public static class ManuscriptDocument
{
    /// <summary>Opens the document, checks it against the Office schema, and reads its tables.</summary>
    public static List<DocxTable> Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var document = WordprocessingDocument.Open(stream, false);
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, "schema errors:\n" + string.Join("\n", errors.Take(10)));

        var tables = new List<DocxTable>();
        var body = document.MainDocumentPart!.Document!.Body!;
        DocxTable? current = null;
        string? lastParagraph = null;
        foreach (var element in body.Elements())
        {
            switch (element)
            {
                case Table table:
                    current = new DocxTable(lastParagraph ?? "", [.. table.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(Cell).ToList())], []);
                    tables.Add(current);
                    break;
                case Paragraph paragraph:
                    var text = paragraph.InnerText;
                    if (current is not null && text.Length > 0)
                    {
                        current.Footnotes.Add(text);
                    }
                    else if (text.Length == 0)
                    {
                        current = null;
                    }

                    lastParagraph = text;
                    break;
            }
        }

        return tables;
    }

    private static DocxCell Cell(TableCell cell)
    {
        var runs = cell.Descendants<Run>().ToList();
        bool Superscript(Run r) => r.RunProperties?.VerticalTextAlignment?.Val?.Value == VerticalPositionValues.Superscript;
        return new DocxCell(string.Concat(runs.Where(r => !Superscript(r)).Select(r => r.InnerText)), string.Concat(runs.Where(Superscript).Select(r => r.InnerText)));
    }
}
