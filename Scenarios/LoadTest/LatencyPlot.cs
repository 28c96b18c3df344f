// The latency plot of `provsim loadtest --out`: per-second p50, p99 and max allocation latency over the
// run, and the allocations per second beside them. Text is drawn with the DejaVu Sans font shipped in
// Reports/Fonts (Reports.PlotFont), so labels render on a machine that has no fonts installed.
using ScottPlot;
using ProverSim.LoadTest;

namespace ProverSim.Scenarios.LoadTest;

public static class LatencyPlot
{
    public static void Write(string path, LoadTestResult result)
    {
        var rows = result.Series.Where(r => r.Latency.Count > 0).ToList();
        var seconds = rows.Select(r => r.Seconds).ToArray();

        var plot = Reports.PlotFont.NewPlot();
        AddLine(plot, seconds, rows.Select(r => r.Latency.MaxMs), "max", Colors.Gray);
        AddLine(plot, seconds, rows.Select(r => r.Latency.P99Ms), "p99", Colors.OrangeRed);
        AddLine(plot, seconds, rows.Select(r => r.Latency.P50Ms), "p50", Colors.SteelBlue);

        var rate = plot.Add.Scatter(seconds, rows.Select(r => r.AllocationsPerSecond).ToArray());
        rate.LegendText = "allocations/s (right axis)";
        rate.Color = Colors.SeaGreen;
        rate.LineStyle.Pattern = LinePattern.Dashed;
        rate.MarkerSize = 0;
        rate.Axes.YAxis = plot.Axes.Right;

        var o = result.Options;
        plot.Title($"{o.Provers:N0} provers, k = {o.K}, rate {o.RateName}, {o.ModeName}: " +
            $"{result.AllocationsPerSecondRounded:N1} allocations/s, p99 {result.Latency.P99Ms:N1} ms");
        plot.XLabel("seconds since the allocation phase started (warm-up included)");
        plot.YLabel("allocation latency per second of arrivals (ms)");
        plot.Axes.Right.Label.Text = "allocations/s";
        plot.Axes.SetLimitsY(0, Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.Latency.MaxMs)) * 1.05, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.AllocationsPerSecond)) * 1.1, plot.Axes.Right);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 1200, 600);
    }

    private static void AddLine(Plot plot, double[] seconds, IEnumerable<double> values, string label, Color color)
    {
        var line = plot.Add.Scatter(seconds, values.ToArray());
        line.LegendText = label;
        line.Color = color;
        line.LineWidth = 2;
        line.MarkerSize = 4;
    }
}
