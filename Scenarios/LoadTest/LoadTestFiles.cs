// The folder `provsim loadtest --out DIR` writes (STYLE.md: every row carries its parameters and run id):
// loadtest.csv (one row per second), latency.csv (the HdrHistogram percentile distribution),
// latency.png, and summary.json (the --json object, every other figure, the options and the machine).
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProverSim.Scenarios.Results;
using ProverSim.LoadTest;

namespace ProverSim.Scenarios.LoadTest;

public static class LoadTestFiles
{
    public static readonly string[] Files = ["loadtest.csv", "latency.csv", "latency.png", "summary.json"];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, IndentSize = 2, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] ParameterColumns = ["run_id", "mode", "provers", "k", "decline_fraction", "rate", "in_flight", "weight", "seed"];

    public static void Write(string directory, LoadTestResult result, string commandLine)
    {
        Directory.CreateDirectory(directory);
        var parameters = Parameters(result);
        CsvFile.Write(
            Path.Combine(directory, "loadtest.csv"),
            [.. ParameterColumns, "t_s", "phase", "allocations", "allocations_per_s", "p50_ms", "p90_ms", "p99_ms", "max_ms",
                "grain_calls_per_s", "activations", "managed_mb", "working_set_mb", "cpu_cores", "gc_pause_ms"],
            result.Series.Select(r => parameters.Concat(
            [
                r.Seconds, r.Phase, r.Allocations, r.AllocationsPerSecond, r.Latency.P50Ms, r.Latency.P90Ms, r.Latency.P99Ms, r.Latency.MaxMs,
                r.GrainCallsPerSecond, r.Activations, r.ManagedMb, r.WorkingSetMb, r.CpuCores, r.GcPauseMs,
            ])));

        var histogram = result.Histogram;
        var distribution = histogram.TotalCount == 0 ? [] : HdrHistogram.HistogramExtensions.Percentiles(histogram, 5).ToList();
        CsvFile.Write(
            Path.Combine(directory, "latency.csv"),
            [.. ParameterColumns, "percentile", "latency_ms", "count_at_or_below"],
            distribution.Select(p => parameters.Concat<object?>([Math.Round(p.Percentile, 6), p.ValueIteratedTo / 1000.0, p.TotalCountToThisValue])));

        LatencyPlot.Write(Path.Combine(directory, "latency.png"), result);
        AtomicFile.WriteAllText(Path.Combine(directory, "summary.json"), Summary(result, commandLine).ToJsonString(Json) + "\n");
    }

    private static object?[] Parameters(LoadTestResult r) =>
        [r.RunId, r.Options.ModeName, r.Options.Provers, r.Options.K, r.Options.DeclineFraction, r.Options.RateName, r.Options.InFlight,
            r.Options.Weight.ToString().ToLowerInvariant(), r.Options.Seed];

    private static JsonObject Summary(LoadTestResult r, string commandLine)
    {
        var summary = r.ToJson();
        summary["run_id"] = r.RunId;
        summary["command"] = commandLine;
        summary["started_utc"] = r.StartedUtc.ToString("O", CultureInfo.InvariantCulture);
        summary["options"] = new JsonObject
        {
            ["k"] = r.Options.K,
            ["rate"] = r.Options.RateName,
            ["in_flight"] = r.Options.InFlight,
            ["decline_fraction"] = r.Options.DeclineFraction,
            ["duration_s"] = r.Options.Duration.TotalSeconds,
            ["warmup_s"] = r.Options.Warmup.TotalSeconds,
            ["ping_duration_s"] = r.Options.PingDuration.TotalSeconds,
            ["weight"] = r.Options.Weight.ToString().ToLowerInvariant(),
            ["seed"] = r.Options.Seed,
            ["cluster"] = r.Options.Cluster,
        };
        summary["latency_count"] = r.Latency.Count;
        summary["p999_ms"] = r.Latency.P999Ms;
        summary["mean_ms"] = r.Latency.MeanMs;
        summary["allocate_stage_p50_ms"] = r.AllocateStage.P50Ms;
        summary["allocate_stage_p99_ms"] = r.AllocateStage.P99Ms;
        // On a cluster the silos are other processes: what this process counts is not theirs.
        summary["silo_figures"] = r.Options.Remote ? "not measured: the silos are other processes; cpu_cores_busy and memory are the client's" : "this process (the embedded silo)";
        summary["grain_calls_per_s"] = r.Options.Remote ? null : Math.Round(r.GrainCallsPerSecond, 1);
        summary["grain_calls_per_allocation"] = r.Options.Remote ? null : Math.Round(r.GrainCallsPerAllocation, 2);
        summary["activations_after_setup"] = r.Options.Remote ? null : r.ActivationsAfterSetup;
        summary["peak_activations"] = r.Options.Remote ? null : r.PeakActivations;
        summary["setup_s"] = Math.Round(r.SetupTime.TotalSeconds, 2);
        summary["peak_managed_mb"] = r.PeakManagedMb;
        summary["cpu_cores_busy"] = Math.Round(r.CpuCores, 2);
        summary["gc_pause_percent"] = Math.Round(r.GcPausePercent, 2);
        summary["offers"] = r.Totals.Offers;
        summary["declines"] = r.Totals.Declines;
        summary["decline_share"] = Math.Round(r.DeclineShare, 4);
        summary["halted"] = r.Totals.Halted;
        summary["out_of_cycles"] = r.Totals.OutOfCycles;
        summary["execution_mismatches"] = r.Totals.Mismatches;
        summary["offer_rounds"] = r.Totals.Rounds;
        summary["vrf_prove_us"] = r.Crypto.ProveMicros;
        summary["beacon_key_from_secret_us"] = r.Crypto.KeyFromSecretMicros;
        summary["vrf_bound_allocations_per_s"] = Math.Round(r.VrfBound, 1);
        summary["machine"] = new JsonObject
        {
            ["processors"] = Environment.ProcessorCount,
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["runtime"] = Environment.Version.ToString(),
            ["server_gc"] = System.Runtime.GCSettings.IsServerGC,
        };
        summary["files"] = new JsonArray([.. Files.Select(f => (JsonNode)f)]);
        return summary;
    }
}
