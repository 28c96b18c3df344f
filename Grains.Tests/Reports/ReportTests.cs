// Reports built from small hand-written results folders: per-group statistics and tier shares as
// computed by hand, a self-contained deterministic report.html for a run and for a folder of runs
// (replications × a swept parameter), a comparison page, plots that carry their text, and one-line
// errors for folders that are not results.
using ProverSim.Reports;
using SkiaSharp;

namespace ProverSim.Grains.Tests.Reports;

public sealed class ReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("provsim-report-").FullName;

    // Four provers in two groups; two workloads; three slots. Earnings = tier + fees + PoW.
    private static string Run(string folder, int replication, string parameters, int scale)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "manifest.json"), $$"""{ "run_id": "{{Path.GetFileName(folder)}}", "replication": {{replication}}, "seed": 1, "parameters": {{parameters}} }""");
        File.WriteAllText(Path.Combine(folder, "summary.json"), """{ "scenario": "tiny", "parameters": { "k": 2, "reward": 100 } }""");
        File.WriteAllText(Path.Combine(folder, "provers.csv"),
            "prover_id,group,behaviour,actual_speed,stake,tier_rewards,fees,pow_rewards,slashed\n" +
            $"0,big,honest,4000,2000,{60 * scale},10,5,0\n" +
            $"1,big,honest,4000,2000,{40 * scale},10,5,0\n" +
            "2,small,capacity-limited,1000,1000,0,0,5,0\n" +
            "3,small,copier,1000,1000,0,0,0,100\n");
        File.WriteAllText(Path.Combine(folder, "workloads.csv"),
            "workload_id,slot,outcome,arrival_us,first_proof_us,verified_us,user_opened_us,close_us,tier_rewards,burned,refund\n" +
            "0,1,completed,1000000,1100000,1300000,1100000,1300000,0:60;1:40,0,5\n" +
            "1,2,failed,2000000,,,,2500000,,30,0\n");
        File.WriteAllText(Path.Combine(folder, "slots.csv"),
            "slot,active_set_size,arrivals,declines,market_fills,pending_workloads,challenges_passed,challenges_missed\n" +
            "0,0,0,0,0,0,3,1\n1,4,1,1,1,1,0,0\n2,4,1,0,0,1,0,0\n");
        return folder;
    }

    [Fact]
    public void RunStatisticsAreTheHandComputedOnes()
    {
        var stats = RunStatistics.Of(RunData.Load(Run(Path.Combine(_dir, "run"), 0, "{}", 1)));

        // Earnings 75, 55, 5, 0: total 135; big group 130 over 4000 cycles/s each.
        Assert.Equal([75.0, 55.0, 5.0, 0.0], stats.Run.Provers.Select(p => p.Earnings));
        Assert.Equal(135, stats.All.Total);
        Assert.Equal(["big", "small"], stats.Groups.Select(g => g.Name));
        Assert.Equal(65.0 / 4000, stats.Groups[0].PerSpeedMean, 12);
        // Gini: Σ|xᵢ − xⱼ| over unordered pairs = 20 + 70 + 75 + 50 + 55 + 5 = 275, over ordered pairs 550;
        // 2·n²·μ = 2·16·33.75 = 1080; 550/1080 = 55/108 = 0.509259…
        Assert.Equal(55.0 / 108, stats.All.Gini, 12);
        // HHI: (75² + 55² + 5² + 0²)/135² = (5625 + 3025 + 25)/18225 = 8675/18225 = 0.475994…
        Assert.Equal(8675.0 / 18225, stats.All.Hhi, 12);
        // Theil: μ = 33.75, xᵢ/μ = 20/9, 44/27, 4/27 (and 0):
        // (2.22222·ln 2.22222 + 1.62963·ln 1.62963 + 0.14815·ln 0.14815)/4 = (1.77446 + 0.79583 − 0.28290)/4 = 2.28739/4 = 0.57185.
        Assert.Equal(0.57185, stats.All.Theil, 5);
        // The richest alone holds 75 > 135/2.
        Assert.Equal(1, stats.All.Nakamoto);
        Assert.Equal([0.6, 0.4], stats.TierShares);
        Assert.Equal(0.75, stats.ChallengePassRate);
        Assert.Equal((1, 100.0, 300.0), (stats.FirstProof.Count, stats.FirstProof.P50, stats.Verified.P50));
        Assert.Equal((1, 1, 30.0), (stats.Completed, stats.Failed, stats.BurnedFees));
    }

    [Fact]
    public void RunReportIsSelfContainedAndDeterministic()
    {
        var folder = Run(Path.Combine(_dir, "run"), 0, "{}", 1);

        var page = ReportWriter.Write(folder);
        var first = File.ReadAllBytes(page);
        ReportWriter.Write(folder);
        var text = File.ReadAllText(page);

        Assert.Equal(first, File.ReadAllBytes(page));
        Assert.Equal(7, CountOf(text, "src=\"data:image/png;base64,"));
        Assert.DoesNotContain("src=\"http", text);
        Assert.Contains("Lorenz curves", text);
        Assert.Contains("<td class=\"text\">big</td>", text);
        Assert.Equal(7, Directory.GetFiles(Path.Combine(folder, "plots"), "*.png").Length);
    }

    // The hand-written run: N = 4, k = 2, one completed workload paying [60, 40]. The big provers (4000
    // cycles/s, tied) have m = 0 or 1: (30 + 160/6)/2 = 28.33 each; the small (1000, tied), m = 2 or 3:
    // (140/6 + 20)/2 = 21.67. Paid: big 60 and 40 (mean 50), small nothing (mean 0). Each group mean's
    // variance under the theory (E[X²] averaged over the tie, less the mean squared; two provers): big
    // sd = √(2 · 830.56)/2 = 20.38, so 99% is 28.33 ± 52.49; small sd = √(2 · 497.22)/2 = 15.77, ± 40.62.
    [Fact]
    public void ARunsGroupsStandBesideTheTheoryOfUniformAllocation()
    {
        var folder = Run(Path.Combine(_dir, "run"), 0, "{}", 1);

        var check = Theory.Check(RunData.Load(folder));

        Assert.Null(check.WhyNot);
        Assert.Equal(["big", "small"], check.Groups.Select(g => g.Group).ToArray());
        Assert.Equal((50.0, 85.0 / 3), (check.Groups[0].Simulated, check.Groups[0].Expected), new DoubleTupleComparer(1e-9));
        Assert.Equal((0.0, 65.0 / 3), (check.Groups[1].Simulated, check.Groups[1].Expected), new DoubleTupleComparer(1e-9));
        Assert.Equal(52.49, check.Groups[0].Margin, 2);
        Assert.Equal(40.62, check.Groups[1].Margin, 2);
        Assert.True(check.Groups.All(g => g.Within));
        var text = File.ReadAllText(ReportWriter.Write(folder));
        Assert.Contains("<td class=\"text\">big</td><td>2</td><td>50.0</td><td>28.3</td><td>-24.2 – 80.8</td><td class=\"text\">yes</td>", text);
    }

    private sealed class DoubleTupleComparer(double tolerance) : IEqualityComparer<(double, double)>
    {
        public bool Equals((double, double) x, (double, double) y) => Math.Abs(x.Item1 - y.Item1) <= tolerance && Math.Abs(x.Item2 - y.Item2) <= tolerance;

        public int GetHashCode((double, double) obj) => 0;
    }

    [Fact]
    public void FolderOfRunsGetsMeansWithIntervalsPerParameterPoint()
    {
        var experiment = Path.Combine(_dir, "sweep");
        for (var k = 2; k <= 3; k++)
        {
            for (var r = 0; r < 3; r++)
            {
                Run(Path.Combine(experiment, "runs", $"p{k}-r{r}"), r, $$"""{ "protocol.k": {{k}} }""", k + r);
            }
        }

        var text = File.ReadAllText(ReportWriter.Write(experiment));

        Assert.Contains("protocol.k = 2", text);
        Assert.Contains("protocol.k = 3", text);
        Assert.Contains("Gini of earnings against protocol.k", text);
        Assert.Matches(@"\d[\d,.]* \[\d[\d,.]*, \d[\d,.]*\]", text);
        Assert.True(File.Exists(Path.Combine(experiment, "plots", "sweep-gini.png")));
    }

    [Fact]
    public void ComparisonShowsBothSides()
    {
        var a = Run(Path.Combine(_dir, "a"), 0, "{}", 1);
        var b = Run(Path.Combine(_dir, "b"), 0, "{}", 3);
        var output = Path.Combine(_dir, "compare.html");

        Comparison.Write(a, b, output);
        var text = File.ReadAllText(output);

        Assert.Contains("tiny (a, 1 run)", text);
        Assert.Contains("tiny (b, 1 run)", text);
        Assert.Equal(2, CountOf(text, "data:image/png;base64,"));
    }

    [Fact]
    public void PlotsCarryTheirText()
    {
        // A frameless plot with only a title: drawn in the shipped font its title strip holds dark glyph
        // pixels; the same plot with an empty title holds none. On a machine whose plots lost their font
        // (ScottPlot drops every letter silently) the first count is zero and this test fails.
        static int Dark(string title)
        {
            var plot = PlotFont.NewPlot();
            plot.Axes.Frameless();
            plot.HideGrid();
            plot.Title(title);
            return DarkPixelsInTitleStrip(Plots.Png(plot));
        }

        var (withTitle, without) = (Dark("Lorenz curves of earnings"), Dark(""));
        Assert.True(withTitle > 200, $"{withTitle} dark pixels with a title, {without} without");
        Assert.Equal(0, without);

        // And the report's own plots: the tier-share plot's title is there.
        var stats = RunStatistics.Of(RunData.Load(Run(Path.Combine(_dir, "run"), 0, "{}", 1)));
        Assert.Contains("Share of tier rewards by finishing rank", Plots.TierShares(stats).Axes.Title.Label.Text);
    }

    [Fact]
    public void NotAResultsFolderIsOneLineWithExitCode2()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "empty"));
        var missing = ProvsimProcess.Run("report", Path.Combine(_dir, "nothing"));
        var empty = ProvsimProcess.Run("report", Path.Combine(_dir, "empty"));
        var broken = Run(Path.Combine(_dir, "broken"), 0, "{}", 1);
        File.WriteAllText(Path.Combine(broken, "provers.csv"), "prover_id,group\n0,a,extra\n");
        var malformed = ProvsimProcess.Run("report", broken);

        Assert.Equal((2, 2, 2), (missing.Code, empty.Code, malformed.Code));
        Assert.Contains("no such folder", missing.Stderr);
        Assert.Contains("not a results folder", empty.Stderr);
        Assert.Contains("provers.csv: row 1 has 3 fields", malformed.Stderr);
        Assert.All(new[] { missing, empty, malformed }, r => Assert.Single(r.Stderr.Trim().Split('\n')));
    }

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, "").Length) / what.Length;

    private static int DarkPixelsInTitleStrip(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        var dark = 0;
        for (var y = 0; y < 40; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                dark += c.Red + c.Green + c.Blue < 300 ? 1 : 0;
            }
        }

        return dark;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
