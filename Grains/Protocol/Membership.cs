// The active prover set's rules (DESIGN.md §1 "Active prover set"): a prover joins by locking at least
// min_stake and passing join_challenges PoW challenges in time; members receive further challenges; a
// missed deadline removes the prover (optionally slashing); leaving or removal starts a cooldown after
// which the stake unlocks. Pure state transitions; the ActiveSet grain holds one per prover.
namespace ProverSim.Grains.Protocol;

public enum MemberStatus
{
    /// <summary>Stake locked, join challenges outstanding.</summary>
    Joining,
    Active,
    /// <summary>Left or removed; stake still locked until the cooldown ends.</summary>
    Cooldown,
    /// <summary>Cooldown over, stake unlocked.</summary>
    Exited,
}

public sealed record Membership(
    long ProverId,
    MemberStatus Status,
    long Stake,
    HardwareProfile Declared,
    int ChallengesPassed,
    long CooldownEndsSlot,
    bool Removed)
{
    /// <summary>Why a join is refused, or null if the stake suffices.</summary>
    public static string? JoinRefusal(long stake, ProtocolParameters parameters) =>
        stake >= parameters.MinStake ? null : $"stake {stake} is below min_stake {parameters.MinStake}";

    /// <summary>A new member locking <paramref name="stake"/>; active at once if no challenges are required.</summary>
    public static Membership Join(long proverId, long stake, HardwareProfile declared, ProtocolParameters parameters)
    {
        if (JoinRefusal(stake, parameters) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }

        var status = parameters.JoinChallenges == 0 ? MemberStatus.Active : MemberStatus.Joining;
        return new Membership(proverId, status, stake, declared, 0, -1, false);
    }

    public bool IsMember => Status == MemberStatus.Active;

    /// <summary>A challenge answered within its deadline; the last join challenge makes the prover active.</summary>
    public Membership ChallengePassed(ProtocolParameters parameters)
    {
        var passed = ChallengesPassed + 1;
        var status = Status == MemberStatus.Joining && passed >= parameters.JoinChallenges ? MemberStatus.Active : Status;
        return this with { ChallengesPassed = passed, Status = status };
    }

    /// <summary>A missed deadline: removal with cooldown, and the amount of stake to slash.</summary>
    public (Membership After, long Slashed) ChallengeMissed(long slot, ProtocolParameters parameters)
    {
        if (Status is not (MemberStatus.Joining or MemberStatus.Active))
        {
            return (this, 0);
        }

        var slashed = (long)((Int128)Stake * parameters.PowSlashPpm / ProtocolParameters.Ppm);
        var after = this with { Status = MemberStatus.Cooldown, Stake = Stake - slashed, CooldownEndsSlot = slot + parameters.CooldownSlots, Removed = true };
        return (after, slashed);
    }

    /// <summary>
    /// Ejected (vrf-single-fallback: a fallback rescued a workload it had taken or declined): removed with
    /// the cooldown, nothing slashed. A member already leaving or gone stays as it is.
    /// </summary>
    public Membership Ejected(long slot, ProtocolParameters parameters) =>
        Status is MemberStatus.Joining or MemberStatus.Active
            ? this with { Status = MemberStatus.Cooldown, CooldownEndsSlot = slot + parameters.CooldownSlots, Removed = true }
            : this;

    /// <summary>Collateral forfeited from the locked stake (reverse-auction, ramp-and-lock): at most what is still locked; membership unchanged.</summary>
    public (Membership After, long Taken) Forfeit(long amount)
    {
        var taken = Status == MemberStatus.Exited ? 0 : Math.Clamp(amount, 0, Stake);
        return (this with { Stake = Stake - taken }, taken);
    }

    /// <summary>A voluntary leave starts the cooldown.</summary>
    public Membership Leave(long slot, ProtocolParameters parameters) =>
        Status is MemberStatus.Joining or MemberStatus.Active
            ? this with { Status = MemberStatus.Cooldown, CooldownEndsSlot = slot + parameters.CooldownSlots }
            : this;

    /// <summary>Whether the cooldown has ended at <paramref name="slot"/> so the stake unlocks now.</summary>
    public bool UnlocksAt(long slot) => Status == MemberStatus.Cooldown && slot >= CooldownEndsSlot;

    public Membership Unlocked() => this with { Status = MemberStatus.Exited, Stake = 0 };
}
