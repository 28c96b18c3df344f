// The mempool grain: keeps what provers post, keyed by (workload, poster), so the order in which posts
// arrive within a phase never shows; readers get them sorted by virtual post time, then poster id.
// Posts are written before the call returns (a prover that posted never posts again for that slot);
// reveals, which a retried settlement asks for again, and the removal of settled workloads are written
// at the slot's end, so only an activation that saw the slot in flight begin takes reveals or answers
// reads (one that took over in the middle of a slot may have lost reveals: the slot is run again). It
// holds only the workloads in flight.
using System.Collections.Immutable;

namespace ProverSim.Grains.Actors.Mempool;

// Never collected for idleness within a day: a phase of a large slot (thousands of join proofs) can keep
// it idle for longer than the silo's default collection age, and collecting it mid-slot would lose the
// slot's part it holds (the slot would then run again, and again).
[CollectionAgeLimit(Hours = 24)]
public sealed class MempoolGrain(
    [PersistentState("mempool", StorageNames.Simulation)] IPersistentState<MempoolState> state) : Grain, IMempoolGrain
{
    private MempoolState S => state.State;

    private bool _dirty;

    // The slot this activation saw begin; none when it started in the middle of one.
    private long? _begun;

    public Task BeginSlotAsync(long slot)
    {
        _begun = slot;
        return Task.CompletedTask;
    }

    public async Task PostAsync(ImmutableArray<CapsulePost> posts)
    {
        var added = false;
        foreach (var post in posts)
        {
            added |= Of(S.Capsules, post.WorkloadId).TryAdd(post.PosterId, post);
        }

        if (added)
        {
            await state.WriteStateAsync();
        }
    }

    public async Task RepostAsync(ImmutableArray<CapsulePost> posts)
    {
        var changed = false;
        foreach (var post in posts)
        {
            var held = Of(S.Capsules, post.WorkloadId);
            if (!held.TryGetValue(post.PosterId, out var was) || was.PostedMicros != post.PostedMicros || !was.Capsule.AsSpan().SequenceEqual(post.Capsule))
            {
                held[post.PosterId] = post;
                changed = true;
            }
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }
    }

    public Task RevealAsync(ImmutableArray<KeyReveal> reveals)
    {
        EnsureBegun("take reveals");
        foreach (var reveal in reveals)
        {
            _dirty |= Of(S.Reveals, reveal.WorkloadId).TryAdd(reveal.ProverId, reveal);
        }

        return Task.CompletedTask;
    }

    public Task<ImmutableArray<WorkloadPosts>> ReadAsync(ImmutableArray<long> workloadIds)
    {
        EnsureBegun("answer reads");
        return Task.FromResult(workloadIds.Select(id => new WorkloadPosts(
            id,
            [.. (S.Capsules.GetValueOrDefault(id)?.Values ?? Enumerable.Empty<CapsulePost>()).OrderBy(p => p.PostedMicros).ThenBy(p => p.PosterId)],
            [.. (S.Reveals.GetValueOrDefault(id)?.Values ?? Enumerable.Empty<KeyReveal>()).OrderBy(r => r.ProverId)])).ToImmutableArray());
    }

    private void EnsureBegun(string what)
    {
        if (_begun is null)
        {
            throw new SlotStateLostException($"mempool {this.GetPrimaryKeyString()} cannot {what}: this activation started in the middle of a slot, so reveals made before it started are gone; the slot is run again");
        }
    }

    public async Task EndSlotAsync(long slot, ImmutableArray<long> settled)
    {
        foreach (var id in settled)
        {
            _dirty |= S.Capsules.Remove(id) | S.Reveals.Remove(id);
        }

        if (_dirty && S.LastSlot < slot)
        {
            S.LastSlot = slot;
            await state.WriteStateAsync();
            _dirty = false;
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
