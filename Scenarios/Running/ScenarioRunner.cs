// Drives one run of a scenario through the Orleans client API only (STYLE.md "load generation is its
// own part"): initialise the run's grains, tick slots until the run has drained — streaming each slot's
// rows into the results folder as it completes — then fetch the provers, members and ledger in batches
// and write the files a run gets at its end. A slot whose call fails is asked for again (a slot is
// idempotent: a retry after a fault in the middle of it gives the same results); on a cluster the
// retries wait for the cluster to notice a dead silo. A run on a cluster is resumable: after each slot
// it checkpoints its results stream in DIR/.resume/, and `--resume DIR` continues it from there.
using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ProverSim.Grains.Actors;
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Actors.Ledger;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Actors.Workloads;
using ProverSim.Scenarios.Files;
using ProverSim.Scenarios.Results;

namespace ProverSim.Scenarios.Running;

/// <summary>A slot that failed and was asked for again: which attempt, and what the failure was.</summary>
public sealed record SlotRecovery(long Slot, int Attempt, string Error);

/// <summary>What a run produced besides its streamed rows: totals, and the final state of its provers, members and ledger.</summary>
public sealed record RunOutcome(
    ScenarioDefinition Scenario,
    SimulationConfig Config,
    RunTotals Totals,
    ImmutableArray<ProverRecord> Provers,
    ImmutableArray<MemberView> Members,
    LedgerView Ledger,
    RunInfo Info,
    DateTimeOffset StartedUtc,
    TimeSpan Wall)
{
    /// <summary>Where the run's grains ran: the embedded silo, or a cluster's store.</summary>
    public string Cluster { get; init; } = RunSettings.Embedded.Cluster;

    /// <summary>The slots that failed and were asked for again.</summary>
    public IReadOnlyList<SlotRecovery> Recoveries { get; init; } = [];

    /// <summary>For a resumed run: the slot it resumed at.</summary>
    public long? ResumedAtSlot { get; init; }
}

/// <summary>
/// Where a run's grains run and how hard a failed slot is retried: the embedded silo (three immediate
/// retries: a fault there is in the process itself), or a cluster (retries with a growing pause for about
/// two minutes: time for the cluster to declare a dead silo dead and move its grains).
/// </summary>
public sealed record RunSettings(string Cluster, int SlotRetries, TimeSpan FirstPause, TimeSpan LongestPause, bool Resumable)
{
    public static readonly RunSettings Embedded = new("embedded (memory storage)", 3, TimeSpan.Zero, TimeSpan.Zero, Resumable: false);

    public static RunSettings OnCluster(string display) => new(display, 30, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5), Resumable: true);
}

public static class ScenarioRunner
{
    /// <summary>The folder, inside a resumable run's results folder, that holds what a resume needs.</summary>
    public const string ResumeFolder = ".resume";

    private static int _runs;

