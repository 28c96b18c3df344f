// What a load test measured, and the one JSON object `provsim loadtest --json` prints.
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using HdrHistogram;

namespace ProverSim.LoadTest;

/// <summary>Percentiles of an HdrHistogram of microseconds, in milliseconds.</summary>
public sealed record LatencySummary(long Count, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0, 0);

    public static LatencySummary Of(HistogramBase histogram) => histogram.TotalCount == 0
        ? Empty
        : new(
            histogram.TotalCount,
            Ms(histogram.GetValueAtPercentile(50)),
            Ms(histogram.GetValueAtPercentile(90)),
            Ms(histogram.GetValueAtPercentile(99)),
            Ms(histogram.GetValueAtPercentile(99.9)),
            Ms(histogram.GetMaxValue()),
            Math.Round(histogram.GetMean() / 1000.0, 3));

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 3);
}

/// <summary>One sampling interval (about a second) of the allocation phase.</summary>
public sealed record SeriesRow(
    double Seconds,
    string Phase,
    long Allocations,
    double AllocationsPerSecond,
    LatencySummary Latency,
    double GrainCallsPerSecond,
    long Activations,
    double ManagedMb,
    double WorkingSetMb,
    double CpuCores,
    double GcPauseMs);

public sealed record LoadTestResult(
    LoadTestOptions Options,
    string RunId,
    DateTimeOffset StartedUtc,
    TimeSpan SetupTime,
    long ActivationsAfterSetup,
    long BytesPerProver,
    double PingCallsPerSecond,
    double AllocationsPerSecond,
    LatencySummary Latency,
    LatencySummary AllocateStage,
    double GrainCallsPerSecond,
    long PeakActivations,
    double CpuCores,
    double GcPausePercent,
    double PeakMemoryMb,
    double PeakManagedMb,
    DriverTotals Totals,
    CryptoCost Crypto,
    ImmutableArray<SeriesRow> Series,
    HistogramBase Histogram)
{
    /// <summary>The figures as printed: the ratio is computed from these two, so anyone can check it.</summary>
    public double AllocationsPerSecondRounded => Math.Round(AllocationsPerSecond, 1);

    public double PingCallsPerSecondRounded => Math.Round(PingCallsPerSecond, 1);

    /// <summary>Allocations/s over ping calls/s, to six significant digits.</summary>
    public double Ratio => PingCallsPerSecondRounded > 0
        ? double.Parse((AllocationsPerSecondRounded / PingCallsPerSecondRounded).ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
        : 0;

    public double GrainCallsPerAllocation => AllocationsPerSecond > 0 ? GrainCallsPerSecond / AllocationsPerSecond : 0;

    public double DeclineShare => Totals.Offers > 0 ? (double)Totals.Declines / Totals.Offers : 0;

    /// <summary>Allocations per second the beacon's VRF alone allows on every core of this machine.</summary>
    public double VrfBound => Environment.ProcessorCount * 1_000_000.0 / Crypto.PerAllocationMicros;

    /// <summary>The object of `--json`: exactly the documented keys.</summary>
    public JsonObject ToJson() => new()
    {
        ["provers"] = Options.Provers,
        ["allocations_per_s"] = AllocationsPerSecondRounded,
        ["ping_calls_per_s"] = PingCallsPerSecondRounded,
        ["ratio"] = Ratio,
        ["p50_ms"] = Latency.P50Ms,
        ["p90_ms"] = Latency.P90Ms,
        ["p99_ms"] = Latency.P99Ms,
        ["max_ms"] = Latency.MaxMs,
        ["peak_memory_mb"] = Math.Round(PeakMemoryMb, 1),
        ["bytes_per_prover"] = BytesPerProver,
        ["mode"] = Options.ModeName,
    };
}
