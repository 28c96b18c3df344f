// A small writer for the self-contained report pages: escaped text, tables, embedded PNGs, one style sheet.
using System.Globalization;
using System.Net;
using System.Text;

namespace ProverSim.Reports;

internal sealed class Html
{
    private const string Style = """
        body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2em auto; max-width: 1000px; color: #222; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
        table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.82em; }
        .wide { overflow-x: auto; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
        th:first-child, td:first-child, td.text { text-align: left; }
        th { background: #f2f2f2; }
        img { max-width: 100%; border: 1px solid #ddd; margin: 0.4em 0; }
        pre { background: #f7f7f7; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
        .note { color: #555; font-size: 0.9em; }
        """;

    private readonly StringBuilder _body = new();

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    public static string Number(double value, string format = "N2") =>
        double.IsNaN(value) ? "—" : value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A mean, with its 95% interval when there were several samples ("—" for none).</summary>
    public static string Estimate(Estimate e) =>
        e.Samples == 0 ? "—" : e.Samples == 1 ? Number(e.Mean, "#,0.###") : $"{Number(e.Mean, "#,0.###")} [{Number(e.Low, "#,0.###")}, {Number(e.High, "#,0.###")}]";

    public Html Heading(int level, string text)
    {
        _body.Append(CultureInfo.InvariantCulture, $"<h{level}>{Escape(text)}</h{level}>\n");
        return this;
    }

    public Html Paragraph(string text, bool note = false)
    {
        _body.Append(note ? "<p class=\"note\">" : "<p>").Append(Escape(text)).Append("</p>\n");
        return this;
    }

    public Html Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("<div class=\"wide\"><table>\n<tr>");
        foreach (var h in header)
        {
            _body.Append("<th>").Append(Escape(h)).Append("</th>");
        }

        _body.Append("</tr>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row)
            {
                _body.Append(IsFigure(cell) ? "<td>" : "<td class=\"text\">").Append(Escape(cell)).Append("</td>");
            }

            _body.Append("</tr>\n");
        }

        _body.Append("</table></div>\n");
        return this;
    }

    // Figures (numbers, intervals, percentages, "—") line up on the right; words and paths read from the left.
    private static bool IsFigure(string cell)
    {
        var digits = cell.TrimStart('-', '+', '[');
        return cell.Length == 0 || cell == "—"
            || (digits.Length > 0 && char.IsAsciiDigit(digits[0]) && !cell.Any(c => char.IsAsciiLetter(c) || c is '/' or ':'));
    }

    public Html Image(string alt, byte[] png)
    {
        _body.Append("<img alt=\"").Append(Escape(alt)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\">\n");
        return this;
    }

    public Html Preformatted(string text)
    {
        _body.Append("<pre>").Append(Escape(text)).Append("</pre>\n");
        return this;
    }

    public string Page(string title) =>
        $"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{Escape(title)}</title>\n<style>\n{Style}\n</style>\n</head>\n<body>\n{_body}</body>\n</html>\n";
}
