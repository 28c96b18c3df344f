// The mempool grain: keeps what provers post, keyed by (workload, poster), so the order in which posts
// arrive within a phase never shows; readers get them sorted by virtual post time, then poster id.
// State is written once per slot (EndSlot), at the boundary where every grain persists (DESIGN.md §2).
using System.Collections.Immutable;

namespace ProverSim.Grains.Actors.Mempool;

public sealed class MempoolGrain(
    [PersistentState("mempool", "simulation")] IPersistentState<MempoolState> state) : Grain, IMempoolGrain
{
    private MempoolState S => state.State;

    public Task PostAsync(ImmutableArray<CapsulePost> posts)
    {
        foreach (var post in posts)
        {
            Of(S.Capsules, post.WorkloadId).TryAdd(post.PosterId, post);
        }

        return Task.CompletedTask;
    }

    public Task RevealAsync(ImmutableArray<KeyReveal> reveals)
    {
        foreach (var reveal in reveals)
        {
            Of(S.Reveals, reveal.WorkloadId).TryAdd(reveal.ProverId, reveal);
        }

        return Task.CompletedTask;
    }

    public Task<ImmutableArray<WorkloadPosts>> ReadAsync(ImmutableArray<long> workloadIds) =>
        Task.FromResult(workloadIds.Select(id => new WorkloadPosts(
            id,
            [.. (S.Capsules.GetValueOrDefault(id)?.Values ?? Enumerable.Empty<CapsulePost>()).OrderBy(p => p.PostedMicros).ThenBy(p => p.PosterId)],
            [.. (S.Reveals.GetValueOrDefault(id)?.Values ?? Enumerable.Empty<KeyReveal>()).OrderBy(r => r.ProverId)])).ToImmutableArray());

    public async Task EndSlotAsync(long slot, ImmutableArray<long> settled)
    {
        foreach (var id in settled)
        {
            S.Capsules.Remove(id);
            S.Reveals.Remove(id);
        }

        if (S.LastSlot < slot)
        {
            S.LastSlot = slot;
            await state.WriteStateAsync();
        }
    }

    private static SortedDictionary<long, T> Of<T>(SortedDictionary<long, SortedDictionary<long, T>> table, long workloadId)
    {
        if (!table.TryGetValue(workloadId, out var posts))
        {
            posts = [];
            table[workloadId] = posts;
        }

        return posts;
    }
}
