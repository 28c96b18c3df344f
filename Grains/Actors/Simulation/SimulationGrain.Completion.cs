// Phase 6 of a slot (DESIGN.md §2.1): the capsules of this slot's workloads are in the mempool; copiers
// repost what they find there, each user's client opens its first capsule at once, and each workload
// waits for its close — the time its last participant posted or ran out — to fall in a slot.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.Mempool;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Workloads;
using ProverSim.Grains.Crypto;

namespace ProverSim.Grains.Actors.Simulation;

public sealed partial class SimulationGrain
{
    private readonly Dictionary<long, (byte[] Secret, byte[] Public)> _userKeys = [];

    private IMempoolGrain Mempool => GrainFactory.GetGrain<IMempoolGrain>(RunId);

    /// <summary>A user's X25519 key pair; the client holds the secret, offers carry the public half.</summary>
    private (byte[] Secret, byte[] Public) UserKey(long userId)
    {
        if (!_userKeys.TryGetValue(userId, out var key))
        {
            key = CapsuleKeys.User(Config.Seed, Config.Replication, userId);
            _userKeys[userId] = key;
        }

        return key;
    }

    private async Task CompleteAsync(
        SlotTick tick,
        List<(WorkloadSpec Spec, WorkloadAllocation Allocation)> arrived,
        List<JobReport> decided,
        List<(JobReport Report, int VrfOrder)> market)
    {
        var copies = await CopiesAsync(tick, decided, market);
        var allocated = decided.Where(r => r.Kind == JobKind.Allocated).ToLookup(r => r.JobId);
        var contenders = market.ToLookup(m => m.Report.JobId);
        PendingParticipant Part(JobReport r, bool isMarket, int vrfOrder)
        {
            if (r.Outcome != JobOutcome.Copying)
            {
                return new(r.ProverId, r.Rank, isMarket, vrfOrder, r.Outcome, r.FinishMicros, Posted: r.Outcome == JobOutcome.Halted);
            }

            var posted = copies.GetValueOrDefault((r.JobId, r.ProverId));
            return new(r.ProverId, r.Rank, isMarket, vrfOrder, r.Outcome, posted ?? r.FinishMicros, Posted: posted is not null);
        }

        var posts = arrived.Count == 0 ? [] : await Mempool.ReadAsync([.. arrived.Select(a => a.Spec.WorkloadId)]);
        foreach (var ((spec, _), workloadPosts) in arrived.Zip(posts))
        {
            ImmutableArray<PendingParticipant> participants =
            [
                .. allocated[spec.WorkloadId].Select(r => Part(r, false, r.Rank)),
                .. contenders[spec.WorkloadId].Select(m => Part(m.Report, true, m.VrfOrder)),
            ];
            var finished = participants.Where(p => p.Outcome != JobOutcome.Declined && (p.Outcome != JobOutcome.Copying || p.Posted)).ToList();
            var close = finished.Count == 0 ? spec.ArrivalMicros : finished.Max(p => p.FinishMicros);
            S.Pending[spec.WorkloadId] = new PendingWorkload(spec, close, UserOpens(spec, workloadPosts), participants);
            tick.CapsulesPosted += workloadPosts.Capsules.Length;
        }
    }

    // Copiers (phase 6) repost from the mempool as it stands once every honest prover has posted.
    private async Task<Dictionary<(long WorkloadId, long ProverId), long?>> CopiesAsync(SlotTick tick, List<JobReport> decided, List<(JobReport Report, int VrfOrder)> market)
    {
        var tasks = decided.Where(r => r.Kind == JobKind.Allocated).Concat(market.Select(m => m.Report))
            .Where(r => r.Outcome == JobOutcome.Copying)
            .GroupBy(r => r.ProverId).OrderBy(g => g.Key).ToList();
        var replies = await Task.WhenAll(tasks.Select(g =>
            Prover(g.Key).CopyAsync(tick.Slot, [.. g.OrderBy(r => r.JobId).Select(r => new CopyTask(r.JobId, r.Kind == JobKind.Market, r.Rank))])));
        return replies.SelectMany(r => r).ToDictionary(c => (c.WorkloadId, c.ProverId), c => c.PostedMicros);
    }

    // The user's client opens the earliest capsule sealed to it for its workload: the user's latency to
    // a usable proof. The user needs no reveal; a re-bound copy does not open, a verbatim one does.
    private long? UserOpens(WorkloadSpec spec, WorkloadPosts posts)
    {
        var secret = UserKey(spec.UserId).Secret;
        foreach (var post in posts.Capsules)
        {
            var opening = ProofCapsule.Open(post.Capsule, secret, CapsuleRecipient.User);
            if (opening.Opened && opening.Header!.Binding.WorkloadId == spec.WorkloadId)
            {
                return post.PostedMicros;
            }
        }

        return null;
    }
}
