// The one font every plot uses: DejaVu Sans, regular and bold, shipped in Reports/Fonts and copied to
// fonts/ beside the program. ScottPlot (SkiaSharp) silently drops every glyph when the named font is
// missing, so the files are registered by path, once, and a missing file is an error, not a blank plot.
using ScottPlot;

namespace ProverSim.Reports;

public static class PlotFont
{
    public const string Name = "ProverSim Sans";

    private static readonly Lazy<bool> Registered = new(() =>
    {
        foreach (var (file, bold) in new[] { ("DejaVuSans.ttf", false), ("DejaVuSans-Bold.ttf", true) })
        {
            var path = Path.Combine(AppContext.BaseDirectory, "fonts", file);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"the plot font is missing: {path}", path);
            }

            Fonts.AddFontFile(Name, path, bold, italic: false);
        }

        return true;
    });

    /// <summary>A new plot whose every label (title, axes, ticks, legend) is drawn in the shipped font.</summary>
    public static Plot NewPlot()
    {
        _ = Registered.Value;
        var plot = new Plot();
        plot.Font.Set(Name);
        return plot;
    }
}
