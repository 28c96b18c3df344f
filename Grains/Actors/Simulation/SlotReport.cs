// One slot's metrics row (DESIGN.md §2.1 phase 8) and, at epoch boundaries, the frozen snapshot.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.ActiveSet;

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
    bool Finished);

/// <summary>What the runner needs to write the results: the beacon key, every epoch, every workload id.</summary>
[GenerateSerializer, Immutable, Alias("provsim.RunInfo")]
public sealed record RunInfo(byte[] BeaconPublicKey, ImmutableArray<EpochInfo> Epochs, long Workloads, long LastSlot);
