// A small RFC 4180 reader and writer: quoted fields may hold commas, quotes ("") and line breaks.
using System.Text;

namespace OpenEts.Voluntary.Registries;

/// <summary>Reads and writes CSV records.</summary>
public static class CsvText
{
    /// <summary>Longest field accepted (a limit on everything).</summary>
    public const int MaxFieldLength = 1 << 20;

    /// <summary>Each record as its fields, header included, in file order.</summary>
    public static IEnumerable<string[]> Records(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            any = true;
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append((char)c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && reader.Peek() == '\n')
                    reader.Read();
                fields.Add(field.ToString());
                field.Clear();
                yield return [.. fields];
                fields.Clear();
                any = false;
            }
            else
            {
                field.Append((char)c);
            }
            if (field.Length > MaxFieldLength)
                throw new InvalidDataException($"A CSV field is longer than {MaxFieldLength} characters.");
        }
        if (quoted)
            throw new InvalidDataException("The CSV ends inside a quoted field.");
        if (any)
        {
            fields.Add(field.ToString());
            yield return [.. fields];
        }
    }

    /// <summary>One field, quoted when it holds a comma, quote or line break.</summary>
    public static string Field(string? value)
    {
        value ??= "";
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>One record line (without the line break).</summary>
    public static string Line(IEnumerable<string?> values) => string.Join(',', values.Select(Field));
}
