// Two results folders side by side (`provsim compare`): each side's headline statistics (the mean over
// its runs when it holds several), their difference, and the Lorenz curves and latency CDFs overlaid.
using System.Text;
using ScottPlot;

namespace ProverSim.Reports;

public static class Comparison
{
    public static string Write(string first, string second, string output)
    {
        var sides = new[] { first, second }.Select(f => (Folder: f, Runs: ReportWriter.FindRuns(f).Select(RunStatistics.Of).ToList())).ToList();
        string Label(int i) => $"{sides[i].Runs[0].Run.Name} ({Path.GetFileName(Path.TrimEndingDirectorySeparator(sides[i].Folder))}, {sides[i].Runs.Count} run{(sides[i].Runs.Count == 1 ? "" : "s")})";

        var html = new Html();
        html.Heading(1, $"ProverSim comparison: {Label(0)} vs {Label(1)}");
        html.Paragraph("Each value is the mean over the folder's runs, with its 95% bootstrap interval when there are several.", note: true);
        var headline = sides[0].Runs[0].Headline;
        var estimates = sides.Select(s => headline.Select((_, i) => Stats.Bootstrap([.. s.Runs.Select(r => r.Headline[i].Value)])).ToList()).ToList();
        html.Table(
            ["statistic", Label(0), Label(1), "difference (2 − 1)"],
            headline.Select((h, i) => (IReadOnlyList<string>)[h.Label, Html.Estimate(estimates[0][i]), Html.Estimate(estimates[1][i]), Html.Number(estimates[1][i].Mean - estimates[0][i].Mean, "#,0.###")]));

        var lorenz = PlotFont.NewPlot();
        var cdf = PlotFont.NewPlot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var s = 0; s < 2; s++)
        {
            var stats = sides[s].Runs[0];
            Plots.AddLorenz(lorenz, stats.All, $"{Label(s)}: Gini {stats.All.Gini:0.000}", palette.GetColor(s));
            if (stats.FirstProof.Count > 0)
            {
                Plots.AddCdf(cdf, stats.FirstProof, $"{Label(s)}: p50 {stats.FirstProof.P50:N0} ms", palette.GetColor(s));
            }
        }

        lorenz.Title("Lorenz curves of earnings (first run of each)");
        lorenz.XLabel("share of provers (poorest first)");
        lorenz.YLabel("share of all earnings");
        lorenz.ShowLegend(Alignment.UpperLeft);
        cdf.Title("Submission to first valid proof (first run of each)");
        cdf.XLabel("milliseconds of virtual time");
        cdf.YLabel("share of workloads");
        cdf.ShowLegend(Alignment.LowerRight);
        html.Image("Lorenz curves", Plots.Png(lorenz));
        html.Image("Latency CDFs", Plots.Png(cdf));

        var directory = Path.GetDirectoryName(Path.GetFullPath(output));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new InvalidDataException($"{output}: the folder {directory} does not exist");
        }

        ReportWriter.WriteAtomically(output, Encoding.UTF8.GetBytes(html.Page($"ProverSim comparison: {Label(0)} vs {Label(1)}")));
        return output;
    }

}
