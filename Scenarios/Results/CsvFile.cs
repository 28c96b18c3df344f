// Writes a CSV file (RFC 4180 quoting, invariant culture, '\n' line ends) atomically: rows go to a
// temporary file that replaces the target only when complete, so a results file is never half written.
using System.Globalization;
using System.Text;

namespace ProverSim.Scenarios.Results;

public static class CsvFile
{
    public static void Write(string path, IReadOnlyList<string> header, IEnumerable<IEnumerable<object?>> rows)
    {
        var builder = new StringBuilder();
        AppendRow(builder, header);
        foreach (var row in rows)
        {
            AppendRow(builder, row);
        }

        AtomicFile.WriteAllText(path, builder.ToString());
    }

    /// <summary>One row as it appears in the file, line end included.</summary>
    public static string Row(IEnumerable<object?> row)
    {
        var builder = new StringBuilder();
        AppendRow(builder, row);
        return builder.ToString();
    }

    private static void AppendRow(StringBuilder builder, IEnumerable<object?> row)
    {
        var first = true;
        foreach (var value in row)
        {
            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            builder.Append(Escape(Format(value)));
        }

        builder.Append('\n');
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        byte[] bytes => Convert.ToHexStringLower(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Escape(string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
}
