// The results folder as a run writes it (DESIGN.md §3.1 "Results stream"): each slot's row goes to
// slots.csv as the slot completes, each epoch's seed and snapshot to epochs.csv and active_set.csv, each
// membership event (joins, refusals, activations, removals, leaves, unlocks) to membership.csv, each PoW
// challenge to challenges.csv once judged (in deadline order), and
// each workload's row to workloads.csv once it has settled — in workload-id order, so a row waits only
// for the workloads before it that are still in flight. Memory holds the workloads in flight, not the
// run. Files are written as FILE.partial and take their names only when the run completes. A resumable
// run (on a cluster) can checkpoint the stream after a slot — every file's length, the rows waiting for
// earlier workloads and the totals — and a resumed run reopens it there.
using System.Text.Json.Nodes;
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
    private readonly SortedDictionary<long, string> _waiting = [];
    private long _nextWorkload;

    /// <summary>The files, in the order a checkpoint lists them.</summary>
    private static readonly string[] Files = ["slots.csv", "epochs.csv", "active_set.csv", "workloads.csv", "membership.csv", "challenges.csv"];

    public ResultsStream(string directory, SimulationConfig config, RunLabel label, bool resumable = false)
    {
        Directory.CreateDirectory(directory);
        _config = config;
        _label = label;
        Totals = new RunTotals(Copiers(config));
        _slots = Open(directory, "slots.csv", ResultsWriter.SlotColumns, resumable);
        _epochs = Open(directory, "epochs.csv", ResultsWriter.EpochColumns, resumable);
        _members = Open(directory, "active_set.csv", ResultsWriter.SnapshotColumns, resumable);
        _workloads = Open(directory, "workloads.csv", ResultsWriter.WorkloadColumns, resumable);
        _membership = Open(directory, "membership.csv", ResultsWriter.MembershipColumns, resumable);
        _challenges = Open(directory, "challenges.csv", ResultsWriter.ChallengeColumns, resumable);
    }

    // A stream reopened at a checkpoint.
    private ResultsStream(string directory, SimulationConfig config, RunLabel label, JsonObject checkpoint)
    {
        _config = config;
        _label = label;
        Totals = RunTotals.Restore(checkpoint["totals"]!.AsObject(), Copiers(config));
        var lengths = checkpoint["lengths"]!.AsObject();
        var writers = Files.Select(f => CsvWriter.Reopen(Path.Combine(directory, f), (long)lengths[f]!)).ToArray();
        (_slots, _epochs, _members, _workloads, _membership, _challenges) = (writers[0], writers[1], writers[2], writers[3], writers[4], writers[5]);
        _nextWorkload = (long)checkpoint["next_workload"]!;
        foreach (var waiting in checkpoint["waiting"]!.AsArray())
        {
            _waiting[(long)waiting!["workload_id"]!] = (string)waiting["row"]!;
        }
    }

    /// <summary>Reopens a resumable stream at the checkpoint it saved.</summary>
    public static ResultsStream Resume(string directory, SimulationConfig config, RunLabel label, JsonObject checkpoint) => new(directory, config, label, checkpoint);

    public RunTotals Totals { get; }

    /// <summary>Flushes every file and returns the checkpoint that <see cref="Resume"/> reopens.</summary>
    public JsonObject Checkpoint()
    {
        CsvWriter[] writers = [_slots, _epochs, _members, _workloads, _membership, _challenges];
        return new JsonObject
        {
            ["lengths"] = new JsonObject(Files.Zip(writers).Select(f => KeyValuePair.Create(f.First, (JsonNode?)f.Second.Flush()))),
            ["next_workload"] = _nextWorkload,
            ["waiting"] = new JsonArray([.. _waiting.Select(w => (JsonNode)new JsonObject { ["workload_id"] = w.Key, ["row"] = w.Value })]),
            ["totals"] = Totals.Save(),
        };
    }

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

        // A settled workload counts at once; its row waits for the workloads before it.
        foreach (var workload in slot.Settled)
        {
            Totals.Add(workload);
            _waiting[workload.Arrival.WorkloadId] = Rendered(workload);
        }

        WriteReady();
    }

    /// <summary>Writes the rows of the workloads that never settled (the run stopped draining), fetched by id.</summary>
    public async Task FinishAsync(long workloads, Func<long, Task<WorkloadRecord>> fetch)
    {
        for (; _nextWorkload < workloads;)
        {
            if (!_waiting.ContainsKey(_nextWorkload))
            {
                var pending = await fetch(_nextWorkload);
                Totals.Add(pending);
                _waiting[_nextWorkload] = Rendered(pending);
            }

            WriteReady();
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

    private void WriteReady()
    {
        while (_waiting.Remove(_nextWorkload, out var row))
        {
            _workloads.AppendRendered(row);
            _nextWorkload++;
        }
    }

    private string Rendered(WorkloadRecord workload) => CsvFile.Row(Row(ResultsWriter.WorkloadRow(_config, workload)));

    private static HashSet<long> Copiers(SimulationConfig config) => config.Provers.Where(p => p.Copies).Select(p => p.ProverId).ToHashSet();

    private IEnumerable<object?> Row(IEnumerable<object?> cells) => [.. _label.Prefix, .. cells];

    private CsvWriter Open(string directory, string file, IReadOnlyList<string> header, bool resumable) =>
        new(Path.Combine(directory, file), [.. _label.Columns, .. header], keepOnStop: resumable);
}
