using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace HccOutcomes.Api.Manuscript;

/// <summary>
/// The manuscript tables as a Word document (Office Open XML, DocumentFormat.OpenXml): A4 portrait, one three-line
/// table per manuscript table with its title above and its footnotes below, Times New Roman 10 pt, footnote marks as
/// superscripts. Cell for cell the same table model as the HTML.
/// </summary>
internal static class ManuscriptDocx
{
    private const string Font = "Times New Roman";
    private const int BodySize = 20; // half-points: 10 pt
    private const int NoteSize = 17; // 8.5 pt
    private const int IndentTwips = 280;
    private const int TextWidth = 11906 - (2 * 1134); // twips

    public static byte[] Write(IReadOnlyList<ManuscriptTable> tables)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            foreach (var table in tables)
            {
                body.Append(Paragraph([TextRun(table.Title, bold: true)], spacingAfter: 80, keepNext: true));
                body.Append(Table(table));
                foreach (var note in table.Footnotes)
                {
                    var runs = new List<Run>();
                    if (note.Mark is { } mark)
                    {
                        runs.Add(TextRun(mark, size: NoteSize, superscript: true));
                        runs.Add(TextRun(" ", size: NoteSize));
                    }

                    runs.Add(TextRun(note.Text, size: NoteSize));
                    body.Append(Paragraph(runs, spacingAfter: 0));
                }

                body.Append(Paragraph([], spacingAfter: 240));
            }

            // A4 portrait, 2 cm margins.
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1134U, Right = 1134U, Header = 567U, Footer = 567U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static Table Table(ManuscriptTable model)
    {
        var rule = (uint)8; // eighths of a point: 1 pt
        var table = new Table(new TableProperties(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = rule },
                new LeftBorder { Val = BorderValues.Nil },
                new BottomBorder { Val = BorderValues.Single, Size = rule },
                new RightBorder { Val = BorderValues.Nil },
                new InsideHorizontalBorder { Val = BorderValues.Nil }, new InsideVerticalBorder { Val = BorderValues.Nil }),
            new TableLayout { Type = TableLayoutValues.Autofit }));

        // The label column takes two fifths of the text width (A4 less 2 cm margins), the others share the rest.
        var others = model.Columns.Count - 1;
        var grid = new TableGrid(new GridColumn { Width = (TextWidth * 2 / 5).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        for (var c = 0; c < others; c++)
        {
            grid.Append(new GridColumn { Width = (TextWidth * 3 / 5 / others).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        table.Append(grid);

        var header = new TableRow(new TableRowProperties(new TableHeader()));
        for (var c = 0; c < model.Columns.Count; c++)
        {
            header.Append(CellOf([TextRun(model.Columns[c], bold: true)], c == 0 ? JustificationValues.Left : JustificationValues.Center, 0, bottomRule: true));
        }

        table.Append(header);
        foreach (var row in model.Rows)
        {
            var tr = new TableRow(new TableRowProperties(new CantSplit()));
            tr.Append(CellOf([TextRun(row.Label, bold: row.Heading)], JustificationValues.Left, row.Indent));
            foreach (var cell in row.Cells)
            {
                List<Run> runs = [TextRun(cell.Text)];
                if (cell.Mark is { } mark)
                {
                    runs.Add(TextRun(mark, superscript: true));
                }

                tr.Append(CellOf(runs, JustificationValues.Center, 0));
            }

            table.Append(tr);
        }

        return table;
    }

    private static TableCell CellOf(IEnumerable<Run> runs, JustificationValues justification, int indent, bool bottomRule = false)
    {
        var properties = new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Auto });
        if (bottomRule)
        {
            properties.Append(new TableCellBorders(new BottomBorder { Val = BorderValues.Single, Size = 8U }));
        }

        var paragraph = new Paragraph(new ParagraphProperties(
            new SpacingBetweenLines { Before = "20", After = "20" },
            new Indentation { Left = (indent * IndentTwips).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            new Justification { Val = justification }));
        paragraph.Append(runs);
        return new TableCell(properties, paragraph);
    }

    private static Paragraph Paragraph(IEnumerable<Run> runs, int spacingAfter, bool keepNext = false)
    {
        var properties = new ParagraphProperties();
        if (keepNext)
        {
            properties.Append(new KeepNext());
        }

        properties.Append(new SpacingBetweenLines { Before = "0", After = spacingAfter.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var paragraph = new Paragraph(properties);
        paragraph.Append(runs);
        return paragraph;
    }

    private static Run TextRun(string text, bool bold = false, int size = BodySize, bool superscript = false)
    {
        var properties = new RunProperties(new RunFonts { Ascii = Font, HighAnsi = Font, ComplexScript = Font, EastAsia = Font });
        if (bold)
        {
            properties.Append(new Bold());
        }

        properties.Append(new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (superscript)
        {
            properties.Append(new VerticalTextAlignment { Val = VerticalPositionValues.Superscript });
        }

        return new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }
}
