// A run's totals, added up slot by slot as the results stream: the slot counters, the outcome of every
// settled workload, the validators' verdicts on the capsules and what copiers earned from workloads.
// What the console, summary.json and runs.csv print comes from here, never from rows held in memory.
using System.Text.Json.Nodes;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Actors.Validators;
using ProverSim.Grains.Actors.Workloads;
using ProverSim.Grains.Protocol;

namespace ProverSim.Scenarios.Results;

public sealed class RunTotals(IReadOnlySet<long> copiers)
{
    private readonly SortedDictionary<CapsuleVerdict, int> _rejected = [];

    public long SlotsRun { get; private set; }

    public bool Finished { get; private set; }

    public long Workloads { get; private set; }

    public long Arrivals { get; private set; }

    public long Declines { get; private set; }

    public long MarketFills { get; private set; }

    public long ChallengesIssued { get; private set; }

    public long ChallengesPassed { get; private set; }

    public long ChallengesMissed { get; private set; }

    public long ProvingWallMicros { get; private set; }

    public long VmCycles { get; private set; }

    public long ProofsVerified { get; private set; }

    public long ProofBytes { get; private set; }

    public long CapsulesPosted { get; private set; }

    public long CapsulesRejected { get; private set; }

    public long ValidCapsules { get; private set; }

    public long CopierWorkloadEarnings { get; private set; }

    private readonly long[] _outcomes = new long[Enum.GetValues<WorkloadOutcome>().Length];

    /// <summary>The validators' rejections by reason.</summary>
    public IReadOnlyDictionary<CapsuleVerdict, int> Rejected => _rejected;

    public long Count(WorkloadOutcome outcome) => _outcomes[(int)outcome];

    public void Add(SlotReport slot)
    {
        SlotsRun++;
        Finished = slot.Finished;
        Arrivals += slot.Arrivals;
        Declines += slot.Declines;
        MarketFills += slot.MarketFills;
        ChallengesIssued += slot.ChallengesIssued;
        ChallengesPassed += slot.ChallengesPassed;
        ChallengesMissed += slot.ChallengesMissed;
        ProvingWallMicros += slot.ProvingWallMicros;
        VmCycles += slot.VmCycles;
        ProofsVerified += slot.ProofsVerified;
        ProofBytes += slot.ProofBytes;
        CapsulesPosted += slot.CapsulesPosted;
        CapsulesRejected += slot.CapsulesRejected;
    }

    /// <summary>A workload's final record (settled, or still pending when the run stopped).</summary>
    public void Add(WorkloadRecord workload)
    {
        Workloads++;
        _outcomes[(int)(workload.Execution?.Outcome ?? WorkloadOutcome.Pending)]++;
        foreach (var verdict in (workload.Execution?.Participants ?? []).Select(p => p.Verdict).OfType<CapsuleVerdict>())
        {
            if (verdict == CapsuleVerdict.Valid)
            {
                ValidCapsules++;
            }
            else
            {
                _rejected[verdict] = _rejected.GetValueOrDefault(verdict) + 1;
            }
        }

        CopierWorkloadEarnings += (workload.Settlement?.Entries ?? [])
            .Where(e => e.To is { Kind: AccountKind.Prover } to && copiers.Contains(to.Id) && e.Kind is EntryKind.TierReward or EntryKind.Fee)
            .Sum(e => e.Amount);
    }

    /// <summary>The totals as JSON, for a resumable run's checkpoint.</summary>
    public JsonObject Save() => new()
    {
        ["slots_run"] = SlotsRun,
        ["finished"] = Finished,
        ["workloads"] = Workloads,
        ["arrivals"] = Arrivals,
        ["declines"] = Declines,
        ["market_fills"] = MarketFills,
        ["challenges_issued"] = ChallengesIssued,
        ["challenges_passed"] = ChallengesPassed,
        ["challenges_missed"] = ChallengesMissed,
        ["proving_wall_us"] = ProvingWallMicros,
        ["vm_cycles"] = VmCycles,
        ["proofs_verified"] = ProofsVerified,
        ["proof_bytes"] = ProofBytes,
        ["capsules_posted"] = CapsulesPosted,
        ["capsules_rejected"] = CapsulesRejected,
        ["valid_capsules"] = ValidCapsules,
        ["copier_workload_earnings"] = CopierWorkloadEarnings,
        ["outcomes"] = new JsonArray([.. _outcomes.Select(o => (JsonNode)o)]),
        ["rejected"] = new JsonObject(_rejected.Select(r => KeyValuePair.Create(r.Key.ToString(), (JsonNode?)r.Value))),
    };

    /// <summary>Totals as a checkpoint saved them.</summary>
    public static RunTotals Restore(JsonObject json, IReadOnlySet<long> copiers)
    {
        long Get(string key) => (long)json[key]!;
        var totals = new RunTotals(copiers)
        {
            SlotsRun = Get("slots_run"),
            Finished = (bool)json["finished"]!,
            Workloads = Get("workloads"),
            Arrivals = Get("arrivals"),
            Declines = Get("declines"),
            MarketFills = Get("market_fills"),
            ChallengesIssued = Get("challenges_issued"),
            ChallengesPassed = Get("challenges_passed"),
            ChallengesMissed = Get("challenges_missed"),
            ProvingWallMicros = Get("proving_wall_us"),
            VmCycles = Get("vm_cycles"),
            ProofsVerified = Get("proofs_verified"),
            ProofBytes = Get("proof_bytes"),
            CapsulesPosted = Get("capsules_posted"),
            CapsulesRejected = Get("capsules_rejected"),
            ValidCapsules = Get("valid_capsules"),
            CopierWorkloadEarnings = Get("copier_workload_earnings"),
        };
        var outcomes = json["outcomes"]!.AsArray();
        for (var i = 0; i < totals._outcomes.Length; i++)
        {
            totals._outcomes[i] = (long)outcomes[i]!;
        }

        foreach (var (verdict, count) in json["rejected"]!.AsObject())
        {
            totals._rejected[Enum.Parse<CapsuleVerdict>(verdict)] = (int)count!;
        }

        return totals;
    }
}
