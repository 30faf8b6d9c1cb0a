using System.Text;

namespace HccOutcomes.Api.Interop.Redcap;

/// <summary>
/// Reads RFC 4180 CSV as REDCap writes it (comma-separated, fields quoted when they hold a comma, quote or _line
/// break), as it streams in (one record in memory at a time) and reports the _line each record starts on.
/// </summary>
internal sealed class CsvReader(TextReader reader)
{
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _field = new();
    private int _position;
    private int _length;
    private int _line = 1;

    /// <summary>Line (1-based) on which the last record read starts.</summary>
    public int RecordLine { get; private set; }

    /// <summary>Reads the next record into <paramref name="fields"/> (cleared first); false at the end of the input.
    /// Empty fields are <see cref="string.Empty"/> (no allocation), so a sparse export costs little.</summary>
    public async ValueTask<bool> ReadAsync(List<string> fields, CancellationToken cancellationToken)
    {
        fields.Clear();
        _field.Clear();
        RecordLine = _line;
        var inQuotes = false;
        var any = false;
        while (true)
        {
            if (_position == _length)
            {
                _length = await reader.ReadAsync(_buffer, cancellationToken);
                _position = 0;
                if (_length == 0)
                {
                    if (any || _field.Length > 0 || fields.Count > 0)
                    {
                        fields.Add(Take());
                        return true;
                    }

                    return false;
                }
            }

            var c = _buffer[_position++];
            any = true;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (await PeekAsync(cancellationToken) == '"')
                    {
                        _position++;
                        _field.Append('"');
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
                        _line++;
                    }

                    _field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when _field.Length == 0:
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(Take());
                    break;
                case '\r':
                    break;
                case '\n':
                    _line++;
                    fields.Add(Take());
                    return true;
                default:
                    _field.Append(c);
                    break;
            }
        }
    }

    private string Take()
    {
        var value = _field.Length == 0 ? string.Empty : _field.ToString();
        _field.Clear();
        return value;
    }

    private async ValueTask<int> PeekAsync(CancellationToken cancellationToken)
    {
        if (_position == _length)
        {
            _length = await reader.ReadAsync(_buffer, cancellationToken);
            _position = 0;
            if (_length == 0)
            {
                return -1;
            }
        }

        return _buffer[_position];
    }
}
