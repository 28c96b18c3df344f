// A run's results folder (DESIGN.md §3 flow): the columns and rows of workloads.csv, slots.csv,
// epochs.csv and active_set.csv (streamed as the run goes, ResultsStream), and what is written when it
// ends — provers.csv, summary.json, manifest.json and a copy of the scenario. Everything but the
// manifest's wall-clock figures is byte-identical for the same scenario and seed.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Actors.Validators;
using ProverSim.Grains.Actors.Workloads;
using ProverSim.Grains.Mechanisms;
using ProverSim.Grains.Protocol;
using ProverSim.Scenarios.Running;

namespace ProverSim.Scenarios.Results;

/// <summary>Which run of an experiment a folder holds: its id and its swept parameters (key path → value).</summary>
public sealed record RunLabel(string RunId, IReadOnlyList<(string Key, JsonNode? Value)> Parameters)
{
    public static readonly RunLabel Single = new("run", []);

    /// <summary>The columns every CSV row starts with: the run id, then one per swept key path.</summary>
    public IEnumerable<string> Columns => ["run_id", .. Parameters.Select(p => p.Key)];

    /// <summary>This run's values of <see cref="Columns"/>.</summary>
    public IEnumerable<object?> Prefix => [RunId, .. Parameters.Select(p => Experiments.PlannedRun.Label(p.Value))];
}

/// <summary>What a results column holds: whole numbers, true/false, or words (lists, hex, names).</summary>
public enum ColumnKind
{
    Integer,
    Boolean,
    Text,
}

public static class ResultsWriter
{
    public const string VrfSuite = "ECVRF-P256-SHA256-TAI";

    // Relaxed escaping keeps '‖' and quotes readable; the files are UTF-8 and never embedded in HTML.
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true, IndentSize = 2, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly IReadOnlyList<string> WorkloadColumns =
    [
        "replication", "workload_id", "slot", "arrival_us", "user_id", "program", "paid_cycles", "input_bytes",
        "req_cpu_cores", "req_memory_gb", "req_gpus", "req_bandwidth_mbps", "req_speed", "escrow",
        "epoch", "vrf_alpha", "vrf_pi", "vrf_beta", "allocated", "declined", "market_fills", "market_losers",
        "outcome", "cycles", "close_us", "proofs", "tier_rewards", "fees", "refund", "burned", "settled_slot",
        "first_proof_us", "user_opened_us", "verified_us", "rejected", "refused", "decline_reasons", "market_drawn", "k", "fallback",
    ];

    public static readonly IReadOnlyList<string> MembershipColumns = ["replication", "slot", "prover_id", "event", "detail"];

    public static readonly IReadOnlyList<string> ChallengeColumns =
        ["replication", "challenge_id", "prover_id", "kind", "issued_slot", "issued_us", "exact_cycles", "deadline_us", "finish_us", "correct", "judged_slot", "passed"];

    public static readonly IReadOnlyList<string> ProverColumns =
    [
        "replication", "prover_id", "group", "behaviour", "cpu_cores", "memory_gb", "gpus", "bandwidth_mbps", "declared_speed", "actual_speed",
        "actual_cpu_cores", "actual_memory_gb", "actual_gpus", "actual_bandwidth_mbps",
        "job_slots", "stake", "status", "removed", "challenges_passed", "jobs_run", "cycles_run", "declines", "market_attempts", "challenges_run",
        "tier_rewards", "fees", "pow_rewards", "slashed", "balance", "locked", "copies_posted", "collateral_won",
    ];

    /// <summary>
    /// The files of a run's folder that the scenario and seed decide byte for byte (all but
    /// manifest.json and report.html, which hold wall-clock figures), as the manifest lists them.
    /// </summary>
    public static readonly IReadOnlyList<string> Files =
        ["workloads.csv", "provers.csv", "slots.csv", "epochs.csv", "active_set.csv", "membership.csv", "challenges.csv", "summary.json", "scenario.yaml"];

    public static readonly IReadOnlyList<string> SlotColumns =
    [
        "replication", "slot", "epoch", "active_set_size", "arrivals", "offers", "declines", "market_fills", "completed", "failed", "unserved",
        "joined", "challenges_issued", "challenges_passed", "challenges_missed", "pending_workloads", "beacon_alpha", "beacon_pi", "beacon_beta",
        "capsules_posted", "capsules_rejected", "jobs_delayed",
    ];

