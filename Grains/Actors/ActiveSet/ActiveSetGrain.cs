// The active prover set (DESIGN.md §1 "Active prover set", "Allocation"). It applies the membership
// rules of Protocol/Membership in canonical (id) order, freezes a sorted snapshot at each epoch
// boundary, and draws allocations and market candidates from that snapshot only.
using System.Collections.Immutable;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.ActiveSet;

public sealed class ActiveSetGrain(
    [PersistentState("activeset", "simulation")] IPersistentState<ActiveSetState> state) : Grain, IActiveSetGrain
{
    // Derived from the frozen snapshot and never persisted: each requirement's eligible set, built on its
    // first draw of the epoch, so that a draw does not filter and sort the whole snapshot again.
    private readonly Dictionary<HardwareRequirement, EligibleSet> _eligible = [];

    private ActiveSetState S => state.State;

    private ProtocolParameters Parameters => S.Parameters ?? throw new InvalidOperationException("active set is not initialized");

    public async Task InitializeAsync(ProtocolParameters parameters)
    {
        state.State = new ActiveSetState { Parameters = parameters };
        _eligible.Clear();
        await state.WriteStateAsync();
    }

    public async Task<LifecycleResult> LifecycleAsync(long slot, ImmutableArray<JoinRequest> joins, ImmutableArray<long> leaves, byte[] slotBeacon)
    {
        if (S.LifecycleSlot == slot && S.LastLifecycle is { } cached)
        {
            return cached;
        }

        var parameters = Parameters;
        var joined = ImmutableArray.CreateBuilder<JoinRequest>();
        var refused = ImmutableArray.CreateBuilder<(long, string)>();
        foreach (var join in joins.OrderBy(j => j.ProverId))
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
        foreach (var id in leaves.Order())
        {
            if (S.Members.TryGetValue(id, out var member) && member.Status is MemberStatus.Joining or MemberStatus.Active)
            {
                S.Members[id] = member.Leave(slot, parameters);
                left.Add(id);
            }
        }

        var unlocked = ImmutableArray.CreateBuilder<(long, long)>();
        var challenged = ImmutableArray.CreateBuilder<long>();
        foreach (var (id, member) in S.Members.ToList())
        {
            if (member.UnlocksAt(slot))
            {
                unlocked.Add((id, member.Stake));
                S.Members[id] = member.Unlocked();
            }
            else if (member.IsMember && Challenges.IsSelected(slotBeacon, id, parameters))
            {
                challenged.Add(id);
            }
        }

        var result = new LifecycleResult(joined.ToImmutable(), refused.ToImmutable(), left.ToImmutable(), unlocked.ToImmutable(), challenged.ToImmutable());
        S.LifecycleSlot = slot;
        S.LastLifecycle = result;

        // Persisted only when membership changed: a slot that changed nothing gives the same answer again
        // from the same state, so a retry stays without a second effect (and 10,000 members are not
        // re-serialized every slot).
        if (joined.Count > 0 || left.Count > 0 || unlocked.Count > 0)
        {
            await state.WriteStateAsync();
        }

        return result;
    }

    public async Task<JudgementResult> JudgeAsync(long slot, ImmutableArray<ChallengeVerdict> verdicts)
    {
        if (S.JudgedSlot == slot && S.LastJudgement is { } cached)
        {
            return cached;
        }

        var parameters = Parameters;
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
                removed.Add((verdict.ProverId, slashed));
            }
        }

        var result = new JudgementResult(activated.ToImmutable(), removed.ToImmutable());
        S.JudgedSlot = slot;
        S.LastJudgement = result;
        await state.WriteStateAsync();
        return result;
    }

    public async Task<ImmutableArray<SnapshotMember>> FreezeSnapshotAsync(long epoch)
    {
        if (S.SnapshotEpoch != epoch)
        {
            S.Snapshot = [.. S.Members.Values
                .Where(m => m.IsMember)
                .Select(m => new SnapshotMember(m.ProverId, m.Stake, m.Declared, S.MarketTakers.Contains(m.ProverId)))];
            S.SnapshotEpoch = epoch;
            _eligible.Clear();
            await state.WriteStateAsync();
        }

        return S.Snapshot;
    }

    public Task<ImmutableArray<long>> DrawAsync(long epoch, HardwareRequirement requirement, byte[] vrfOutput)
    {
        if (!_eligible.TryGetValue(requirement, out var eligible) || S.SnapshotEpoch != epoch)
        {
            eligible = new EligibleSet(Eligible(epoch, requirement, takersOnly: false, exclude: []));
            _eligible[requirement] = eligible;
        }

        return Task.FromResult(Allocation.Draw(eligible, vrfOutput, Parameters.K, Parameters.AllocationWeight));
    }

    public Task<ImmutableArray<long>> DrawMarketAsync(long epoch, HardwareRequirement requirement, byte[] vrfOutput, int slotIndex, ImmutableArray<long> exclude)
    {
        var eligible = Eligible(epoch, requirement, takersOnly: true, exclude);
        return Task.FromResult(OpenMarket.Candidates(eligible, vrfOutput, slotIndex, Parameters.MarketCandidates));
    }

    public Task<ImmutableArray<MemberView>> MembersAsync() =>
        Task.FromResult<ImmutableArray<MemberView>>([.. S.Members.Values.Select(m => new MemberView(m.ProverId, m.Status, m.Stake, m.ChallengesPassed, m.Removed))]);

    private List<Candidate> Eligible(long epoch, HardwareRequirement requirement, bool takersOnly, ImmutableArray<long> exclude)
    {
        if (S.SnapshotEpoch != epoch)
        {
            throw new InvalidOperationException($"snapshot of epoch {epoch} requested, but epoch {S.SnapshotEpoch} is frozen");
        }

        return Eligibility.Filter(S.Snapshot.Select(m => (m.ProverId, m.Stake, m.Declared, m.TakesMarket)), requirement, takersOnly, exclude);
    }
}
