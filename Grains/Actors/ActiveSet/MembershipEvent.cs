// What happened to a prover's membership in a slot (DESIGN.md §1 "Active prover set"), as the results
// say it (membership.csv): a join with the stake it locked, a join refused and why, activation by its
// join challenges, a removal for a missed challenge with what was slashed, a voluntary leave, and the
// stake unlocked when a cooldown ends; under vrf-single-fallback an ejection, under reverse-auction and
// ramp-and-lock a forfeit. Events of a slot: lifecycle first, then the challenge verdicts, then ejections or forfeits.
using System.Collections.Immutable;

namespace ProverSim.Grains.Actors.ActiveSet;

[GenerateSerializer, Immutable, Alias("provsim.MembershipEvent")]
public sealed record MembershipEvent(long ProverId, string Event, string Detail)
{
    public static IEnumerable<MembershipEvent> Of(LifecycleResult result) =>
        result.Joined.Select(j => new MembershipEvent(j.ProverId, "join", $"stake {j.Stake}"))
            .Concat(result.Refused.Select(r => new MembershipEvent(r.ProverId, "refused", r.Reason)))
            .Concat(result.Left.Select(id => new MembershipEvent(id, "leave", "")))
            .Concat(result.Unlocked.Select(u => new MembershipEvent(u.ProverId, "unlock", $"stake {u.Amount}")))
            .OrderBy(e => e.ProverId);

    /// <summary>vrf-single-fallback: a first prover whose workload a fallback rescued leaves the set (nothing slashed).</summary>
    public static MembershipEvent Ejected(long proverId) => new(proverId, "ejected", "a fallback rescued its workload");

    /// <summary>reverse-auction: a winner that missed its deadline forfeits collateral from its locked stake; ramp-and-lock: a lock that timed out.</summary>
    public static MembershipEvent Forfeited(Forfeit forfeit) => new(forfeit.ProverId, "forfeit", (forfeit.Lock, forfeit.AwardedTo) switch
    {
        (true, { } winner) => $"lock timed out; collateral {forfeit.Taken}, half to prover {winner}",
        (true, null) => $"lock timed out; collateral {forfeit.Taken} burned",
        _ => $"missed a deadline; collateral {forfeit.Taken}",
    });

    public static IEnumerable<MembershipEvent> Of(JudgementResult result) =>
        result.Activated.Select(id => new MembershipEvent(id, "active", "join challenges passed"))
            .Concat(result.Removed.Select(r => new MembershipEvent(r.ProverId, "removed", $"missed a challenge; slashed {r.Slashed}")))
            .OrderBy(e => e.ProverId);
}
