// The `copier` behaviour (DESIGN.md §1 "Copy protection"): a member that runs nothing, watches the
// mempool and, for each workload it took, reposts the earliest capsule another prover posted there —
// as it is, or re-bound to itself with its own temporary key (a coin per workload from its own
// stream) — one mempool propagation delay later, hoping to be paid for a tier or a market slot.
using ProverSim.Grains.Actors.Mempool;
using ProverSim.Grains.Crypto;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Provers;

public static class CopierStrategy
{
    /// <summary>How long after a capsule appears the copier's repost does (1 ms of mempool propagation).</summary>
    public const long CopyDelayMicros = 1_000;

    public static CapsulePost? Copy(long copierId, CopyTask task, WorkloadPosts workload, long seed, int replication)
    {
        var source = workload.Capsules.Where(p => p.PosterId != copierId).OrderBy(p => p.PostedMicros).ThenBy(p => p.PosterId).FirstOrDefault();
        if (source is null)
        {
            return null;
        }

        var header = ProofCapsule.ReadHeader(source.Capsule);
        var rebind = header is not null && new DerivedRandom(seed, replication, $"copy/{task.WorkloadId}", copierId).Next(2) == 1;
        var capsule = rebind
            ? ProofCapsule.Rebind(source.Capsule, header!.Binding with { ProverId = copierId }, CapsuleKeys.Temporary(seed, replication, copierId, task.WorkloadId).Public)
            : source.Capsule;
        return new CapsulePost(task.WorkloadId, copierId, task.Market, task.Rank, source.PostedMicros + CopyDelayMicros, capsule);
    }
}
