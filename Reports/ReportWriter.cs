// `report.html` and `plots/*.png` for a results folder: one self-contained page with
// the scenario's parameters, the tables and the figures. A run folder gets its own statistics; a folder
// of runs (replications and sweep points under runs/) gets each statistic's mean and 95% bootstrap
// interval per parameter point, and plots against the swept parameters. Deterministic: the same results
// give the same bytes.
using System.Text;
using System.Text.Json.Nodes;

namespace ProverSim.Reports;

public static class ReportWriter
{
    public const string FileName = "report.html";

    /// <summary>Writes report.html (and plots/) into <paramref name="folder"/>; returns the page's path.</summary>
    public static string Write(string folder)
    {
        var runs = FindRuns(folder);
        var plots = new List<(string Name, string Caption, byte[] Png)>();
        var html = new Html();
        if (runs.Count == 1 && RunData.IsRunFolder(folder))
        {
            RunPage(html, RunStatistics.Of(runs[0]), plots);
        }
        else
        {
            ExperimentPage(html, folder, [.. runs.Select(RunStatistics.Of)], plots);
        }

        var plotFolder = Path.Combine(folder, "plots");
        Directory.CreateDirectory(plotFolder);
        foreach (var (name, _, png) in plots)
        {
            WriteAtomically(Path.Combine(plotFolder, name + ".png"), png);
        }

        var path = Path.Combine(folder, FileName);
        WriteAtomically(path, Encoding.UTF8.GetBytes(html.Page($"ProverSim report: {runs[0].Name}")));
        return path;
    }

    /// <summary>The run folders of a results folder: itself, or runs/*/ (or */) holding manifest.json and provers.csv, by name.</summary>
    public static IReadOnlyList<RunData> FindRuns(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new InvalidDataException($"{folder}: no such folder");
        }

        if (RunData.IsRunFolder(folder))
        {
            return [RunData.Load(folder)];
        }

        var parent = Directory.Exists(Path.Combine(folder, "runs")) ? Path.Combine(folder, "runs") : folder;
        IEnumerable<string> candidates = Directory.GetDirectories(parent).Order(StringComparer.Ordinal);
        var experiment = Path.Combine(folder, "experiment.json");
        if (File.Exists(experiment) && JsonNode.Parse(File.ReadAllText(experiment))?["runs"] is JsonArray listed)
        {
            // The experiment's own list: complete runs only, in run order (not leftovers of an earlier experiment).
            candidates = listed.Where(r => r?["status"]?.GetValue<string>() == "complete").Select(r => Path.Combine(parent, r!["run_id"]!.GetValue<string>()));
        }

