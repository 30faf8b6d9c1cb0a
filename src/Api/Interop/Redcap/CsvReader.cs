using System.Text;

namespace HccOutcomes.Api.Interop.Redcap;

/// <summary>
/// Reads RFC 4180 CSV as REDCap writes it (comma-separated, fields quoted when they hold a comma, quote or line
/// break), as it streams in (one record in memory at a time) and reports the line each record starts on.
/// </summary>
internal sealed class CsvReader(TextReader reader)
{
    private readonly char[] buffer = new char[64 * 1024];
    private readonly StringBuilder field = new();
    private int position;
    private int length;
    private int line = 1;

    /// <summary>Line (1-based) on which the last record read starts.</summary>
    public int RecordLine { get; private set; }

    /// <summary>Reads the next record into <paramref name="fields"/> (cleared first); false at the end of the input.
    /// Empty fields are <see cref="string.Empty"/> (no allocation), so a sparse export costs little.</summary>
    public async ValueTask<bool> ReadAsync(List<string> fields, CancellationToken cancellationToken)
    {
        fields.Clear();
        field.Clear();
        RecordLine = line;
        var inQuotes = false;
        var any = false;
        while (true)
        {
            if (position == length)
            {
                length = await reader.ReadAsync(buffer, cancellationToken);
                position = 0;
                if (length == 0)
                {
                    if (any || field.Length > 0 || fields.Count > 0)
                    {
                        fields.Add(Take());
                        return true;
                    }

                    return false;
                }
            }

            var c = buffer[position++];
            any = true;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (await PeekAsync(cancellationToken) == '"')
                    {
                        position++;
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(Take());
                    break;
                case '\r':
                    break;
                case '\n':
                    line++;
                    fields.Add(Take());
                    return true;
                default:
                    field.Append(c);
                    break;
            }
        }
    }

    private string Take()
    {
        var value = field.Length == 0 ? string.Empty : field.ToString();
        field.Clear();
        return value;
    }

    private async ValueTask<int> PeekAsync(CancellationToken cancellationToken)
    {
        if (position == length)
        {
            length = await reader.ReadAsync(buffer, cancellationToken);
            position = 0;
            if (length == 0)
            {
                return -1;
            }
        }

        return buffer[position];
    }
}
