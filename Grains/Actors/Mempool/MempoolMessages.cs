// What travels through the mempool (DESIGN.md §1 "Copy protection"): capsules posted by provers at
// their virtual finish time, and the temporary secret keys they reveal when the workload closes.
using System.Collections.Immutable;

namespace ProverSim.Grains.Actors.Mempool;

/// <summary>A capsule as posted: who posted it for which workload slot, and when (virtual µs).</summary>
[GenerateSerializer, Immutable, Alias("provsim.CapsulePost")]
public sealed record CapsulePost(long WorkloadId, long PosterId, bool Market, int Rank, long PostedMicros, byte[] Capsule);

/// <summary>A prover's temporary secret key for one workload, published when the workload closes.</summary>
[GenerateSerializer, Immutable, Alias("provsim.KeyReveal")]
public sealed record KeyReveal(long WorkloadId, long ProverId, long RevealedMicros, byte[] Secret);

/// <summary>Everything the mempool holds for one workload, in canonical order.</summary>
[GenerateSerializer, Immutable, Alias("provsim.WorkloadPosts")]
public sealed record WorkloadPosts(long WorkloadId, ImmutableArray<CapsulePost> Capsules, ImmutableArray<KeyReveal> Reveals);