    public static readonly IReadOnlyList<string> EpochColumns = ["replication", "epoch", "start_slot", "vrf_alpha", "vrf_pi", "seed", "members"];

    public static readonly IReadOnlyList<string> SnapshotColumns =
        ["replication", "epoch", "prover_id", "stake", "cpu_cores", "memory_gb", "gpus", "bandwidth_mbps", "speed", "takes_market", "floor"];

    /// <summary>The tables of a run's folder (CSV, and Parquet when asked for), each with its columns after the run label's.</summary>
    public static readonly IReadOnlyList<(string Name, IReadOnlyList<string> Columns)> Tables =
    [
        ("workloads", WorkloadColumns), ("provers", ProverColumns), ("slots", SlotColumns), ("epochs", EpochColumns),
        ("active_set", SnapshotColumns), ("membership", MembershipColumns), ("challenges", ChallengeColumns),
    ];

    // The columns that hold words, lists or hex, and those that hold true/false, per table; every other
    // column holds whole numbers (base units, µs, cycles, counts, ids). The run label's columns are words.
    private static readonly Dictionary<string, (string[] Text, string[] Boolean)> Kinds = new()
    {
        ["workloads"] = (["program", "vrf_alpha", "vrf_pi", "vrf_beta", "allocated", "declined", "market_fills", "market_losers", "outcome", "proofs",
            "tier_rewards", "fees", "rejected", "refused", "decline_reasons", "market_drawn"], []),
        ["provers"] = (["group", "behaviour", "status"], ["removed"]),
        ["slots"] = (["beacon_alpha", "beacon_pi", "beacon_beta"], []),
        ["epochs"] = (["vrf_alpha", "vrf_pi", "seed"], []),
        ["active_set"] = ([], ["takes_market"]),
        ["membership"] = (["event", "detail"], []),
        ["challenges"] = (["kind"], ["correct", "passed"]),
    };

    /// <summary>What a column of a table holds (its Parquet type): a column not of the table's own is a run label's.</summary>
    public static ColumnKind KindOf(string table, string column)
    {
        var (text, boolean) = Kinds[table];
        var own = Tables.Single(t => t.Name == table).Columns.Contains(column);
        return !own || text.Contains(column) ? ColumnKind.Text : boolean.Contains(column) ? ColumnKind.Boolean : ColumnKind.Integer;
    }

