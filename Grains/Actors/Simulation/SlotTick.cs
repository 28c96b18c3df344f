// The counters of the slot being run, gathered phase by phase into its SlotReport (never persisted).
using System.Collections.Immutable;
using ProverSim.Grains.Actors.ActiveSet;

namespace ProverSim.Grains.Actors.Simulation;

internal sealed class SlotTick(long slot, long slotMicros, bool inHorizon)
{
    public long Slot { get; } = slot;

    public long Start { get; } = slot * slotMicros;

    public long End { get; } = (slot + 1) * slotMicros;

    /// <summary>Within the scenario's slots; afterwards the run only drains (no epochs, lifecycle or arrivals).</summary>
    public bool InHorizon { get; } = inHorizon;

    public EpochInfo? NewEpoch { get; set; }

    public ImmutableArray<SnapshotMember> Snapshot { get; set; } = [];

    public int Arrivals { get; set; }

    public int Offers { get; set; }

    public int Declines { get; set; }

    public int MarketFills { get; set; }

    public int Completed { get; set; }

    public int Failed { get; set; }

    public int Unserved { get; set; }

    public int Joined { get; set; }

    public int ChallengesIssued { get; set; }

    public int ChallengesPassed { get; set; }

    public int ChallengesMissed { get; set; }

    public long ProvingWallMicros { get; set; }

    public long VmCycles { get; set; }

    public int ProofsVerified { get; set; }

    public long ProofBytes { get; set; }

    public int CapsulesPosted { get; set; }

    public int CapsulesRejected { get; set; }

    public int JobsDelayed { get; set; }

    public List<Workloads.WorkloadRecord> Settled { get; } = [];

    public List<MembershipEvent> Membership { get; } = [];

    public List<JudgedChallenge> Judged { get; } = [];

    public SlotReport Report(EpochInfo epoch, Beacon.VrfOutput beacon, int pending, int activeSetSize, bool finished) => new(
        Slot, epoch.Epoch, activeSetSize, Arrivals, Offers, Declines, MarketFills, Completed, Failed, Unserved, Joined,
        ChallengesIssued, ChallengesPassed, ChallengesMissed, pending, beacon.Alpha, beacon.Pi, beacon.Beta,
        NewEpoch, Snapshot, ProvingWallMicros, VmCycles, ProofsVerified, ProofBytes, CapsulesPosted, CapsulesRejected,
        [.. Settled.OrderBy(w => w.Arrival.WorkloadId)], finished, [.. Membership], [.. Judged], JobsDelayed);
}
