// One run's results folder as the reports read it (DESIGN.md §3: reports read results files only):
// manifest.json, summary.json and the provers, workloads and slots CSVs, typed. Any problem is an
// InvalidDataException naming the file and the field.
using System.Globalization;
using System.Text.Json.Nodes;

namespace ProverSim.Reports;

public sealed record ProverRow(long Id, string Group, string Behaviour, double Speed, double Stake, double TierRewards, double Fees, double PowRewards, double Slashed, string Status = "active")
{
    /// <summary>Earnings = tier rewards + fee shares + PoW rewards (what the prover received; slashing is reported apart).</summary>
    public double Earnings => TierRewards + Fees + PowRewards;
}

public sealed record WorkloadRow(
    long Id, long Slot, string Outcome, double ArrivalUs, double? FirstProofUs, double? VerifiedUs, double? UserOpenedUs, double? CloseUs,
    IReadOnlyList<double> TierRewardsByRank, double Burned, double Refund, long? Epoch = null, IReadOnlyList<(long Prover, double Amount)>? TierPaid = null);

public sealed record SlotRow(long Slot, int ActiveSetSize, int Arrivals, int Declines, int MarketFills, int PendingWorkloads, int ChallengesPassed, int ChallengesMissed);

public sealed class RunData
{
    private RunData(
        string directory, JsonObject manifest, JsonObject summary, IReadOnlyList<ProverRow> provers, IReadOnlyList<WorkloadRow> workloads, IReadOnlyList<SlotRow> slots,
        IReadOnlyList<(string What, string Why, int Count)> reasons)
    {
        Reasons = reasons;
        Directory = directory;
        Manifest = manifest;
        Summary = summary;
        Provers = provers;
        Workloads = workloads;
        Slots = slots;
    }

    public string Directory { get; }

    public JsonObject Manifest { get; }

    public JsonObject Summary { get; }

    public IReadOnlyList<ProverRow> Provers { get; }

    public IReadOnlyList<WorkloadRow> Workloads { get; }

    public IReadOnlyList<SlotRow> Slots { get; }

    /// <summary>How many members each epoch's snapshot held (epochs.csv; empty for folders without it).</summary>
    public IReadOnlyDictionary<long, int> EpochMembers { get; init; } = new Dictionary<long, int>();

    /// <summary>Why things did not go ahead, counted: declines by reason, workloads refused, joins refused, removals.</summary>
    public IReadOnlyList<(string What, string Why, int Count)> Reasons { get; }

    public string Name => Summary["scenario"]?.GetValue<string>() ?? System.IO.Path.GetFileName(Directory);

    public string RunId => Manifest["run_id"]?.GetValue<string>() ?? "run";

    public int Replication => Manifest["replication"]?.GetValue<int>() ?? 0;

