// One load test, start to finish: time the VRF, start an embedded silo (or connect to a running cluster),
// activate and join the provers (and weigh them), measure the ping rate, then run the allocation driver
// while sampling, every second, its latencies and the silo's grain calls, activations, memory and CPU
// (on a cluster those are the client's own: the silos are other processes).
using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ProverSim.LoadTest;

/// <summary>Where a running load test reports how far it is.</summary>
public interface ILoadTestProgress
{
    void Phase(string description);

    void Initialized(long provers, long total);

    void Sampled(SeriesRow row, TimeSpan elapsed, TimeSpan planned, long allocations);
}

public static class LoadTestRunner
{
    private static int _runs;

    /// <summary>
    /// Runs one load test on the cluster <paramref name="start"/> gives (a host whose services hold an
    /// IClusterClient: an embedded silo, or a client of a running cluster).
    /// </summary>
    public static async Task<LoadTestResult> RunAsync(
        LoadTestOptions options, Func<CancellationToken, Task<IHost>> start, ILoadTestProgress progress, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        progress.Phase("timing the beacon's VRF");
        var crypto = CryptoCost.Measure();

        using var meters = new OrleansMeters();
        progress.Phase(options.Remote ? $"connecting to {options.Cluster}" : "starting an embedded silo");
        using var host = await start(cancellationToken);
        try
        {
            var client = host.Services.GetRequiredService<IClusterClient>();
            var world = new LoadTestWorld(options, $"loadtest.{Environment.ProcessId}.{Interlocked.Increment(ref _runs)}.{Guid.NewGuid():N}");

            progress.Phase("activating provers");
            var before = ManagedBytes();
            var setup = Stopwatch.StartNew();
            await world.InitializeAsync(client, new Inline<long>(n => progress.Initialized(n, options.Provers)), cancellationToken);
            var setupTime = setup.Elapsed;
            var bytesPerProver = (ManagedBytes() - before) / options.Provers;
            var activationsAfterSetup = meters.Activations;

            progress.Phase("measuring the ping rate");
            var ping = await PingMeter.MeasureAsync(client, PingMeter.InFlight, options.PingDuration, cancellationToken);

            progress.Phase("allocating");
            var driver = new AllocationDriver(client, world, options);
            var (series, histogram, allocateStage) = await SampleWhileRunningAsync(driver, meters, progress, cancellationToken);

            var measured = series.Where(r => r.Phase == "measure").ToList();
            var window = options.Duration.TotalSeconds;
            var measuredSeconds = Math.Max(measured.Sum(r => IntervalSeconds(series, r)), 1e-9);
            var totals = driver.Totals;
            return new LoadTestResult(
                options,
                world.RunId,
                started,
                setupTime,
                activationsAfterSetup,
                bytesPerProver,
                ping,
                totals.CompletedInWindow / window,
                LatencySummary.Of(histogram),
                LatencySummary.Of(allocateStage),
                measured.Sum(r => r.GrainCallsPerSecond * IntervalSeconds(series, r)) / measuredSeconds,
                meters.PeakActivations,
                measured.Sum(r => r.CpuCores * IntervalSeconds(series, r)) / measuredSeconds,
                measured.Sum(r => r.GcPauseMs) / 10.0 / measuredSeconds,
                PeakWorkingSetMb(),
                series.IsEmpty ? 0 : series.Max(r => r.ManagedMb),
                totals,
                crypto,
                series,
                histogram);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<(ImmutableArray<SeriesRow>, HdrHistogram.HistogramBase, HdrHistogram.HistogramBase)> SampleWhileRunningAsync(
        AllocationDriver driver, OrleansMeters meters, ILoadTestProgress progress, CancellationToken cancellationToken)
    {
        var series = ImmutableArray.CreateBuilder<SeriesRow>();
        var latency = AllocationDriver.NewHistogram();
        var allocateStage = AllocationDriver.NewHistogram();
        using var process = Process.GetCurrentProcess();
        var last = (Time: TimeSpan.Zero, Calls: meters.GrainCalls, Cpu: process.TotalProcessorTime, Pause: GC.GetTotalPauseDuration());
        long allocations = 0;
        var run = driver.RunAsync(cancellationToken);
        while (true)
        {
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken));
            var sample = driver.Sample();
            process.Refresh();
            var now = (Time: sample.Elapsed, Calls: meters.GrainCalls, Cpu: process.TotalProcessorTime, Pause: GC.GetTotalPauseDuration());
            var seconds = Math.Max((now.Time - last.Time).TotalSeconds, 1e-9);
            latency.Add(sample.Latency);
            allocateStage.Add(sample.AllocateStage);
            allocations += sample.Completed;
            var row = new SeriesRow(
                Math.Round(now.Time.TotalSeconds, 3),
                sample.Phase,
                sample.Completed,
                Math.Round(sample.Completed / seconds, 1),
                LatencySummary.Of(sample.Latency),
                Math.Round((now.Calls - last.Calls) / seconds, 1),
                meters.Activations,
                Math.Round(GC.GetTotalMemory(false) / 1048576.0, 1),
                Math.Round(process.WorkingSet64 / 1048576.0, 1),
                Math.Round((now.Cpu - last.Cpu).TotalSeconds / seconds, 2),
                Math.Round((now.Pause - last.Pause).TotalMilliseconds, 1));
            series.Add(row);
            progress.Sampled(row, now.Time, driver.Planned, allocations);
            last = now;
            if (run.IsCompleted)
            {
                await run;
                return (series.ToImmutable(), latency, allocateStage);
            }
        }
    }

    // A row covers the time since the row before it.
    private static double IntervalSeconds(ImmutableArray<SeriesRow> series, SeriesRow row)
    {
        var index = series.IndexOf(row);
        return row.Seconds - (index == 0 ? 0 : series[index - 1].Seconds);
    }

    private static long ManagedBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static double PeakWorkingSetMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / 1048576.0;
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
