// A small CSV reader for one-record-per-line files: commas, optional double quotes ("" inside quotes).
namespace OpenEts.Allocation.Allocation;

/// <summary>Splits CSV text into records with their line numbers; blank lines are skipped.</summary>
public static class CsvLines
{
    /// <summary>The non-blank lines of <paramref name="text"/> as (line number, fields), or an error for a bad quote.</summary>
    public static IEnumerable<(int Line, string[]? Fields, string? Error)> Read(TextReader text)
    {
        var lineNumber = 0;
        while (text.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line.All(char.IsWhiteSpace))
                continue;
            var fields = Split(line, out var error);
            yield return (lineNumber, fields, error);
        }
    }

    /// <summary>Splits one line into fields; null with an error when a quote is not closed.</summary>
    public static string[]? Split(string line, out string? error)
    {
        error = null;
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                    quoted = false;
                else
                    current.Append(c);
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
                current.Append(c);
        }
        if (quoted)
        {
            error = "A double quote is not closed.";
            return null;
        }
        fields.Add(current.ToString());
        return fields.ToArray();
    }
}