    /// <summary>Writes what a run's folder gets when the run ends: provers.csv, summary.json, manifest.json and the scenario.</summary>
    public static void WriteEnd(string directory, RunOutcome run, string commandLine, RunLabel label)
    {
        Directory.CreateDirectory(directory);
        WriteProvers(Path.Combine(directory, "provers.csv"), run, label);
        AtomicFile.WriteAllText(Path.Combine(directory, "summary.json"), Summary.Build(run).ToJsonString(Json) + "\n");
        var manifest = Manifest(run, commandLine);
        manifest["run_id"] = label.RunId;
        manifest["parameters"] = new JsonObject(label.Parameters.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        AtomicFile.WriteAllText(Path.Combine(directory, "manifest.json"), manifest.ToJsonString(Json) + "\n");
        File.Copy(run.Scenario.File, Path.Combine(directory, "scenario.yaml"), overwrite: true);
    }

    private static string Ids(IEnumerable<long> ids) => string.Join(';', ids);

    // BindingMismatch → binding-mismatch.
    public static string Kebab(CapsuleVerdict verdict) =>
        string.Concat(verdict.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? $"-{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));

    public static IEnumerable<object?> WorkloadRow(SimulationConfig config, WorkloadRecord w)
    {
        var arrival = w.Arrival;
        var program = config.Demand.Programs[arrival.ProgramIndex];
        var req = program.Requirement;
        var participants = w.Execution?.Participants ?? [];
        var entries = w.Settlement?.Entries ?? [];
        string Paid(EntryKind kind) => string.Join(';', entries.Where(e => e.Kind == kind && e.To is { Kind: AccountKind.Prover })
            .Select(e => $"{e.To!.Value.Id}:{e.Amount}"));
        var proofs = participants.Where(p => p.Won && !p.Declined).OrderBy(p => p.FinishMicros).ThenBy(p => p.Rank).Select(p => $"{p.ProverId}@{p.FinishMicros}");
        return
        [
            config.Replication, arrival.WorkloadId, arrival.Slot, arrival.ArrivalMicros, arrival.UserId, program.Name, program.PaidCycles, program.InputBytes,
            req.MinCpuCores, req.MinMemoryGb, req.MinGpus, req.MinBandwidthMbps, req.MinCyclesPerSecond, w.Escrow,
            w.Allocation?.Epoch, w.Allocation?.Alpha, w.Allocation?.Pi, w.Allocation?.Beta,
            Ids(w.Allocation?.Provers ?? []),
            Ids(participants.Where(p => p.Declined).Select(p => p.ProverId)),
            Ids(participants.Where(p => p.Market && p.Won).Select(p => p.ProverId)),
            Ids(participants.Where(p => p.Market && !p.Won).Select(p => p.ProverId)),
            (w.Execution?.Outcome ?? WorkloadOutcome.Pending).ToString().ToLowerInvariant(),
            w.Execution?.Cycles, w.Execution?.CloseMicros, string.Join(';', proofs),
            Paid(EntryKind.TierReward), Paid(EntryKind.Fee),
            entries.Where(e => e.Kind == EntryKind.Refund).Sum(e => e.Amount),
            entries.Where(e => e.To is null).Sum(e => e.Amount),
            w.Settlement?.Slot,
            w.Execution?.FirstProofMicros, w.Execution?.UserOpenedMicros, w.Execution?.VerifiedMicros,
            string.Join(';', participants.Where(p => p.Verdict is { } v && v != CapsuleVerdict.Valid).Select(p => $"{p.ProverId}:{Kebab(p.Verdict!.Value)}")),
            w.Refusal,
            string.Join(';', participants.Where(p => p.Declined).Select(p => $"{p.ProverId}:{p.Decline.ToString().ToLowerInvariant()}")),
            Ids(w.MarketDrawn.IsDefault ? [] : w.MarketDrawn),
            program.For(config.Parameters).K,
            w.Fallback?.ProverId,
        ];
    }

    public static IEnumerable<object?> ChallengeRow(SimulationConfig config, long slot, JudgedChallenge c) =>
    [
        config.Replication, c.Issue.ChallengeId, c.Issue.ProverId, c.Issue.Join ? "join" : "random", c.Issue.IssuedMicros / config.Parameters.SlotMicros,
        c.Issue.IssuedMicros, c.Issue.ExactCycles, c.Issue.DeadlineMicros, c.FinishMicros < 0 ? null : c.FinishMicros, c.Correct, slot, c.Passed,
    ];

    public static IEnumerable<object?> MembershipRow(SimulationConfig config, long slot, MembershipEvent e) =>
        [config.Replication, slot, e.ProverId, e.Event, e.Detail];

    public static IEnumerable<object?> SlotRow(SimulationConfig config, SlotReport s) =>
    [
        config.Replication, s.Slot, s.Epoch, s.ActiveSetSize, s.Arrivals, s.Offers, s.Declines, s.MarketFills, s.Completed, s.Failed, s.Unserved,
        s.Joined, s.ChallengesIssued, s.ChallengesPassed, s.ChallengesMissed, s.PendingWorkloads, s.BeaconAlpha, s.BeaconPi, s.BeaconBeta,
        s.CapsulesPosted, s.CapsulesRejected, s.JobsDelayed,
    ];

    public static IEnumerable<object?> EpochRow(SimulationConfig config, EpochInfo epoch, int members) =>
        [config.Replication, epoch.Epoch, epoch.StartSlot, epoch.Alpha, epoch.Pi, epoch.Seed, members];

    public static IEnumerable<object?> SnapshotRow(SimulationConfig config, EpochInfo epoch, SnapshotMember m) =>
    [
        config.Replication, epoch.Epoch, m.ProverId, m.Stake, m.Declared.CpuCores, m.Declared.MemoryGb, m.Declared.Gpus,
        m.Declared.BandwidthMbps, m.Declared.CyclesPerSecond, m.TakesMarket,
        config.Mechanism is Mechanism.ReverseAuction or Mechanism.RampAndLock ? m.Floor : null,
    ];

    private static void WriteProvers(string path, RunOutcome run, RunLabel label)
    {
        var members = run.Members.ToDictionary(m => m.ProverId);
        var ledger = LedgerIndex.From(run.Ledger);
        CsvFile.Write(path, [.. label.Columns, .. ProverColumns], run.Provers.Select(p =>
        {
            var s = p.Setup;
            var account = AccountId.Prover(s.ProverId);
            members.TryGetValue(s.ProverId, out var member);
            return label.Prefix.Concat(
            [
                run.Config.Replication, s.ProverId, s.Group, s.Behaviour, s.Declared.CpuCores, s.Declared.MemoryGb, s.Declared.Gpus, s.Declared.BandwidthMbps,
                s.Declared.CyclesPerSecond, s.Actual.CyclesPerSecond, s.Actual.CpuCores, s.Actual.MemoryGb, s.Actual.Gpus, s.Actual.BandwidthMbps, s.JobSlots, s.Stake,
                member is null ? "never-joined" : member.Status.ToString().ToLowerInvariant(), member?.Removed ?? false, member?.ChallengesPassed ?? 0,
                p.JobsRun, p.CyclesRun, p.Declines, p.MarketAttempts, p.ChallengesRun,
                ledger.Credit(account, EntryKind.TierReward), ledger.Credit(account, EntryKind.Fee), ledger.Credit(account, EntryKind.PowReward),
                ledger.Debit(AccountId.StakeOf(s.ProverId), EntryKind.Slash) + ledger.Debit(AccountId.StakeOf(s.ProverId), EntryKind.CollateralAward),
                ledger.Balance(account), ledger.Balance(AccountId.StakeOf(s.ProverId)), p.CopiesPosted, ledger.Credit(account, EntryKind.CollateralAward),
            ]);
        }));
    }

    private static JsonObject Manifest(RunOutcome run, string commandLine)
    {
        var wall = run.Wall.TotalSeconds;
        var totals = run.Totals;
        return new JsonObject
        {
            ["tool"] = "provsim",
            ["tool_version"] = typeof(ResultsWriter).Assembly.GetName().Version?.ToString(),
            ["git_commit"] = GitCommit(),
            ["command"] = commandLine,
            ["scenario_file"] = Path.GetFullPath(run.Scenario.File),
            ["scenario_sha256"] = run.Scenario.FileSha256,
            ["seed"] = run.Scenario.Seed,
            ["replication"] = run.Config.Replication,
            ["started_utc"] = run.StartedUtc.ToString("O", CultureInfo.InvariantCulture),
            ["ended_utc"] = run.StartedUtc.Add(run.Wall).ToString("O", CultureInfo.InvariantCulture),
            ["wall_s"] = Math.Round(wall, 3),
            ["slots_per_s"] = Math.Round(totals.SlotsRun / Math.Max(wall, 1e-9), 2),
            ["vm_cycles"] = totals.VmCycles,
            ["proving_wall_ms"] = Math.Round(totals.ProvingWallMicros / 1000.0, 3),
            ["proofs_verified"] = totals.ProofsVerified,
            ["machine"] = new JsonObject { ["processors"] = Environment.ProcessorCount, ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription, ["runtime"] = Environment.Version.ToString() },
            ["cluster"] = run.Cluster,
            ["resumed_at_slot"] = run.ResumedAtSlot,
            ["recoveries"] = new JsonArray([.. run.Recoveries.Select(r => (JsonNode)new JsonObject { ["slot"] = r.Slot, ["attempt"] = r.Attempt, ["error"] = r.Error })]),
            ["files"] = new JsonArray([.. Files.Select(f => (JsonNode)f)]),
        };
    }

    public static string? GitCommit()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var head = Path.Combine(dir.FullName, ".git", "HEAD");
            if (!File.Exists(head))
            {
                continue;
            }

            var text = File.ReadAllText(head).Trim();
            if (!text.StartsWith("ref: ", StringComparison.Ordinal))
            {
                return text;
            }

            var reference = Path.Combine(dir.FullName, ".git", text[5..]);
            return File.Exists(reference) ? File.ReadAllText(reference).Trim() : null;
        }

        return null;
    }
}
