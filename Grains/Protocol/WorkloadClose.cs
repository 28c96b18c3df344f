// When a workload closes (DESIGN.md §1 "Copy protection", §2.1 phase 6): as soon as k proofs have been
// posted (allocated and market together), or once every participant has either posted its capsule or
// run out of its paid cycles, whichever comes first; the temporary keys are revealed then, and a capsule
// posted after the close is ignored and unpaid. A workload nobody took part in closes at its arrival.
namespace ProverSim.Grains.Protocol;

public static class WorkloadClose
{
    /// <summary>
    /// The close time from each participant's end: its finish (posted or out of cycles), or null for one
    /// that took no part (declined, or a copier that found nothing to post).
    /// </summary>
    public static long At(long arrivalMicros, IEnumerable<long?> participantEnds)
    {
        long? close = null;
        foreach (var end in participantEnds)
        {
            if (end is { } at && (close is null || at > close))
            {
                close = at;
            }
        }

        return close ?? arrivalMicros;
    }

    /// <summary>
    /// The close given the times the workload's proofs were posted (<paramref name="proofPosts"/>): the
    /// k-th post when there are k, else when the last participant ended.
    /// </summary>
    public static long At(long arrivalMicros, IEnumerable<long?> participantEnds, IEnumerable<long> proofPosts, int k)
    {
        var allEnded = At(arrivalMicros, participantEnds);
        var posts = proofPosts.Order().ToList();
        return k > 0 && posts.Count >= k ? Math.Min(posts[k - 1], allEnded) : allEnded;
    }

    /// <summary>The slot whose end the close falls before: the slot that settles the workload.</summary>
    public static long SettlingSlot(long closeMicros, long slotMicros) => closeMicros / slotMicros;
}
