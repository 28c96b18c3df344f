// The figures of a report (ScottPlot, PNG): reward distribution per group, Lorenz curves with the Gini,
// earnings against hardware speed by behaviour, tier shares, the active set, declines and market fills
// over time, latency CDFs, and for sweeps each statistic against the swept parameter with its 95% band
// (a heatmap when two parameters are swept). Every label is drawn in the shipped font (PlotFont).
using ScottPlot;

namespace ProverSim.Reports;

public static class Plots
{
    public const int Width = 900;
    public const int Height = 500;

    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    public static byte[] Png(Plot plot) => plot.GetImageBytes(Width, Height, ImageFormat.Png);

    public static Plot EarningsHistogram(RunStatistics stats)
    {
        var plot = PlotFont.NewPlot();
        var all = stats.Run.Provers.Select(p => p.Earnings).ToArray();
        var max = all.Length == 0 ? 1 : Math.Max(1, all.Max());
        const int bins = 20;
        var width = max / bins;
        var group = 0;
        foreach (var g in stats.Groups)
        {
            var counts = new double[bins];
            foreach (var p in stats.Run.Provers.Where(p => p.Group == g.Name))
            {
                counts[Math.Min(bins - 1, (int)(p.Earnings / width))]++;
            }

            var edges = Enumerable.Range(0, bins + 1).Select(i => i * width).ToArray();
            var line = plot.Add.Scatter(edges, [.. counts, counts[^1]]);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LegendText = $"{g.Name} ({g.Provers} provers, median {g.Median:N0})";
            line.Color = Palette.GetColor(group++);
            line.LineWidth = 2;
            line.MarkerSize = 0;
        }

        plot.Title("Reward distribution per group");
        plot.XLabel("earnings per prover (base units: tier rewards + fees + PoW rewards)");
        plot.YLabel("provers");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    public static Plot LorenzCurves(RunStatistics stats)
    {
        var plot = PlotFont.NewPlot();
        var equality = plot.Add.Scatter(new double[] { 0, 1 }, new double[] { 0, 1 });
        equality.LegendText = "perfect equality";
        equality.Color = Colors.Gray;
        equality.LinePattern = LinePattern.Dashed;
        equality.MarkerSize = 0;
        var index = 0;
        foreach (var d in new[] { stats.All }.Concat(stats.Groups))
        {
            AddLorenz(plot, d, $"{d.Name}: Gini {d.Gini:0.000}", index == 0 ? Colors.Black : Palette.GetColor(index - 1), index == 0 ? 3 : 2);
            index++;
        }

        plot.Title("Lorenz curves of earnings");
        plot.XLabel("share of provers (poorest first)");
        plot.YLabel("share of all earnings");
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    public static Plot EarningsBySpeed(RunStatistics stats)
    {
        var plot = PlotFont.NewPlot();
        var index = 0;
        foreach (var behaviour in stats.Run.Provers.Select(p => p.Behaviour).Distinct().Order(StringComparer.Ordinal))
        {
            var provers = stats.Run.Provers.Where(p => p.Behaviour == behaviour).ToArray();
            var points = plot.Add.ScatterPoints(provers.Select(p => p.Speed).ToArray(), provers.Select(p => p.Earnings).ToArray());
            points.LegendText = $"{behaviour} ({provers.Length})";
            points.Color = Palette.GetColor(index++);
            points.MarkerSize = 7;
        }

        plot.Title("Earnings against actual proving speed, by behaviour");
        plot.XLabel("actual speed (VM cycles per second)");
        plot.YLabel("earnings per prover (base units)");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    public static Plot TierShares(RunStatistics stats)
    {
        var plot = PlotFont.NewPlot();
        var shares = stats.TierShares.Select(s => 100 * s).ToArray();
        var positions = Enumerable.Range(1, shares.Length).Select(i => (double)i).ToArray();
        var bars = plot.Add.Bars(positions, shares);
        bars.Color = Palette.GetColor(0);
        foreach (var (bar, share) in bars.Bars.Zip(shares))
        {
            bar.Label = $"{share:0.0}%";
        }

        bars.ValueLabelStyle.FontName = PlotFont.Name;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, [.. positions.Select(p => $"rank {p:0}")]);
        plot.Title("Share of tier rewards by finishing rank");
        plot.XLabel("finishing rank of the valid proof");
        plot.YLabel("share of all tier rewards (%)");
        plot.Axes.SetLimitsY(0, Math.Max(10, shares.DefaultIfEmpty(0).Max() * 1.15));
        return plot;
    }

    public static Plot OverTime(RunStatistics stats)
    {
        var plot = PlotFont.NewPlot();
        var slots = stats.Run.Slots.Select(s => (double)s.Slot).ToArray();
        void Line(string label, IEnumerable<int> values, int color, bool right)
        {
            var line = plot.Add.Scatter(slots, values.Select(v => (double)v).ToArray());
            line.LegendText = label;
            line.Color = Palette.GetColor(color);
            line.LineWidth = 2;
            line.MarkerSize = 0;
            if (right)
            {
                line.Axes.YAxis = plot.Axes.Right;
            }
        }

        Line("active set size (left axis)", stats.Run.Slots.Select(s => s.ActiveSetSize), 0, false);
        Line("declines per slot", stats.Run.Slots.Select(s => s.Declines), 1, true);
        Line("market fills per slot", stats.Run.Slots.Select(s => s.MarketFills), 2, true);
        Line("pending workloads", stats.Run.Slots.Select(s => s.PendingWorkloads), 3, true);
        plot.Title("Active set, declines and market fills over time");
        plot.XLabel("slot");
        plot.YLabel("members of the active set");
        plot.Axes.Right.Label.Text = "per slot";
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    public static Plot LatencyCdfs(RunStatistics stats)
    {
        var plot = PlotFont.NewPlot();
        var index = 0;
        foreach (var latency in new[] { stats.FirstProof, stats.UserOpened, stats.Verified }.Where(l => l.Count > 0))
        {
            var line = AddCdf(plot, latency, $"{latency.Name}: p50 {latency.P50:N0}, p99 {latency.P99:N0} ms", Palette.GetColor(index));
            line.LineWidth = index == 1 ? 3 : 2;
            line.LinePattern = index++ == 1 ? LinePattern.Dashed : LinePattern.Solid;
        }

        plot.Title("Latency from submission (virtual time)");
        plot.XLabel("milliseconds after the workload arrived");
        plot.YLabel("share of workloads");
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>A Lorenz curve as a line (also used by the comparison page).</summary>
    public static ScottPlot.Plottables.Scatter AddLorenz(Plot plot, Distribution distribution, string label, Color color, float width = 2)
    {
        var line = plot.Add.Scatter(distribution.Lorenz.Select(p => p.Population).ToArray(), distribution.Lorenz.Select(p => p.Share).ToArray());
        line.LegendText = label;
        line.Color = color;
        line.LineWidth = width;
        line.MarkerSize = 0;
        return line;
    }

    /// <summary>The empirical CDF of a latency as a step line.</summary>
    public static ScottPlot.Plottables.Scatter AddCdf(Plot plot, Latency latency, string label, Color color)
    {
        var xs = latency.SortedMs.ToArray();
        var line = plot.Add.Scatter(xs, Enumerable.Range(1, xs.Length).Select(i => i / (double)xs.Length).ToArray());
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LegendText = label;
        line.Color = color;
        line.LineWidth = 2;
        line.MarkerSize = 0;
        return line;
    }

    /// <summary>A statistic against one swept parameter: the mean over replications and its 95% bootstrap band.</summary>
    public static Plot AgainstParameter(string parameter, IReadOnlyList<string> labels, IReadOnlyList<Estimate> estimates, string statistic)
    {
        var plot = PlotFont.NewPlot();
        var xs = Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray();
        var band = plot.Add.FillY(xs, estimates.Select(e => e.Low).ToArray(), estimates.Select(e => e.High).ToArray());
        band.FillColor = Palette.GetColor(0).WithAlpha(0.25);
        band.LegendText = "95% bootstrap interval over replications";
        var mean = plot.Add.Scatter(xs, estimates.Select(e => e.Mean).ToArray());
        mean.Color = Palette.GetColor(0);
        mean.LineWidth = 2;
        mean.MarkerSize = 8;
        mean.LegendText = "mean";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(xs, [.. labels]);
        plot.Title($"{statistic} against {parameter}");
        plot.XLabel(parameter);
        plot.YLabel(statistic);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>
    /// Each group's mean tier rewards: the theory's expectation and what the run paid, each with the interval
    /// given (a run's: around the expectation; replications': around the simulated mean).
    /// </summary>
    public static Plot TheoryCheck(
        IReadOnlyList<string> groups, IReadOnlyList<double> expected, IReadOnlyList<double> expectedMargin,
        IReadOnlyList<double> simulated, IReadOnlyList<double> simulatedLow, IReadOnlyList<double> simulatedHigh, string interval)
    {
        var plot = PlotFont.NewPlot();
        var xs = Enumerable.Range(0, groups.Count).Select(i => (double)i).ToArray();
        double[] none = [.. xs.Select(_ => 0.0)];
        void Series(double[] at, IReadOnlyList<double> ys, double[] below, double[] above, int color, MarkerShape shape, string label)
        {
            var bars = new ScottPlot.Plottables.ErrorBar(at, [.. ys], none, none, above, below) { LineWidth = 2, Color = Palette.GetColor(color) };
            plot.Add.Plottable(bars);
            var points = plot.Add.Scatter(at, [.. ys]);
            points.LineWidth = 0;
            points.MarkerSize = 11;
            points.MarkerShape = shape;
            points.Color = Palette.GetColor(color);
            points.LegendText = label;
        }

        Series([.. xs.Select(x => x - 0.08)], expected, [.. expectedMargin], [.. expectedMargin], 0, MarkerShape.FilledCircle, "expected (theory)");
        Series([.. xs.Select(x => x + 0.08)], simulated, [.. simulated.Zip(simulatedLow, (m, l) => m - l)], [.. simulatedHigh.Zip(simulated, (h, m) => h - m)], 1, MarkerShape.FilledDiamond, "simulated");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(xs, [.. groups]);
        plot.Axes.SetLimitsX(-0.6, groups.Count - 0.4);
        var top = expected.Zip(expectedMargin, (e, m) => e + m).Concat(simulatedHigh).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimitsY(0, top * 1.2);
        plot.Title($"Tier rewards per prover: theory and simulation ({interval})");
        plot.XLabel("group");
        plot.YLabel("mean tier rewards per prover (base units)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>A tuning search: each run's objective in the order run (feasible or not), and the best feasible so far.</summary>
    public static Plot TuneProgress(IReadOnlyList<double> values, IReadOnlyList<bool> feasible, string objective, bool minimise)
    {
        var plot = PlotFont.NewPlot();
        var xs = Enumerable.Range(1, values.Count).Select(i => (double)i).ToArray();
        void Points(Func<int, bool> which, int color, string label)
        {
            var at = Enumerable.Range(0, values.Count).Where(i => which(i) && !double.IsNaN(values[i])).ToList();
            if (at.Count == 0)
            {
                return;
            }

            var points = plot.Add.Scatter(at.Select(i => xs[i]).ToArray(), at.Select(i => values[i]).ToArray());
            points.LineWidth = 0;
            points.MarkerSize = 7;
            points.Color = Palette.GetColor(color);
            points.LegendText = label;
        }

        Points(i => feasible[i], 0, "a run (feasible)");
        Points(i => !feasible[i], 3, "a run (breaks a constraint)");
        var best = new List<(double X, double Y)>();
        var so = double.NaN;
        for (var i = 0; i < values.Count; i++)
        {
            if (feasible[i] && !double.IsNaN(values[i]) && (double.IsNaN(so) || (minimise ? values[i] < so : values[i] > so)))
            {
                so = values[i];
            }

            if (!double.IsNaN(so))
            {
                best.Add((xs[i], so));
            }
        }

        if (best.Count > 0)
        {
            var line = plot.Add.Scatter(best.Select(b => b.X).ToArray(), best.Select(b => b.Y).ToArray());
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.Color = Palette.GetColor(1);
            line.LegendText = $"best feasible run so far ({(minimise ? "lowest" : "highest")})";
        }

        plot.Title($"Tuning the tiers: {objective} of each run");
        plot.XLabel("run (in the order run)");
        plot.YLabel(objective);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>A statistic over two swept parameters (means over replications).</summary>
    public static Plot Heatmap(string rowParameter, IReadOnlyList<string> rows, string columnParameter, IReadOnlyList<string> columns, double[,] means, string statistic)
    {
        var plot = PlotFont.NewPlot();
        var heatmap = plot.Add.Heatmap(means);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap).Label = statistic;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(Enumerable.Range(0, columns.Count).Select(i => (double)i).ToArray(), [.. columns]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(Enumerable.Range(0, rows.Count).Select(i => (double)(rows.Count - 1 - i)).ToArray(), [.. rows]);
        plot.Title($"{statistic} over {rowParameter} × {columnParameter}");
        plot.XLabel(columnParameter);
        plot.YLabel(rowParameter);
        return plot;
    }
}
