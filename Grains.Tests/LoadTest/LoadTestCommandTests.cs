// `provsim loadtest` at tiny size: 200 provers for 2 seconds on an embedded silo, its
// one JSON object parsed and checked for sanity; bad option values are one line and exit code 2.
using System.Globalization;
using System.Text.Json;

namespace ProverSim.Grains.Tests.LoadTest;

public sealed class LoadTestCommandTests : IDisposable
{
    private static readonly string[] Keys =
        ["provers", "allocations_per_s", "ping_calls_per_s", "ratio", "p50_ms", "p90_ms", "p99_ms", "max_ms", "peak_memory_mb", "bytes_per_prover", "mode"];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"provsim-loadtest-{Guid.NewGuid():N}");

    // Executing proves every accepted job (a STARK each), so that run keeps two allocations in flight and
    // measures for longer; skipping execution measures the allocation path alone.
    [Theory]
    [InlineData("skip-execution", "256", "2")]
    [InlineData("execute", "2", "6")]
    public void TinyRunPrintsSaneFigures(string mode, string inFlight, string duration)
    {
        var (code, stdout, stderr) = Provsim(
            "loadtest", "--provers", "200", "--duration", duration, "--warmup", "0.5", "--ping-duration", "1", "--decline-fraction", "0.2",
            "--mode", mode, "--in-flight", inFlight, "--json", "--out", _directory);
        Assert.True(code == 0, $"exit code {code}: {stderr}");

        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(Keys.Order(), root.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(200, root.GetProperty("provers").GetInt32());
        Assert.Equal(mode, root.GetProperty("mode").GetString());

        double Figure(string key) => root.GetProperty(key).GetDouble();
        foreach (var key in Keys.Except(["mode"]))
        {
            Assert.True(Figure(key) > 0, $"{key} is {Figure(key)}");
        }

        Assert.True(Figure("p50_ms") <= Figure("p90_ms"), stdout);
        Assert.True(Figure("p90_ms") <= Figure("p99_ms"), stdout);
        Assert.True(Figure("p99_ms") <= Figure("max_ms"), stdout);
        // An allocation is several grain calls (allocate, offers, decisions), a ping is one: fewer per second.
        Assert.InRange(Figure("ratio"), 0, 1);

        // The folder: one CSV row per sampled second with its parameters, the percentile CSV, the plot.
        var series = File.ReadAllLines(Path.Combine(_directory, "loadtest.csv"));
        Assert.StartsWith("run_id,mode,provers,k,decline_fraction,rate,in_flight,weight,seed,t_s,phase,allocations", series[0]);
        Assert.True(series.Length >= 3, string.Join('\n', series));
        Assert.All(series.Skip(1), row => Assert.Contains($",{mode},200,3,0.2,max,{inFlight},uniform,1,", row));
        Assert.True(File.ReadAllLines(Path.Combine(_directory, "latency.csv")).Length > 2);
        Assert.True(new FileInfo(Path.Combine(_directory, "latency.png")).Length > 10_000);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, "summary.json")));
        Assert.Equal(0, summary.RootElement.GetProperty("execution_mismatches").GetInt64());
        Assert.InRange(summary.RootElement.GetProperty("decline_share").GetDouble(), 0.05, 0.4);

        // Two counts of the measurement window taken apart: latency_count (and the histogram's last row in
        // latency.csv) counts allocations that arrived in it, allocations_per_s × duration those that finished
        // in it. At most in_flight are outstanding at either edge, so they differ by at most in_flight (plus
        // the rounding of allocations_per_s to 0.1/s).
        var latencyCount = summary.RootElement.GetProperty("latency_count").GetInt64();
        var latency = File.ReadAllLines(Path.Combine(_directory, "latency.csv"));
        Assert.EndsWith(",percentile,latency_ms,count_at_or_below", latency[0]);
        Assert.Equal(latencyCount, long.Parse(latency[^1].Split(',')[^1], CultureInfo.InvariantCulture));
        var finished = Figure("allocations_per_s") * double.Parse(duration, CultureInfo.InvariantCulture);
        var slack = int.Parse(inFlight, CultureInfo.InvariantCulture) + 1;
        Assert.InRange(latencyCount, finished - slack, finished + slack);
    }

    [Theory]
    [InlineData("--provers", "100001", "--provers: must be a whole number from 1 to 100000 (got '100001')")]
    [InlineData("--provers", "many", "--provers: must be a whole number from 1 to 100000 (got 'many')")]
    [InlineData("--rate", "-3", "--rate: must be arrivals per second (> 0) or 'max' (got '-3')")]
    [InlineData("--decline-fraction", "1.5", "--decline-fraction: must be a number from 0 to 1 (got '1.5')")]
    [InlineData("--duration", "0", "--duration: must be a number of seconds > 0 and at most 86400 (got '0')")]
    [InlineData("--mode", "fast", "--mode: must be one of execute, skip-execution (got 'fast')")]
    [InlineData("--cluster", "memory://local", "--cluster: 'memory://local': memory storage cannot survive a silo")]
    [InlineData("--cluster", "mysql://h/db", "--cluster: 'mysql://h/db': unknown store 'mysql'")]
    public void BadOptionIsOneLineAndExitCodeTwo(string option, string value, string expected)
    {
        var (code, stdout, stderr) = Provsim("loadtest", option, value);
        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("provsim loadtest: ", line);
        Assert.Contains(expected, line);
        Assert.Empty(stdout);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static (int Code, string Stdout, string Stderr) Provsim(params string[] args) => ProvsimProcess.Run(args);
}
