// Drives one run of a scenario through the Orleans client API only (STYLE.md "load generation is its
// own part"): initialise the run's grains, tick slots until the run has drained — streaming each slot's
// rows into the results folder as it completes — then fetch the provers, members and ledger in batches
// and write the files a run gets at its end. A slot whose call fails is asked for again (a slot is
// idempotent: a retry after a fault in the middle of it gives the same results).
using System.Collections.Immutable;
using System.Diagnostics;
using ProverSim.Grains.Actors;
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Actors.Ledger;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Actors.Workloads;
using ProverSim.Scenarios.Files;
using ProverSim.Scenarios.Results;

namespace ProverSim.Scenarios.Running;

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
    TimeSpan Wall);

public static class ScenarioRunner
{
    /// <summary>How many times a failed slot is asked for again before the run fails.</summary>
    public const int SlotRetries = 3;

    private static int _runs;

    public static Task<RunOutcome> RunAsync(
        IClusterClient client, ScenarioDefinition scenario, int replication, string directory, string commandLine,
        IProgress<SlotReport>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(client, scenario, replication, directory, commandLine, RunLabel.Single, progress, cancellationToken);

    public static async Task<RunOutcome> RunAsync(
        IClusterClient client, ScenarioDefinition scenario, int replication, string directory, string commandLine, RunLabel label,
        IProgress<SlotReport>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();

        // The grain key only keeps runs in one silo apart; it never reaches a results file.
        var runId = $"{scenario.Name}.r{replication}.{Interlocked.Increment(ref _runs)}.{Environment.ProcessId}";
        var config = scenario.ToConfig(runId, replication);
        var simulation = client.GetGrain<ISimulationGrain>(runId);
        await simulation.InitializeAsync(config);

        using var stream = new ResultsStream(directory, config, label);
        for (long slot = 0; ; slot++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var report = await RunSlotAsync(simulation, slot);
            stream.Add(report);
            progress?.Report(report);
            if (report.Finished)
            {
                break;
            }
        }

        var info = await simulation.GetRunInfoAsync();
        await stream.FinishAsync(info.Workloads, id => client.GetGrain<IWorkloadGrain>(RunKeys.Of(runId, id)).GetRecordAsync());
        var provers = await InBatchesAsync(config.Provers.Length, id => client.GetGrain<IProverGrain>(RunKeys.Of(runId, id)).GetRecordAsync());
        var members = await client.GetGrain<IActiveSetGrain>(runId).MembersAsync();
        var ledger = await client.GetGrain<ILedgerGrain>(runId).ViewAsync();
        var outcome = new RunOutcome(scenario, config, stream.Totals, provers, members, ledger, info, started, watch.Elapsed);
        ResultsWriter.WriteEnd(directory, outcome, commandLine, label);
        stream.Commit();
        return outcome;
    }

    private static async Task<SlotReport> RunSlotAsync(ISimulationGrain simulation, long slot)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await simulation.RunSlotAsync(slot);
            }
            catch (Exception) when (attempt <= SlotRetries)
            {
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
