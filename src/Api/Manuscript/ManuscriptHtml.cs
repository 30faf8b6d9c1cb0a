using System.Text;

namespace HccOutcomes.Api.Manuscript;

/// <summary>
/// The manuscript tables as one self-contained HTML page styled for print (three-line tables, serif 10 pt, A4), every
/// style inline so that a copy into a word processor keeps it. No scripts, images or outside resources.
/// </summary>
internal static class ManuscriptHtml
{
    private const string Rule = "1pt solid #000";
    private const string CellStyle = "padding:2pt 6pt;vertical-align:top;";

    public static string Write(IReadOnlyList<ManuscriptTable> tables, string title)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(title)).Append("</title>\n")
            .Append("<style>@page{size:A4;margin:2cm}table{page-break-inside:avoid}</style>\n</head>\n")
            .Append("<body style=\"font-family:'Times New Roman',Times,serif;font-size:10pt;color:#000;background:#fff;margin:2cm;\">\n");
        foreach (var table in tables)
        {
            Table(html, table);
        }

        return html.Append("</body>\n</html>\n").ToString();
    }

    private static void Table(StringBuilder html, ManuscriptTable table)
    {
        var columns = table.Columns.Count;
        html.Append("<table style=\"border-collapse:collapse;width:100%;margin:0 0 18pt 0;\">\n")
            .Append("<caption style=\"caption-side:top;text-align:left;font-weight:bold;padding:0 0 4pt 0;\">")
            .Append(Encode(table.Title)).Append("</caption>\n<thead>\n<tr>");
        for (var c = 0; c < columns; c++)
        {
            html.Append("<th style=\"").Append(CellStyle).Append("border-top:").Append(Rule).Append(";border-bottom:").Append(Rule)
                .Append(";font-weight:bold;text-align:").Append(c == 0 ? "left" : "center").Append(";\">")
                .Append(Encode(table.Columns[c])).Append("</th>");
        }

        html.Append("</tr>\n</thead>\n<tbody>\n");
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var last = r == table.Rows.Count - 1 ? $"border-bottom:{Rule};" : "";
            html.Append("<tr><td style=\"").Append(CellStyle).Append(last).Append("text-align:left;padding-left:").Append(6 + (14 * row.Indent)).Append("pt;")
                .Append(row.Heading ? "font-weight:bold;" : "").Append("\">").Append(Encode(row.Label)).Append("</td>");
            foreach (var cell in row.Cells)
            {
                html.Append("<td style=\"").Append(CellStyle).Append(last).Append("text-align:center;white-space:nowrap;\">").Append(Encode(cell.Text));
                if (cell.Mark is { } mark)
                {
                    html.Append("<sup>").Append(Encode(mark)).Append("</sup>");
                }

                html.Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n<tfoot>\n");
        foreach (var note in table.Footnotes)
        {
            html.Append("<tr><td colspan=\"").Append(columns).Append("\" style=\"padding:2pt 6pt;font-size:8.5pt;text-align:left;\">");
            if (note.Mark is { } mark)
            {
                html.Append("<sup>").Append(Encode(mark)).Append("</sup> ");
            }

            html.Append(Encode(note.Text)).Append("</td></tr>\n");
        }

        html.Append("</tfoot>\n</table>\n");
    }

    // Only the characters HTML gives a meaning; everything else is UTF-8 as is (±, –, χ², ≥).
    private static string Encode(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
