// One slot's metrics row (DESIGN.md §2.1 phase 8), the workloads settled in it (streamed to the results)
// and, at epoch boundaries, the frozen snapshot.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Actors.Workloads;

namespace ProverSim.Grains.Actors.Simulation;

[GenerateSerializer, Immutable, Alias("provsim.SlotReport")]
public sealed record SlotReport(
    long Slot,
    long Epoch,
    int ActiveSetSize,
    int Arrivals,
    int Offers,
    int Declines,
    int MarketFills,
    int Completed,
    int Failed,
    int Unserved,
    int Joined,
    int ChallengesIssued,
    int ChallengesPassed,
    int ChallengesMissed,
    int PendingWorkloads,
    byte[] BeaconAlpha,
    byte[] BeaconPi,
    byte[] BeaconBeta,
    EpochInfo? NewEpoch,
    ImmutableArray<SnapshotMember> NewSnapshot,
    long ProvingWallMicros,
    long VmCycles,
    int ProofsVerified,
    long ProofBytes,
    int CapsulesPosted,
    int CapsulesRejected,
    ImmutableArray<WorkloadRecord> Settled,
    bool Finished,
    ImmutableArray<MembershipEvent> Membership = default,
    ImmutableArray<JudgedChallenge> Challenges = default,
    int JobsDelayed = 0);

/// <summary>What the runner needs to finish the results: the beacon's public key and how many workloads arrived.</summary>
[GenerateSerializer, Immutable, Alias("provsim.RunInfo")]
public sealed record RunInfo(byte[] BeaconPublicKey, long Workloads, long LastSlot);
