// Drives one run of a scenario through the Orleans client API only (STYLE.md "load generation is its
// own part"): initialise the run's grains, tick slots until the run has drained, collect the records.
using System.Collections.Immutable;
using System.Diagnostics;
using ProverSim.Grains.Actors;
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Actors.Ledger;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Actors.Workloads;
using ProverSim.Scenarios.Files;

namespace ProverSim.Scenarios.Running;

/// <summary>Everything a run produced, ready to be written as results files.</summary>
public sealed record RunOutcome(
    ScenarioDefinition Scenario,
    SimulationConfig Config,
    ImmutableArray<SlotReport> Slots,
    ImmutableArray<WorkloadRecord> Workloads,
    ImmutableArray<ProverRecord> Provers,
    ImmutableArray<MemberView> Members,
    LedgerView Ledger,
    RunInfo Info,
    DateTimeOffset StartedUtc,
    TimeSpan Wall);

public static class ScenarioRunner
{
    private static int _runs;

    public static async Task<RunOutcome> RunAsync(
        IClusterClient client, ScenarioDefinition scenario, int replication, IProgress<SlotReport>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();

        // The grain key only keeps runs in one silo apart; it never reaches a results file.
        var runId = $"{scenario.Name}.r{replication}.{Interlocked.Increment(ref _runs)}.{Environment.ProcessId}";
        var config = scenario.ToConfig(runId, replication);
        var simulation = client.GetGrain<ISimulationGrain>(runId);
        await simulation.InitializeAsync(config);

        var slots = ImmutableArray.CreateBuilder<SlotReport>();
        for (long slot = 0; ; slot++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var report = await simulation.RunSlotAsync(slot);
            slots.Add(report);
            progress?.Report(report);
            if (report.Finished)
            {
                break;
            }
        }

        var info = await simulation.GetRunInfoAsync();
        var workloads = await InBatchesAsync(info.Workloads, id => client.GetGrain<IWorkloadGrain>(RunKeys.Of(runId, id)).GetRecordAsync());
        var provers = await InBatchesAsync(config.Provers.Length, id => client.GetGrain<IProverGrain>(RunKeys.Of(runId, id)).GetRecordAsync());
        var members = await client.GetGrain<IActiveSetGrain>(runId).MembersAsync();
        var ledger = await client.GetGrain<ILedgerGrain>(runId).ViewAsync();
        return new RunOutcome(scenario, config, slots.ToImmutable(), workloads, provers, members, ledger, info, started, watch.Elapsed);
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