    public static Task<RunOutcome> RunAsync(
        IClusterClient client, ScenarioDefinition scenario, int replication, string directory, string commandLine,
        IProgress<SlotReport>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(client, scenario, replication, directory, commandLine, RunLabel.Single, progress, cancellationToken);

    public static async Task<RunOutcome> RunAsync(
        IClusterClient client, ScenarioDefinition scenario, int replication, string directory, string commandLine, RunLabel label,
        IProgress<SlotReport>? progress = null, CancellationToken cancellationToken = default, RunSettings? settings = null)
    {
        settings ??= RunSettings.Embedded;
        var started = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();

        // The grain key only keeps runs in one cluster apart; it never reaches a results file.
        var runId = settings.Resumable
            ? $"{scenario.Name}.r{replication}.{Guid.NewGuid():N}"
            : $"{scenario.Name}.r{replication}.{Interlocked.Increment(ref _runs)}.{Environment.ProcessId}";
        var config = scenario.ToConfig(runId, replication);
        var simulation = client.GetGrain<ISimulationGrain>(runId);
        var recoveries = new List<SlotRecovery>();
        await RetryAsync(() => simulation.InitializeAsync(config), -1, settings, recoveries, cancellationToken);

        using var stream = new ResultsStream(directory, config, label, settings.Resumable);
        if (settings.Resumable)
        {
            var resume = Directory.CreateDirectory(Path.Combine(directory, ResumeFolder)).FullName;
            AtomicFile.WriteAllText(Path.Combine(resume, "run.json"), new JsonObject
            {
                ["run_id"] = runId,
                ["replication"] = replication,
                ["scenario_file"] = Path.GetFullPath(scenario.File),
                ["scenario_sha256"] = scenario.FileSha256,
                ["cluster"] = settings.Cluster,
            }.ToJsonString() + "\n");
        }

        return await TickAsync(client, scenario, config, simulation, stream, 0, false, directory, commandLine, label, progress, settings, started, watch, recoveries, cancellationToken);
    }

    /// <summary>
    /// Continues a resumable run whose client stopped (and whose silos may have stopped and started
    /// again): from its last checkpoint, into the same results folder. The scenario must be the one it
    /// started with.
    /// </summary>
    public static async Task<RunOutcome> ResumeAsync(
        IClusterClient client, ScenarioDefinition scenario, string directory, string commandLine,
        IProgress<SlotReport>? progress, RunSettings settings, CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        var resume = Path.Combine(directory, ResumeFolder);
        if (!File.Exists(Path.Combine(resume, "run.json")) || !File.Exists(Path.Combine(resume, "progress.json")))
        {
            throw new ResumeException($"{Path.GetFullPath(directory)} holds no resumable run (no {ResumeFolder}/run.json and progress.json: a run resumes only when it ran on a cluster and finished at least one slot)");
        }

        var run = JsonNode.Parse(File.ReadAllText(Path.Combine(resume, "run.json")))!.AsObject();
        if ((string?)run["scenario_sha256"] != scenario.FileSha256)
        {
            throw new ResumeException($"{scenario.File} is not the scenario the run in {directory} started with ({(string?)run["scenario_file"]}, sha256 {(string?)run["scenario_sha256"]})");
        }

        var checkpoint = JsonNode.Parse(File.ReadAllText(Path.Combine(resume, "progress.json")))!.AsObject();
        var runId = (string)run["run_id"]!;
        var config = scenario.ToConfig(runId, (int)run["replication"]!);
        var simulation = client.GetGrain<ISimulationGrain>(runId);
        var next = (long)checkpoint["next_slot"]!;
        var recoveries = new List<SlotRecovery>();
        var info = await RetryAsync(simulation.GetRunInfoAsync, -1, settings, recoveries, cancellationToken);
        if (info.LastSlot + 1 < next || info.LastSlot > next)
        {
            throw new ResumeException($"the cluster's run {runId} stands at slot {info.LastSlot + 1}, but the results in {directory} continue at slot {next}: is this the cluster it ran on?");
        }

        // A run whose last slot is in the checkpoint only has its end left to write.
        using var stream = ResultsStream.Resume(directory, config, RunLabel.Single, checkpoint["stream"]!.AsObject());
        var outcome = await TickAsync(
            client, scenario, config, simulation, stream, next, stream.Totals.Finished, directory, commandLine, RunLabel.Single, progress, settings, started, watch, recoveries, cancellationToken);
        return outcome with { ResumedAtSlot = next };
    }

    private static async Task<RunOutcome> TickAsync(
        IClusterClient client, ScenarioDefinition scenario, SimulationConfig config, ISimulationGrain simulation, ResultsStream stream, long first, bool finished,
        string directory, string commandLine, RunLabel label, IProgress<SlotReport>? progress, RunSettings settings, DateTimeOffset started, Stopwatch watch,
        List<SlotRecovery> recoveries, CancellationToken cancellationToken)
    {
        for (var slot = first; !finished; slot++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var report = await RunSlotAsync(simulation, slot, settings, recoveries, cancellationToken);
            stream.Add(report);
            if (settings.Resumable)
            {
                AtomicFile.WriteAllText(
                    Path.Combine(directory, ResumeFolder, "progress.json"),
                    new JsonObject { ["next_slot"] = slot + 1, ["stream"] = stream.Checkpoint() }.ToJsonString() + "\n");
            }

            progress?.Report(report);
            finished = report.Finished;
        }

        // The run's end: reads only, each asked again on a failure like a slot.
        var runId = config.RunId;
        Task<T> Read<T>(Func<Task<T>> call) => RetryAsync(call, -1, settings, recoveries, cancellationToken);
        var info = await Read(simulation.GetRunInfoAsync);
        await stream.FinishAsync(info.Workloads, id => Read(() => client.GetGrain<IWorkloadGrain>(RunKeys.Of(runId, id)).GetRecordAsync()));
        var provers = await InBatchesAsync(config.Provers.Length, id => Read(() => client.GetGrain<IProverGrain>(RunKeys.Of(runId, id)).GetRecordAsync()));
        var members = await Read(client.GetGrain<IActiveSetGrain>(runId).MembersAsync);
        var ledger = await Read(client.GetGrain<ILedgerGrain>(runId).ViewAsync);
        var outcome = new RunOutcome(scenario, config, stream.Totals, provers, members, ledger, info, started, watch.Elapsed)
        {
            Cluster = settings.Cluster,
            Recoveries = recoveries,
            ResumedAtSlot = first > 0 ? first : null,
        };
        ResultsWriter.WriteEnd(directory, outcome, commandLine, label);
        stream.Commit();
        if (settings.Resumable)
        {
            Directory.Delete(Path.Combine(directory, ResumeFolder), recursive: true);
        }

        return outcome;
    }

    private static Task<SlotReport> RunSlotAsync(ISimulationGrain simulation, long slot, RunSettings settings, List<SlotRecovery> recoveries, CancellationToken cancellationToken) =>
        RetryAsync(() => simulation.RunSlotAsync(slot), slot, settings, recoveries, cancellationToken);

    private static async Task RetryAsync(Func<Task> call, long slot, RunSettings settings, List<SlotRecovery> recoveries, CancellationToken cancellationToken) =>
        await RetryAsync(async () => { await call(); return true; }, slot, settings, recoveries, cancellationToken);

    // A call that fails (or goes unanswered) is asked again, with pauses on a cluster; each retry is recorded
    // (slot -1: a call outside the slots, at the run's start or end).
    private static async Task<T> RetryAsync<T>(Func<Task<T>> call, long slot, RunSettings settings, List<SlotRecovery> recoveries, CancellationToken cancellationToken)
    {
        var pause = settings.FirstPause;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (attempt <= settings.SlotRetries && e is not OperationCanceledException)
            {
                recoveries.Add(new SlotRecovery(slot, attempt, $"{e.GetType().Name}: {e.Message.Split('\n')[0]}"));
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, cancellationToken);
                    pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, settings.LongestPause.Ticks));
                }
            }
        }
    }

    // Records are fetched a bounded number at a time and kept in id order.
    private static async Task<ImmutableArray<T>> InBatchesAsync<T>(long count, Func<long, Task<T>> fetch)
    {
        const int batch = 512;
        var results = ImmutableArray.CreateBuilder<T>((int)count);
        for (long start = 0; start < count; start += batch)
        {
            var end = Math.Min(count, start + batch);
            var tasks = new List<Task<T>>();
            for (var id = start; id < end; id++)
            {
                tasks.Add(fetch(id));
            }

            results.AddRange(await Task.WhenAll(tasks));
        }

        return results.MoveToImmutable();
    }
}

/// <summary>A run that cannot be resumed from the folder given, and why.</summary>
public sealed class ResumeException(string message) : Exception(message);