        var runs = candidates.Where(RunData.IsRunFolder).Select(RunData.Load).ToList();
        return runs.Count > 0
            ? runs
            : throw new InvalidDataException($"{folder}: not a results folder (no manifest.json and provers.csv here or in runs/*/)");
    }

    internal static void RunPage(Html html, RunStatistics stats, List<(string Name, string Caption, byte[] Png)> plots)
    {
        var run = stats.Run;
        html.Heading(1, $"ProverSim report: {run.Name}");
        Describe(html, run);

        html.Heading(2, "Earnings: distribution, inequality, concentration");
        html.Paragraph("Earnings = tier rewards + fee shares + PoW rewards received; slashing is listed in the scenario summary. " +
            "Gini and Theil are 0 for perfect equality; HHI is the sum of squared shares (1/n when equal); the Nakamoto coefficient is the " +
            "fewest provers holding more than half of all earnings. Per unit of hardware: earnings ÷ actual cycles/s; per unit of stake: " +
            "earnings ÷ stake; CV = population standard deviation ÷ mean.", note: true);
        html.Table(
            ["provers", "n", "total", "mean", "median", "p10", "p90", "Gini", "Theil", "HHI", "Nakamoto", "per cycle/s (mean)", "CV", "per stake (mean)", "CV"],
            new[] { stats.All }.Concat(stats.Groups).Select(d => (IReadOnlyList<string>)
            [
                d.Name, $"{d.Provers}", Html.Number(d.Total, "N0"), Html.Number(d.Mean), Html.Number(d.Median), Html.Number(d.P10), Html.Number(d.P90),
                Html.Number(d.Gini, "0.000"), Html.Number(d.Theil, "0.000"), Html.Number(d.Hhi, "0.0000"), $"{d.Nakamoto}",
                Html.Number(d.PerSpeedMean, "0.0000"), Html.Number(d.PerSpeedCv, "0.000"), Html.Number(d.PerStakeMean, "0.0000"), Html.Number(d.PerStakeCv, "0.000"),
            ]));
        Figure(html, plots, "earnings-histogram", "Reward distribution per group", Plots.EarningsHistogram(stats));
        Figure(html, plots, "lorenz", "Lorenz curves", Plots.LorenzCurves(stats));
        Figure(html, plots, "earnings-by-speed", "Earnings against hardware speed", Plots.EarningsBySpeed(stats));

        html.Heading(2, "Tiers, challenges, workloads");
        html.Table(["finishing rank", "share of tier rewards"], stats.TierShares.Select((s, i) => (IReadOnlyList<string>)[$"{i + 1}", Html.Number(100 * s, "0.00") + "%"]));
        html.Table(
            ["figure", "value"],
            [
                ["challenges judged", $"{stats.Challenges}"],
                ["challenge pass rate", Html.Number(100 * stats.ChallengePassRate, "0.0") + "%"],
                ["workloads completed / failed / unserved", $"{stats.Completed} / {stats.Failed} / {stats.Unserved}"],
                ["fees burned (failed workloads)", Html.Number(stats.BurnedFees, "N0")],
            ]);
        if (run.Reasons.Count > 0)
        {
            html.Table(["what", "why", "count"], run.Reasons.Select(r => (IReadOnlyList<string>)[r.What, r.Why, $"{r.Count}"]));
        }

        Figure(html, plots, "tier-shares", "Tier shares", Plots.TierShares(stats));
        Figure(html, plots, "over-time", "Active set, declines and market fills over time", Plots.OverTime(stats));

        html.Heading(2, "Latency (virtual time)");
        html.Table(
            ["from submission to", "workloads", "p50 (ms)", "p90 (ms)", "p99 (ms)"],
            new[] { stats.FirstProof, stats.UserOpened, stats.Verified }.Select(l => (IReadOnlyList<string>)
                [l.Name, $"{l.Count}", Html.Number(l.P50, "N1"), Html.Number(l.P90, "N1"), Html.Number(l.P99, "N1")]));
        if (stats.Verified.Count == 0)
        {
            html.Paragraph("This results folder has no verified_us column (written before copy protection): verification latency is not available.", note: true);
        }

        Figure(html, plots, "latency-cdf", "Latency CDFs", Plots.LatencyCdfs(stats));
        TheorySection(html, plots, run);
        Scenario(html, run);
    }

    private const string TheoryNote =
        "Under uniform allocation a prover with m faster provers among N is drawn with probability k/N and then ranks j with " +
        "probability C(m, j−1)·C(N−1−m, k−j)/C(N−1, k−1); equal speeds finish in the uniform VRF order. Under stake weighting the " +
        "draws are successive, each in proportion to stake among those not yet drawn (equal speeds finish in the order drawn): every " +
        "ordered draw is enumerated when there are at most 2,000,000, else 200,000 are sampled from a fixed seed. Expected = that, " +
        "summed over the completed workloads drawn from every prover (an epoch whose snapshot held them all), at the provers' actual " +
        "speeds; simulated = what those workloads paid. The interval is 2.576 deviations of the group mean, its members taken as " +
        "independent: they compete for the same tiers, so it is wider than 99% (conservative). It holds when every drawn prover " +
        "proves at once in speed order (no declines, queues, absences or jitter reordering them): a group outside its interval says " +
        "the run departs from that.";

    // Per parameter point: each group's simulated mean tier rewards over the replications (with their 95%
    // bootstrap interval, for the reader) beside the theory's expectation (the mean of the runs'); the flag
    // uses the theory's own spread of a mean over R runs, 2.576 · √(Σ sd²) / R, not the bootstrap interval,
    // which is far too narrow to judge with two or three replications.
    private static void TheoryByPoint(Html html, List<(string Name, string Caption, byte[] Png)> plots, List<IGrouping<string, RunStatistics>> points)
    {
        html.Heading(2, "Theory: tier rewards under the allocation rule, per parameter point");
        var checks = points.Select(p => (Point: p.Key.Length == 0 ? "all runs" : p.Key, Runs: p.Select(r => Theory.Check(r.Run)).ToList())).ToList();
        if (checks.SelectMany(c => c.Runs).FirstOrDefault(c => c.WhyNot is not null) is { WhyNot: { } why })
        {
            html.Paragraph($"Not computed: {why}.", note: true);
            return;
        }

        html.Paragraph(TheoryNote, note: true);
        var rows = new List<IReadOnlyList<string>>();
        var first = new List<(string Group, double Expected, double Margin, Estimate Simulated)>();
        foreach (var (point, runs) in checks)
        {
            foreach (var group in runs[0].Groups.Select(g => g.Group))
            {
                var per = runs.Select(r => r.Groups.Single(g => g.Group == group)).ToList();
                var simulated = Stats.Bootstrap([.. per.Select(g => g.Simulated)]);
                var expected = per.Average(g => g.Expected);
                var margin = 2.576 * Math.Sqrt(per.Sum(g => g.Sd * g.Sd)) / per.Count;
                var within = Theory.Inside(per.Average(g => g.Simulated), expected, margin);
                rows.Add([point, group, $"{per.Count}", Html.Estimate(simulated), Html.Number(expected, "N1"),
                    $"{Html.Number(expected - margin, "N1")} – {Html.Number(expected + margin, "N1")}", within ? "yes" : "NO: outside"]);
                if (ReferenceEquals(runs, checks[0].Runs))
                {
                    first.Add((group, expected, margin, simulated));
                }
            }
        }

        html.Table(["parameter point", "group", "runs", "simulated mean [95% over replications]", "expected (mean)", "interval of the mean (theory)", "within"], rows);
        Figure(html, plots, "theory", $"Tier rewards per prover: theory and simulation ({checks[0].Point})", Plots.TheoryCheck(
            [.. first.Select(f => f.Group)], [.. first.Select(f => f.Expected)], [.. first.Select(f => f.Margin)],
            [.. first.Select(f => f.Simulated.Mean)], [.. first.Select(f => f.Simulated.Low)], [.. first.Select(f => f.Simulated.High)],
            "theory: interval of the mean; simulation: 95% over replications"));
    }

    // The run's groups beside the theory of the allocation rule, with the interval of a group mean under it.
    private static void TheorySection(Html html, List<(string Name, string Caption, byte[] Png)> plots, RunData run)
    {
        html.Heading(2, "Theory: tier rewards under the allocation rule");
        var check = Theory.Check(run);
        if (check.WhyNot is { } why)
        {
            html.Paragraph($"Not computed for this run: {why}.", note: true);
            return;
        }

        html.Paragraph(TheoryNote, note: true);
        html.Table(
            ["group", "provers", "simulated (mean)", "expected (mean)", "interval (theory)", "within"],
            check.Groups.Select(g => (IReadOnlyList<string>)
            [
                g.Group, $"{g.Provers}", Html.Number(g.Simulated, "N1"), Html.Number(g.Expected, "N1"),
                $"{Html.Number(g.Expected - g.Margin, "N1")} – {Html.Number(g.Expected + g.Margin, "N1")}", g.Within ? "yes" : "NO: outside",
            ]));
        Figure(html, plots, "theory", "Tier rewards per prover: theory and simulation", Plots.TheoryCheck(
            [.. check.Groups.Select(g => g.Group)], [.. check.Groups.Select(g => g.Expected)], [.. check.Groups.Select(g => g.Margin)],
            [.. check.Groups.Select(g => g.Simulated)], [.. check.Groups.Select(g => g.Simulated)], [.. check.Groups.Select(g => g.Simulated)],
            "interval of a run's group mean"));
    }

    private static void ExperimentPage(Html html, string folder, IReadOnlyList<RunStatistics> runs, List<(string Name, string Caption, byte[] Png)> plots)
    {
        var first = runs[0].Run;
        html.Heading(1, $"ProverSim report: {first.Name} ({runs.Count} runs)");
        var experiment = Path.Combine(folder, "experiment.json");
        if (File.Exists(experiment) && JsonNode.Parse(File.ReadAllText(experiment)) is JsonObject info)
        {
            html.Table(["field", "value"], Fields(info, "tool_version", "git_commit", "command", "scenario_file", "scenario_sha256", "seed", "replications", "started_utc", "ended_utc", "interrupted"));
        }

        var keys = runs.SelectMany(r => r.Run.Parameters.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var points = runs.GroupBy(r => string.Join(", ", keys.Select(k => $"{k} = {r.Run.Parameters.GetValueOrDefault(k, "—")}")))
            .OrderBy(g => g.Min(r => r.Run.RunId), StringComparer.Ordinal).ToList();
        html.Heading(2, "Per parameter point: mean over replications [95% bootstrap interval]");
        var headline = runs[0].Headline;
        html.Table(
            ["statistic", .. points.Select(p => p.Key.Length == 0 ? "all runs" : p.Key)],
            headline.Select((h, i) => (IReadOnlyList<string>)[h.Label, .. points.Select(p => Html.Estimate(Stats.Bootstrap([.. p.Select(r => r.Headline[i].Value)])))]));
        html.Paragraph($"Replications per point: {string.Join(", ", points.Select(p => p.Count()).Distinct())}. Intervals: percentile bootstrap, 2,000 resamples, fixed seed.", note: true);

        html.Heading(2, "Every run");
        html.Table(
            ["run", "replication", .. keys, .. headline.Take(6).Select(h => h.Label)],
            runs.Select(r => (IReadOnlyList<string>)
            [
                r.Run.RunId, $"{r.Run.Replication}", .. keys.Select(k => r.Run.Parameters.GetValueOrDefault(k, "—")), .. r.Headline.Take(6).Select(h => Html.Number(h.Value, "#,0.###")),
            ]));

        string[] shown = ["gini", "mean_earnings", "tier1_share", "first_proof_p50_ms"];
        if (keys.Count == 1)
        {
            var labels = points.Select(p => p.First().Run.Parameters.GetValueOrDefault(keys[0], "—")).ToList();
            foreach (var key in shown)
            {
                var index = headline.ToList().FindIndex(h => h.Key == key);
                var estimates = points.Select(p => Stats.Bootstrap([.. p.Select(r => r.Headline[index].Value)])).ToList();
                Figure(html, plots, $"sweep-{key}", $"{headline[index].Label} against {keys[0]}", Plots.AgainstParameter(keys[0], labels, estimates, headline[index].Label));
            }
        }
        else if (keys.Count == 2)
        {
            var rows = runs.Select(r => r.Run.Parameters[keys[0]]).Distinct().ToList();
            var columns = runs.Select(r => r.Run.Parameters[keys[1]]).Distinct().ToList();
            foreach (var key in shown)
            {
                var index = headline.ToList().FindIndex(h => h.Key == key);
                var means = new double[rows.Count, columns.Count];
                for (var i = 0; i < rows.Count; i++)
                {
                    for (var j = 0; j < columns.Count; j++)
                    {
                        var cell = runs.Where(r => r.Run.Parameters[keys[0]] == rows[i] && r.Run.Parameters[keys[1]] == columns[j]).Select(r => r.Headline[index].Value).ToList();
                        means[i, j] = cell.Count == 0 ? double.NaN : cell.Average();
                    }
                }

                Figure(html, plots, $"sweep-{key}", $"{headline[index].Label} over {keys[0]} × {keys[1]}", Plots.Heatmap(keys[0], rows, keys[1], columns, means, headline[index].Label));
            }
        }

        TheoryByPoint(html, plots, points);

        html.Heading(2, $"The first run in detail: {first.RunId}");
        Figure(html, plots, "lorenz", "Lorenz curves (first run)", Plots.LorenzCurves(runs[0]));
        Figure(html, plots, "latency-cdf", "Latency CDFs (first run)", Plots.LatencyCdfs(runs[0]));
        Scenario(html, first);
    }


    private static void Describe(Html html, RunData run) =>
        html.Table(["field", "value"], Fields(run.Manifest, "run_id", "replication", "seed", "tool_version", "git_commit", "command", "scenario_file", "scenario_sha256", "started_utc", "ended_utc", "wall_s"));

    private static IEnumerable<IReadOnlyList<string>> Fields(JsonObject json, params string[] names) =>
        names.Where(json.ContainsKey).Select(n => (IReadOnlyList<string>)[n, json[n] is JsonValue v ? v.ToString() : json[n]?.ToJsonString() ?? ""]);

    // The protocol parameters as the run used them (summary.json), and the scenario file when the folder holds a copy.
    private static void Scenario(Html html, RunData run)
    {
        html.Heading(2, "Scenario");
        if (run.Summary["parameters"] is JsonObject parameters)
        {
            html.Table(["protocol parameter", "value"], parameters.Select(p => (IReadOnlyList<string>)[p.Key, p.Value is JsonValue v ? v.ToString() : p.Value?.ToJsonString() ?? ""]));
        }

        if (run.Parameters.Count > 0)
        {
            html.Table(["swept key", "value"], run.Parameters.Select(p => (IReadOnlyList<string>)[p.Key, p.Value]));
        }

        var copy = Path.Combine(run.Directory, "scenario.yaml");
        if (File.Exists(copy))
        {
            html.Preformatted(File.ReadAllText(copy));
        }
    }

    private static void Figure(Html html, List<(string Name, string Caption, byte[] Png)> plots, string name, string caption, ScottPlot.Plot plot)
    {
        var png = Plots.Png(plot);
        plots.Add((name, caption, png));
        html.Image(caption, png);
    }

    internal static void WriteAtomically(string path, byte[] bytes)
    {
        var temporary = path + ".partial";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
