// The results folder as a run writes it (DESIGN.md §3.1 "Results stream"): each slot's row goes to
// slots.csv as the slot completes, each epoch's seed and snapshot to epochs.csv and active_set.csv, each
// membership event (joins, refusals, activations, removals, leaves, unlocks) to membership.csv, each PoW
// challenge to challenges.csv once judged (in deadline order), and
// each workload's row to workloads.csv once it has settled — in workload-id order, so a row waits only
// for the workloads before it that are still in flight. Memory holds the workloads in flight, not the
// run. Files are written as FILE.partial and take their names only when the run completes.
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Actors.Workloads;

namespace ProverSim.Scenarios.Results;

public sealed class ResultsStream : IDisposable
{
    private readonly SimulationConfig _config;
    private readonly RunLabel _label;
    private readonly CsvWriter _slots;
    private readonly CsvWriter _epochs;
    private readonly CsvWriter _members;
    private readonly CsvWriter _workloads;
    private readonly CsvWriter _membership;
    private readonly CsvWriter _challenges;
    private readonly SortedDictionary<long, WorkloadRecord> _waiting = [];
    private long _nextWorkload;

    public ResultsStream(string directory, SimulationConfig config, RunLabel label)
    {
        Directory.CreateDirectory(directory);
        _config = config;
        _label = label;
        Totals = new RunTotals(config.Provers.Where(p => p.Copies).Select(p => p.ProverId).ToHashSet());
        _slots = Open(directory, "slots.csv", ResultsWriter.SlotColumns);
        _epochs = Open(directory, "epochs.csv", ResultsWriter.EpochColumns);
        _members = Open(directory, "active_set.csv", ResultsWriter.SnapshotColumns);
        _workloads = Open(directory, "workloads.csv", ResultsWriter.WorkloadColumns);
        _membership = Open(directory, "membership.csv", ResultsWriter.MembershipColumns);
        _challenges = Open(directory, "challenges.csv", ResultsWriter.ChallengeColumns);
    }

    public RunTotals Totals { get; }

    public void Add(SlotReport slot)
    {
        Totals.Add(slot);
        _slots.Append(Row(ResultsWriter.SlotRow(_config, slot)));
        if (slot.NewEpoch is { } epoch)
        {
            _epochs.Append(Row(ResultsWriter.EpochRow(_config, epoch, slot.NewSnapshot.Length)));
            foreach (var member in slot.NewSnapshot)
            {
                _members.Append(Row(ResultsWriter.SnapshotRow(_config, epoch, member)));
            }
        }

        foreach (var e in slot.Membership.IsDefault ? [] : slot.Membership)
        {
            _membership.Append(Row(ResultsWriter.MembershipRow(_config, slot.Slot, e)));
        }

        foreach (var c in slot.Challenges.IsDefault ? [] : slot.Challenges)
        {
            _challenges.Append(Row(ResultsWriter.ChallengeRow(_config, slot.Slot, c)));
        }

        foreach (var workload in slot.Settled)
        {
            _waiting[workload.Arrival.WorkloadId] = workload;
        }

        while (_waiting.Remove(_nextWorkload, out var next))
        {
            Write(next);
        }
    }

    /// <summary>Writes the rows of the workloads that never settled (the run stopped draining), fetched by id.</summary>
    public async Task FinishAsync(long workloads, Func<long, Task<WorkloadRecord>> fetch)
    {
        for (; _nextWorkload < workloads;)
        {
            Write(_waiting.Remove(_nextWorkload, out var settled) ? settled : await fetch(_nextWorkload));
        }
    }

    public void Commit()
    {
        _slots.Commit();
        _epochs.Commit();
        _members.Commit();
        _workloads.Commit();
        _membership.Commit();
        _challenges.Commit();
    }

    public void Dispose()
    {
        _slots.Dispose();
        _epochs.Dispose();
        _members.Dispose();
        _workloads.Dispose();
        _membership.Dispose();
        _challenges.Dispose();
    }

    private void Write(WorkloadRecord workload)
    {
        Totals.Add(workload);
        _workloads.Append(Row(ResultsWriter.WorkloadRow(_config, workload)));
        _nextWorkload = workload.Arrival.WorkloadId + 1;
    }

    private IEnumerable<object?> Row(IEnumerable<object?> cells) => [.. _label.Prefix, .. cells];

    private CsvWriter Open(string directory, string file, IReadOnlyList<string> header) =>
        new(Path.Combine(directory, file), [.. _label.Columns, .. header]);
}
