// What a person sees of a load test: live progress on stderr (a Spectre progress bar on a terminal,
// one plain line per second otherwise) and, on stdout, the figures with what bounds them.
using Spectre.Console;
using ProverSim.LoadTest;

namespace ProverSim.Scenarios.LoadTest;

public static class LoadTestConsole
{
    /// <summary>Runs the load test with live progress on stderr.</summary>
    public static async Task<LoadTestResult> RunWithProgressAsync(LoadTestOptions options, Func<CancellationToken, Task<Microsoft.Extensions.Hosting.IHost>> start, CancellationToken cancellationToken)
    {
        if (Console.IsErrorRedirected)
        {
            return await LoadTestRunner.RunAsync(options, start, new PlainProgress(), cancellationToken);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        LoadTestResult? result = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("starting", maxValue: 1);
                result = await LoadTestRunner.RunAsync(options, start, new BarProgress(task), cancellationToken);
                task.Value = task.MaxValue;
            });
        return result!;
    }

    public static void Print(LoadTestResult r)
    {
        var o = r.Options;
        var console = AnsiConsole.Console;
        var rate = o.Rate is null ? $"as fast as possible ({o.InFlight} in flight)" : $"{o.RateName} offered (open loop)";
        var mode = o.Mode == LoadTestMode.Execute
            ? "execute (the prover grain runs every accepted job on its VM and proves it, as in a scenario run)"
            : "skip-execution (provers decide and book jobs with a cycle budget of 0: nothing runs; cycles and outcomes are drawn)";
        var table = new Table().HideHeaders().Border(TableBorder.Simple).AddColumns("what", "figure");
        void Row(string what, string figure) => table.AddRow(Markup.Escape(what), Markup.Escape(figure));

        Row("run", $"{o.Provers:N0} provers, k = {o.K}, {o.Weight.ToString().ToLowerInvariant()} draw, decline fraction {o.DeclineFraction:0.###}, rate {rate}, " +
            $"{o.Duration.TotalSeconds:0.#} s measured after {o.Warmup.TotalSeconds:0.#} s warm-up, cluster {o.Cluster}");
        Row("mode", mode);
        Row("allocations/s", $"{r.AllocationsPerSecondRounded:N1} ({r.Totals.CompletedInWindow:N0} in the window)");
        Row("ping calls/s", $"{r.PingCallsPerSecondRounded:N1} (in-silo, {PingMeter.Drivers} driver grains, {PingMeter.InFlight} in flight)");
        Row("ratio", $"{r.Ratio:G6} = {r.Ratio:P2} of the ping rate (target: ≥ 25%)");
        Row("latency", $"p50 {r.Latency.P50Ms:N3} ms, p90 {r.Latency.P90Ms:N3} ms, p99 {r.Latency.P99Ms:N3} ms, max {r.Latency.MaxMs:N3} ms " +
            $"(HdrHistogram, {r.Latency.Count:N0} allocations, arrival to k decisions)");
        Row("  allocate stage", $"p50 {r.AllocateStage.P50Ms:N3} ms, p99 {r.AllocateStage.P99Ms:N3} ms (VRF + draw, before the offer round)");
        if (o.Remote)
        {
            Row("silo figures", $"not measured: the silos are other processes (setup took {r.SetupTime.TotalSeconds:0.0} s); the cpu row is this client's");
        }
        else
        {
            Row("grain calls/s", $"{r.GrainCallsPerSecond:N0} in the window, {r.GrainCallsPerAllocation:0.0} per allocation (Orleans' own request counter)");
            Row("activations", $"{r.ActivationsAfterSetup:N0} after setup ({r.SetupTime.TotalSeconds:0.0} s), peak {r.PeakActivations:N0}");
            Row("memory", $"{r.BytesPerProver:N0} managed bytes per prover grain; peak working set {r.PeakMemoryMb:N1} MB, peak managed heap {r.PeakManagedMb:N1} MB");
        }

        Row("offers", $"{r.Totals.Offers:N0} offers, {r.Totals.Declines:N0} declined ({r.DeclineShare:P1}); accepted jobs: {r.Totals.Halted:N0} halted, " +
            $"{r.Totals.OutOfCycles:N0} out of cycles; {r.Totals.Rounds:N0} offer rounds" +
            (o.Mode == LoadTestMode.Execute ? $"; {r.Totals.Mismatches} runs differing from the known cycle count" : string.Empty));
        Row("cpu", $"{r.CpuCores:0.00} of {Environment.ProcessorCount} cores busy in the window; GC pauses {r.GcPausePercent:0.0}% of it");
        Row("bound", $"the beacon's VRF costs {r.Crypto.ProveMicros:N0} µs to prove + {r.Crypto.KeyFromSecretMicros:N0} µs to rebuild the key per allocation: " +
            $"at most {r.VrfBound:N0} allocations/s on {Environment.ProcessorCount} cores with nothing else running");
        console.Write(table);
    }

    private sealed class BarProgress(ProgressTask task) : ILoadTestProgress
    {
        public void Phase(string description)
        {
            task.Description = Markup.Escape(description);
            task.MaxValue = 1;
            task.Value = 0;
        }

        public void Initialized(long provers, long total)
        {
            task.Description = Markup.Escape($"activating provers {provers:N0}/{total:N0}");
            task.MaxValue = total;
            task.Value = provers;
        }

        public void Sampled(SeriesRow row, TimeSpan elapsed, TimeSpan planned, long allocations)
        {
            task.Description = Markup.Escape(Status(row, allocations));
            task.MaxValue = planned.TotalSeconds;
            task.Value = Math.Min(elapsed.TotalSeconds, planned.TotalSeconds);
        }
    }

    private sealed class PlainProgress : ILoadTestProgress
    {
        private long _lastTenth = -1;

        public void Phase(string description) => Console.Error.WriteLine($"loadtest: {description}");

        public void Initialized(long provers, long total)
        {
            var tenth = provers * 10 / Math.Max(total, 1);
            if (tenth != _lastTenth)
            {
                _lastTenth = tenth;
                Console.Error.WriteLine($"loadtest: activated {provers:N0}/{total:N0} provers");
            }
        }

        public void Sampled(SeriesRow row, TimeSpan elapsed, TimeSpan planned, long allocations) =>
            Console.Error.WriteLine($"loadtest: {elapsed.TotalSeconds,6:0.0}/{planned.TotalSeconds:0} s {Status(row, allocations)}");
    }

    private static string Status(SeriesRow row, long allocations) =>
        $"{row.Phase}: {allocations:N0} allocations, {row.AllocationsPerSecond:N0}/s, p99 {row.Latency.P99Ms:N1} ms, " +
        $"{row.GrainCallsPerSecond:N0} grain calls/s, {row.Activations:N0} activations, {row.WorkingSetMb:N0} MB";
}