    /// <summary>The swept parameters of this run (key path → value as compact JSON); empty when nothing was swept.</summary>
    public IReadOnlyDictionary<string, string> Parameters =>
        (Manifest["parameters"] as JsonObject)?.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value?.ToJsonString() ?? "null")
        ?? [];

    public static bool IsRunFolder(string directory) =>
        File.Exists(System.IO.Path.Combine(directory, "manifest.json")) && File.Exists(System.IO.Path.Combine(directory, "provers.csv"));

    public static RunData Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new InvalidDataException($"{directory}: no such folder");
        }

        var manifest = Json(directory, "manifest.json");
        var summary = Json(directory, "summary.json");
        var provers = Table(directory, "provers.csv", (t, r) => new ProverRow(
            Long(t, r, "prover_id"), t.Get(r, "group"), t.Get(r, "behaviour"), Number(t, r, "actual_speed"), Number(t, r, "stake"),
            Number(t, r, "tier_rewards"), Number(t, r, "fees"), Number(t, r, "pow_rewards"), Number(t, r, "slashed"), t.Has("status") ? t.Get(r, "status") : "active"));
        var workloads = Table(directory, "workloads.csv", (t, r) => new WorkloadRow(
            Long(t, r, "workload_id"), Long(t, r, "slot"), t.Get(r, "outcome"), Number(t, r, "arrival_us"),
            Optional(t, r, "first_proof_us"), Optional(t, r, "verified_us"), Optional(t, r, "user_opened_us"), Optional(t, r, "close_us"),
            Amounts(t, r, "tier_rewards"), Number(t, r, "burned"), Number(t, r, "refund"),
            t.Has("epoch") && t.Get(r, "epoch").Length > 0 ? Long(t, r, "epoch") : null, Paid(t, r, "tier_rewards")));
        var slots = Table(directory, "slots.csv", (t, r) => new SlotRow(
            Long(t, r, "slot"), (int)Long(t, r, "active_set_size"), (int)Long(t, r, "arrivals"), (int)Long(t, r, "declines"), (int)Long(t, r, "market_fills"),
            (int)Long(t, r, "pending_workloads"), (int)Long(t, r, "challenges_passed"), (int)Long(t, r, "challenges_missed")));
        var epochs = File.Exists(System.IO.Path.Combine(directory, "epochs.csv"))
            ? Table(directory, "epochs.csv", (t, r) => (Epoch: Long(t, r, "epoch"), Members: t.Has("members") ? (int)Long(t, r, "members") : -1)).ToDictionary(e => e.Epoch, e => e.Members)
            : [];
        return new RunData(directory, manifest, summary, provers, workloads, slots, ReadReasons(directory)) { EpochMembers = epochs };
    }

    // From workloads.csv's decline reasons and refusals and membership.csv's refused joins and removals
    // (folders written before those columns and that file existed have none of them).
    private static List<(string What, string Why, int Count)> ReadReasons(string directory)
    {
        var reasons = new List<(string What, string Why)>();
        var workloads = CsvTable.Load(System.IO.Path.Combine(directory, "workloads.csv"));
        for (var r = 0; r < workloads.Rows.Count; r++)
        {
            if (workloads.Has("decline_reasons") && workloads.Get(r, "decline_reasons") is { Length: > 0 } declines)
            {
                reasons.AddRange(declines.Split(';').Select(d => ("allocated prover declined", d[(d.IndexOf(':') + 1)..])));
            }

            if (workloads.Has("refused") && workloads.Get(r, "refused") is { Length: > 0 } refusal)
            {
                reasons.Add(("workload refused", refusal.Contains("cannot pay", StringComparison.Ordinal) ? "its user could not pay the escrow" : refusal));
            }
        }

        var membership = System.IO.Path.Combine(directory, "membership.csv");
        if (File.Exists(membership))
        {
            var events = CsvTable.Load(membership);
            for (var r = 0; r < events.Rows.Count; r++)
            {
                var detail = events.Get(r, "detail");
                switch (events.Get(r, "event"))
                {
                    case "refused":
                        reasons.Add(("join refused", System.Text.RegularExpressions.Regex.Replace(detail, "[0-9]+", "N")));
                        break;
                    case "removed":
                        reasons.Add(("prover removed", "missed a challenge"));
                        break;
                    case "ejected":
                        reasons.Add(("prover ejected", "a fallback rescued its workload"));
                        break;
                }
            }
        }

        return [.. reasons.GroupBy(r => r).OrderBy(g => g.Key.What, StringComparer.Ordinal).ThenBy(g => g.Key.Why, StringComparer.Ordinal).Select(g => (g.Key.What, g.Key.Why, g.Count()))];
    }

    private static JsonObject Json(string directory, string file)
    {
        var path = System.IO.Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path}: missing (a results folder holds manifest.json, summary.json and the CSVs)");
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path}: expected a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON: {e.Message}");
        }
    }

    private static List<T> Table<T>(string directory, string file, Func<CsvTable, int, T> row)
    {
        var path = System.IO.Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path}: missing");
        }

        var table = CsvTable.Load(path);
        return [.. Enumerable.Range(0, table.Rows.Count).Select(r => row(table, r))];
    }

    private static double Number(CsvTable t, int row, string column) =>
        double.TryParse(t.Get(row, column), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{t.Path}: row {row + 1}, column '{column}': expected a number, got '{t.Get(row, column)}'");

    private static long Long(CsvTable t, int row, string column) =>
        long.TryParse(t.Get(row, column), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{t.Path}: row {row + 1}, column '{column}': expected an integer, got '{t.Get(row, column)}'");

    private static double? Optional(CsvTable t, int row, string column) =>
        !t.Has(column) || t.Get(row, column).Length == 0 ? null : Number(t, row, column);

    // "prover:amount;prover:amount" in rank order → the amounts.
    private static List<double> Amounts(CsvTable t, int row, string column) => [.. Paid(t, row, column).Select(p => p.Amount)];

    // "prover:amount;prover:amount" in rank order → (prover, amount) pairs.
    private static List<(long Prover, double Amount)> Paid(CsvTable t, int row, string column)
    {
        var text = t.Get(row, column);
        var paid = new List<(long, double)>();
        foreach (var entry in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.IndexOf(':');
            if (colon < 0 || !long.TryParse(entry[..colon], NumberStyles.Integer, CultureInfo.InvariantCulture, out var prover)
                || !double.TryParse(entry[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                throw new InvalidDataException($"{t.Path}: row {row + 1}, column '{column}': expected prover:amount entries, got '{entry}'");
            }

            paid.Add((prover, amount));
        }

        return paid;
    }
}
