// The active prover set (DESIGN.md §1 "Active prover set", "Allocation"). It applies the membership
// rules of Protocol/Membership in canonical (id) order, issues and judges PoW challenges, freezes a
// sorted snapshot at each epoch boundary, and draws allocations and market candidates from it — minus
// the members that have left or been removed since (they stop being allocated at once; new members wait
// for the next snapshot). A slot
// touches only the provers that join, leave, unlock or are challenged in it (schedules are indexed by
// slot); only drawing random challenges (pow_rate > 0) looks at every member.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.Ledger;
using ProverSim.Grains.Protocol;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.Grains.Actors.ActiveSet;

public sealed class ActiveSetGrain(
    [PersistentState("activeset", StorageNames.Simulation)] IPersistentState<ActiveSetState> state) : Grain, IActiveSetGrain
{
    // Derived from the frozen snapshot and never persisted: each requirement's eligible set, built on its
    // first draw of the epoch, so that a draw does not filter and sort the whole snapshot again.
    private readonly Dictionary<HardwareRequirement, EligibleSet> _eligible = [];

    // The same sets sorted by standing bid (reverse-auction, ramp-and-lock), built on a requirement's first auction of the epoch.
    private readonly Dictionary<HardwareRequirement, ImmutableArray<PricedCandidate>> _byFloor = [];

    private ActiveSetState S => state.State;

    private ProtocolParameters Parameters => S.Parameters ?? throw new InvalidOperationException("active set is not initialized");

    private ILedgerGrain Ledger => GrainFactory.GetGrain<ILedgerGrain>(this.GetPrimaryKeyString());

    public async Task InitializeAsync(ProtocolParameters parameters, ImmutableArray<ScheduledProver> provers)
    {
        var next = new ActiveSetState { Parameters = parameters };
        foreach (var prover in provers.OrderBy(p => p.Join.ProverId))
        {
            next.Floors[prover.Join.ProverId] = prover.Join.Floor;
            Add(next.JoinsBySlot, prover.JoinSlot, prover.Join);
            if (prover.LeaveSlot >= 0)
            {
                Add(next.LeavesBySlot, prover.LeaveSlot, prover.Join.ProverId);
            }
        }

        state.State = next;
        _eligible.Clear();
        _byFloor.Clear();
        await state.WriteStateAsync();
    }

    public async Task<LifecycleResult> LifecycleAsync(long slot, byte[] slotBeacon)
    {
        if (S.LifecycleSlot == slot && S.LastLifecycle is { } cached)
        {
            await Ledger.ApplyAsync(slot, "lifecycle", LifecycleEntries(cached));
            return cached;
        }

        return await AtomicallyAsync(() => LifecycleOnceAsync(slot, slotBeacon));
    }

    // A change that fails part-way (the ledger refused its batch, a write failed) leaves the state in
    // memory as storage holds it, so the slot, run again, starts from the committed state and not from a
    // half-applied one (members counted as passing twice).
    private async Task<T> AtomicallyAsync<T>(Func<Task<T>> change)
    {
        try
        {
            return await change();
        }
        catch
        {
            await state.ReadStateAsync();
            _eligible.Clear();
            _byFloor.Clear();
            throw;
        }
    }

    private async Task<LifecycleResult> LifecycleOnceAsync(long slot, byte[] slotBeacon)
    {
        var parameters = Parameters;
        var joined = ImmutableArray.CreateBuilder<JoinRequest>();
        var refused = ImmutableArray.CreateBuilder<(long, string)>();
        foreach (var join in S.JoinsBySlot.GetValueOrDefault(slot) ?? [])
        {
            var refusal = S.Members.ContainsKey(join.ProverId)
                ? "already registered"
                : Membership.JoinRefusal(join.Stake, parameters);
            if (refusal is not null)
            {
                refused.Add((join.ProverId, refusal));
                continue;
            }

            S.Members[join.ProverId] = Membership.Join(join.ProverId, join.Stake, join.Declared, parameters);
            if (join.TakesMarket)
            {
                S.MarketTakers.Add(join.ProverId);
            }

            joined.Add(join);
        }

        var left = ImmutableArray.CreateBuilder<long>();
        foreach (var id in (S.LeavesBySlot.GetValueOrDefault(slot) ?? []).Order())
        {
            if (S.Members.TryGetValue(id, out var member) && member.Status is MemberStatus.Joining or MemberStatus.Active)
            {
                S.Members[id] = member.Leave(slot, parameters);
                Add(S.UnlocksBySlot, S.Members[id].CooldownEndsSlot, id);
                Gone(id);
                left.Add(id);
            }
        }

        var unlocked = ImmutableArray.CreateBuilder<(long, long)>();
        foreach (var due in S.UnlocksBySlot.Keys.TakeWhile(k => k <= slot).ToList())
        {
            foreach (var id in S.UnlocksBySlot[due])
            {
                var member = S.Members[id];
                if (member.UnlocksAt(slot))
                {
                    unlocked.Add((id, member.Stake));
                    S.Members[id] = member.Unlocked();
                }
            }

            S.UnlocksBySlot.Remove(due);
        }

        unlocked.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        var challenged = parameters.PowRatePpm == 0
            ? []
            : S.Members.Values.Where(m => m.IsMember && PowChallenges.IsSelected(slotBeacon, m.ProverId, parameters)).Select(m => m.ProverId).ToList();
        var challenges = Issue(slot, slotBeacon, joined, challenged, parameters);

        var result = new LifecycleResult(joined.ToImmutable(), refused.ToImmutable(), left.ToImmutable(), unlocked.ToImmutable(), challenges);
        await Ledger.ApplyAsync(slot, "lifecycle", LifecycleEntries(result));
        S.LifecycleSlot = slot;
        S.LastLifecycle = result;

        // Persisted only when something changed: a slot that changed nothing gives the same answer again
        // from the same state, so a retry stays without a second effect.
        if (joined.Count > 0 || left.Count > 0 || unlocked.Count > 0 || challenges.Length > 0)
        {
            await state.WriteStateAsync();
        }

        return result;
    }

    // The stake the joiners lock and the cooldowns that ended unlock; sent again with a repeated answer.
    private static ImmutableArray<LedgerEntry> LifecycleEntries(LifecycleResult result) =>
    [
        .. result.Joined.Select(j => LedgerEntries.StakeLock(j.ProverId, j.Stake)),
        .. result.Unlocked.Select(u => LedgerEntries.StakeUnlock(u.ProverId, u.Amount)),
    ];

    // The joiners' join challenges and the drawn members' random one, in (prover, index) order. Each tests
    // the prover's declared hardware (PowChallenges): one lane per declared core, an input sized to its
    // declared bandwidth, its declared memory and GPUs; it is due after its input and one wave of lanes
    // at the declared hardware, plus the slack.
    private ImmutableArray<IssuedChallenge> Issue(long slot, byte[] beacon, IEnumerable<JoinRequest> joined, IEnumerable<long> challenged, ProtocolParameters parameters)
    {
        var issued = slot * parameters.SlotMicros;
        var due = joined.SelectMany(j => Enumerable.Range(0, parameters.JoinChallenges).Select(i => (j.ProverId, Index: i, Join: true)))
            .Concat(challenged.Select(id => (ProverId: id, Index: 0, Join: false)))
            .OrderBy(c => c.ProverId).ThenBy(c => c.Index);
        var challenges = ImmutableArray.CreateBuilder<IssuedChallenge>();
        foreach (var (proverId, index, join) in due)
        {
            var declared = S.Members[proverId].Declared;
            var lanes = PowChallenges.Lanes(declared);
            var nonces = Enumerable.Range(0, lanes).Select(lane => PowChallenges.Nonce(beacon, proverId, index, lane)).ToArray();
            var input = ChallengeProgram.InputFor(parameters.PowCycles, nonces);
            var laneCycles = ChallengeProgram.LaneCyclesFor(input[0]);
            var challenge = new IssuedChallenge(
                S.NextChallengeId++, proverId, issued, DeadlineMicros: 0, ChallengeProgram.CyclesFor(input[0], lanes), [.. input], join,
                lanes, laneCycles, PowChallenges.InputBytes(declared, parameters), declared.MemoryGb, declared.Gpus);
            challenge = challenge with { DeadlineMicros = PowChallenges.Deadline(issued, challenge.Test, declared, parameters) };
            S.Challenges[challenge.ChallengeId] = new PendingChallenge(challenge, FinishMicros: -1, Answered: false);
            challenges.Add(challenge);
        }

        return challenges.ToImmutable();
    }

    public async Task RecordAnswersAsync(long slot, ImmutableArray<ChallengeAnswer> answers)
    {
        var changed = false;
        foreach (var answer in answers)
        {
            if (S.Challenges.TryGetValue(answer.ChallengeId, out var pending) && pending.Issue.ProverId == answer.ProverId
                && (pending.FinishMicros != answer.FinishMicros || pending.Answered != answer.Correct))
            {
                S.Challenges[answer.ChallengeId] = pending with { FinishMicros = answer.FinishMicros, Answered = answer.Correct };
                changed = true;
            }
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }
    }

    public async Task<JudgementResult> JudgeAsync(long slot)
    {
        if (S.JudgedSlot == slot && S.LastJudgement is { } cached)
        {
            await Ledger.ApplyAsync(slot, "judge", S.LastJudgementEntries);
            return cached;
        }

        return await AtomicallyAsync(() => JudgeOnceAsync(slot));
    }

    private async Task<JudgementResult> JudgeOnceAsync(long slot)
    {
        var parameters = Parameters;
        var end = (slot + 1) * parameters.SlotMicros;
        var due = S.Challenges.Values.Where(c => c.Issue.DeadlineMicros < end).OrderBy(c => c.Issue.DeadlineMicros).ThenBy(c => c.Issue.ChallengeId).ToList();
        if (due.Count == 0)
        {
            return new JudgementResult([], [], 0, 0, S.Challenges.Count);
        }

        var verdicts = due.Select(c => (c.Issue.ProverId, c.Issue.ChallengeId, Passed: PowChallenges.Passes(c.Answered, c.FinishMicros, c.Issue.DeadlineMicros))).ToList();
        var activated = ImmutableArray.CreateBuilder<long>();
        var removed = ImmutableArray.CreateBuilder<(long, long)>();
        foreach (var verdict in verdicts.OrderBy(v => v.ProverId).ThenBy(v => v.ChallengeId))
        {
            if (!S.Members.TryGetValue(verdict.ProverId, out var member))
            {
                continue;
            }

            if (verdict.Passed)
            {
                var after = member.ChallengePassed(parameters);
                if (member.Status == MemberStatus.Joining && after.Status == MemberStatus.Active)
                {
                    activated.Add(verdict.ProverId);
                }

                S.Members[verdict.ProverId] = after;
            }
            else if (member.Status is MemberStatus.Joining or MemberStatus.Active)
            {
                var (after, slashed) = member.ChallengeMissed(slot, parameters);
                S.Members[verdict.ProverId] = after;
                Add(S.UnlocksBySlot, after.CooldownEndsSlot, verdict.ProverId);
                Gone(verdict.ProverId);
                removed.Add((verdict.ProverId, slashed));
            }
        }

        ImmutableArray<LedgerEntry> entries =
        [
            .. verdicts.Where(v => v.Passed).Select(v => LedgerEntries.PowReward(v.ProverId, parameters.PowReward)),
            .. removed.Select(r => LedgerEntries.Slash(r.Item1, r.Item2)),
        ];
        await Ledger.ApplyAsync(slot, "judge", entries);
        foreach (var challenge in due)
        {
            S.Challenges.Remove(challenge.Issue.ChallengeId);
        }

        var passed = verdicts.Count(v => v.Passed);
        ImmutableArray<JudgedChallenge> judged = [.. due.Zip(verdicts, (c, v) => new JudgedChallenge(c.Issue, c.FinishMicros, c.Answered, v.Passed))];
        var result = new JudgementResult(activated.ToImmutable(), removed.ToImmutable(), passed, verdicts.Count - passed, S.Challenges.Count, judged);
        S.JudgedSlot = slot;
        S.LastJudgement = result;
        S.LastJudgementEntries = entries;
        await state.WriteStateAsync();
        return result;
    }

    public async Task<ImmutableArray<SnapshotMember>> FreezeSnapshotAsync(long epoch)
    {
        if (S.SnapshotEpoch != epoch)
        {
            S.Snapshot = [.. S.Members.Values
                .Where(m => m.IsMember)
                .Select(m => new SnapshotMember(m.ProverId, m.Stake, m.Declared, S.MarketTakers.Contains(m.ProverId), S.Floors.GetValueOrDefault(m.ProverId)))];
            S.SnapshotEpoch = epoch;
            S.GoneSinceSnapshot.Clear();
            _eligible.Clear();
            _byFloor.Clear();
            await state.WriteStateAsync();
        }

        return S.Snapshot;
    }

    public Task<ImmutableArray<long>> DrawAsync(long epoch, HardwareRequirement requirement, byte[] vrfOutput, int k) =>
        Task.FromResult(Allocation.Draw(EligibleFor(epoch, requirement), vrfOutput, k, Parameters.AllocationWeight));

    // The eligible members of the epoch's snapshot for a requirement, kept until the snapshot or its departures change.
    private EligibleSet EligibleFor(long epoch, HardwareRequirement requirement)
    {
        if (!_eligible.TryGetValue(requirement, out var eligible) || S.SnapshotEpoch != epoch)
        {
            eligible = new EligibleSet(Eligible(epoch, requirement, takersOnly: false, exclude: []));
            _eligible[requirement] = eligible;
        }

        return eligible;
    }

    public Task<ImmutableArray<long>> DrawMarketAsync(long epoch, HardwareRequirement requirement, byte[] vrfOutput, int slotIndex, ImmutableArray<long> exclude)
    {
        var eligible = Eligible(epoch, requirement, takersOnly: true, exclude);
        return Task.FromResult(OpenMarket.Candidates(eligible, vrfOutput, slotIndex, Parameters.MarketCandidates));
    }

    public Task<SnapshotMember?> DrawFirstAsync(long epoch, HardwareRequirement requirement, byte[] vrfOutput, ImmutableArray<long> excluded)
    {
        var first = SingleFallback.First(EligibleFor(epoch, requirement), vrfOutput, excluded.ToHashSet(), Parameters.AllocationWeight);
        return Task.FromResult(first is { } id ? SnapshotOf(id) : null);
    }

    public Task<SnapshotMember?> DrawFallbackAsync(long epoch, HardwareRequirement requirement, byte[] vrfOutput, long first)
    {
        var fallback = SingleFallback.Fallback(EligibleFor(epoch, requirement), vrfOutput, first);
        return Task.FromResult(fallback is { } id ? SnapshotOf(id) : null);
    }

    public async Task<ImmutableArray<long>> EjectAsync(long slot, ImmutableArray<long> provers) =>
        S.EjectedSlot == slot ? S.LastEjected : await AtomicallyAsync(() => EjectOnceAsync(slot, provers));

    private async Task<ImmutableArray<long>> EjectOnceAsync(long slot, ImmutableArray<long> provers)
    {
        var ejected = ImmutableArray.CreateBuilder<long>();
        foreach (var id in provers.Distinct().Order())
        {
            if (S.Members.TryGetValue(id, out var member) && member.Status is MemberStatus.Joining or MemberStatus.Active)
            {
                var after = member.Ejected(slot, Parameters);
                S.Members[id] = after;
                Add(S.UnlocksBySlot, after.CooldownEndsSlot, id);
                Gone(id);
                ejected.Add(id);
            }
        }

        S.EjectedSlot = slot;
        S.LastEjected = ejected.ToImmutable();
        await state.WriteStateAsync();
        return S.LastEjected;
    }

    private SnapshotMember SnapshotOf(long proverId) => S.Snapshot.First(m => m.ProverId == proverId);

    public Task<ImmutableArray<SnapshotMember>> AuctionOrderAsync(long epoch, HardwareRequirement requirement, byte[] vrfOutput, long ceiling, int skip, int take)
    {
        if (!_byFloor.TryGetValue(requirement, out var sorted) || S.SnapshotEpoch != epoch)
        {
            sorted = PriceOrder.Sort(EligibleFor(epoch, requirement).Select(c => new PricedCandidate(c.ProverId, S.Floors.GetValueOrDefault(c.ProverId))));
            _byFloor[requirement] = sorted;
        }

        return Task.FromResult<ImmutableArray<SnapshotMember>>([.. PriceOrder.Of(sorted, vrfOutput).TakeWhile(c => c.Floor <= ceiling).Skip(skip).Take(take).Select(c => SnapshotOf(c.ProverId))]);
    }

    public Task<ImmutableArray<SnapshotMember>> RaceAsync(long epoch, HardwareRequirement requirement, byte[] vrfOutput, long locker, long price)
    {
        var eligible = EligibleFor(epoch, requirement).Select(c => new PricedCandidate(c.ProverId, S.Floors.GetValueOrDefault(c.ProverId)));
        return Task.FromResult<ImmutableArray<SnapshotMember>>([.. RampAndLock.Racers(eligible, vrfOutput, locker, price, Parameters.MarketCandidates).Select(SnapshotOf)]);
    }

    public async Task<ImmutableArray<Forfeit>> ForfeitAsync(long slot, ImmutableArray<Forfeit> asked)
    {
        if (S.ForfeitSlot == slot)
        {
            await Ledger.ApplyAsync(slot, "forfeit", ForfeitEntries(S.LastForfeits));
            return S.LastForfeits;
        }

        return await AtomicallyAsync(() => ForfeitOnceAsync(slot, asked));
    }

    private static ImmutableArray<LedgerEntry> ForfeitEntries(ImmutableArray<Forfeit> forfeits) =>
        [.. forfeits.Where(f => f.Taken > 0).SelectMany(f =>
        {
            var (burned, awarded) = RampAndLock.SplitCollateral(f.Taken, f.AwardedTo is not null);
            return (IEnumerable<LedgerEntry>)(awarded > 0
                ? [LedgerEntries.Slash(f.ProverId, burned), LedgerEntries.CollateralAward(f.ProverId, f.AwardedTo!.Value, awarded)]
                : [LedgerEntries.Slash(f.ProverId, burned)]);
        })];

    private async Task<ImmutableArray<Forfeit>> ForfeitOnceAsync(long slot, ImmutableArray<Forfeit> asked)
    {
        var taken = ImmutableArray.CreateBuilder<Forfeit>();
        foreach (var forfeit in asked.OrderBy(f => f.ProverId))
        {
            if (S.Members.TryGetValue(forfeit.ProverId, out var member))
            {
                var (after, amount) = member.Forfeit(forfeit.Asked);
                S.Members[forfeit.ProverId] = after;
                taken.Add(forfeit with { Taken = amount });
            }
        }

        var result = taken.ToImmutable();
        await Ledger.ApplyAsync(slot, "forfeit", ForfeitEntries(result));
        S.ForfeitSlot = slot;
        S.LastForfeits = result;
        await state.WriteStateAsync();
        return result;
    }

    public Task<ImmutableArray<MemberView>> MembersAsync() =>
        Task.FromResult<ImmutableArray<MemberView>>([.. S.Members.Values.Select(m => new MemberView(m.ProverId, m.Status, m.Stake, m.ChallengesPassed, m.Removed))]);

    private List<Candidate> Eligible(long epoch, HardwareRequirement requirement, bool takersOnly, ImmutableArray<long> exclude)
    {
        if (S.SnapshotEpoch != epoch)
        {
            throw new InvalidOperationException($"snapshot of epoch {epoch} requested, but epoch {S.SnapshotEpoch} is frozen");
        }

        return Eligibility.Filter(S.Snapshot.Select(m => (m.ProverId, m.Stake, m.Declared, m.TakesMarket)), requirement, takersOnly, [.. exclude, .. S.GoneSinceSnapshot]);
    }

    // A member of the frozen snapshot that leaves or is removed is drawn no more: the cached eligible
    // sets are rebuilt without it.
    private void Gone(long proverId)
    {
        if (S.Snapshot.Any(m => m.ProverId == proverId) && S.GoneSinceSnapshot.Add(proverId))
        {
            _eligible.Clear();
            _byFloor.Clear();
        }
    }

    private static void Add<TKey, TValue, TList>(SortedDictionary<TKey, TList> index, TKey key, TValue value)
        where TKey : notnull
        where TList : ICollection<TValue>, new()
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = new TList();
            index[key] = list;
        }

        list.Add(value);
    }
}
