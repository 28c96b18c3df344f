// The active prover set's rules (DESIGN.md §1 "Active prover set"): join needs min_stake and the join
// challenges; a missed challenge removes, slashes pow_slash of the stake and starts the cooldown; the
// stake unlocks exactly when the cooldown ends; challenge deadlines follow the declared speed, and random
// challenges are drawn at pow_rate with per-prover nonces.
using System.Security.Cryptography;
using System.Text;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class MembershipTests
{
    private static readonly HardwareProfile Declared = new(8, 32, 0, 100, 1_000_000);
    private static readonly ProtocolParameters P = new() { MinStake = 1_000, JoinChallenges = 2, CooldownSlots = 10, PowSlashPpm = 100_000 };
    private static readonly byte[] Beacon = SHA256.HashData(Encoding.ASCII.GetBytes("slot beacon"));

    [Fact]
    public void JoinBelowMinStakeIsRefused()
    {
        Assert.Equal("stake 999 is below min_stake 1000", Membership.JoinRefusal(999, P));
        Assert.Null(Membership.JoinRefusal(1_000, P));
        Assert.Null(Membership.JoinRefusal(1_001, P));
        Assert.Equal("stake 999 is below min_stake 1000", Assert.Throws<InvalidOperationException>(() => Membership.Join(1, 999, Declared, P)).Message);
    }

    [Fact]
    public void JoinWithoutChallengesIsActiveAtOnce()
    {
        var m = Membership.Join(7, 1_000, Declared, P with { JoinChallenges = 0 });
        Assert.Equal(new Membership(7, MemberStatus.Active, 1_000, Declared, 0, -1, false), m);
        Assert.True(m.IsMember);
    }

    [Fact]
    public void JoinIsPendingUntilTheLastJoinChallengePasses()
    {
        var m = Membership.Join(7, 1_500, Declared, P);
        Assert.Equal(MemberStatus.Joining, m.Status);
        Assert.False(m.IsMember);

        m = m.ChallengePassed(P);
        Assert.Equal((MemberStatus.Joining, 1), (m.Status, m.ChallengesPassed));
        Assert.False(m.IsMember);

        m = m.ChallengePassed(P);
        Assert.Equal((MemberStatus.Active, 2), (m.Status, m.ChallengesPassed));
        Assert.True(m.IsMember);

        // Later random challenges keep it active and are counted.
        m = m.ChallengePassed(P);
        Assert.Equal((MemberStatus.Active, 3), (m.Status, m.ChallengesPassed));
        Assert.Equal(1_500, m.Stake);
    }

    [Fact]
    public void MissedChallengeRemovesSlashesAndStartsTheCooldown()
    {
        var active = Active(2_500);
        var (after, slashed) = active.ChallengeMissed(40, P);
        Assert.Equal(250, slashed); // 2,500 · 100,000 / 10^6
        Assert.Equal(active with { Status = MemberStatus.Cooldown, Stake = 2_250, CooldownEndsSlot = 50, Removed = true }, after);
        Assert.False(after.IsMember);
    }

    [Theory]
    [InlineData(1_001L, 100_000L, 100L)]    // 100.1 → 100, rounded down
    [InlineData(1_000L, 0L, 0L)]            // pow_slash 0: removed, nothing slashed
    [InlineData(1_000L, 1_000_000L, 1_000L)]
    [InlineData(long.MaxValue, 999_999L, 9_223_362_813_482_738_952L)] // no overflow in stake·ppm
    public void SlashIsStakeTimesPowSlashRoundedDown(long stake, long slashPpm, long expected)
    {
        var (after, slashed) = Active(stake).ChallengeMissed(0, P with { PowSlashPpm = slashPpm });
        Assert.Equal(expected, slashed);
        Assert.Equal(stake - expected, after.Stake);
        Assert.True(after.Removed);
        Assert.Equal(MemberStatus.Cooldown, after.Status);
    }

    [Fact]
    public void MissedJoinChallengeAlsoRemoves()
    {
        var joining = Membership.Join(3, 2_000, Declared, P);
        var (after, slashed) = joining.ChallengeMissed(5, P);
        Assert.Equal(200, slashed);
        Assert.Equal((MemberStatus.Cooldown, 15L, true), (after.Status, after.CooldownEndsSlot, after.Removed));
    }

    [Fact]
    public void MissedChallengeInCooldownOrAfterExitSlashesNothing()
    {
        var (cooling, _) = Active(2_500).ChallengeMissed(40, P);
        var (again, slashed) = cooling.ChallengeMissed(45, P);
        Assert.Equal(0, slashed);
        Assert.Equal(cooling, again);
        Assert.Equal(50, again.CooldownEndsSlot);

        var left = Active(2_500).Leave(40, P);
        var (leftAgain, slashedLeft) = left.ChallengeMissed(41, P);
        Assert.Equal(0, slashedLeft);
        Assert.Equal(left, leftAgain);

        var exited = cooling.Unlocked();
        Assert.Equal(0, exited.ChallengeMissed(60, P).Slashed);
    }

    [Fact]
    public void LeaveStartsTheCooldownWithoutRemovalOrSlash()
    {
        var left = Active(2_000).Leave(5, P);
        Assert.Equal((MemberStatus.Cooldown, 15L, false, 2_000L), (left.Status, left.CooldownEndsSlot, left.Removed, left.Stake));

        // Leaving again does not push the end out.
        Assert.Equal(left, left.Leave(9, P));
        Assert.Equal(MemberStatus.Cooldown, Membership.Join(1, 1_000, Declared, P).Leave(0, P).Status);
    }

    [Fact]
    public void StakeUnlocksExactlyWhenTheCooldownEnds()
    {
        var left = Active(2_000).Leave(5, P);
        Assert.False(left.UnlocksAt(5));
        Assert.False(left.UnlocksAt(14));
        Assert.True(left.UnlocksAt(15));
        Assert.True(left.UnlocksAt(16));

        var exited = left.Unlocked();
        Assert.Equal((MemberStatus.Exited, 0L), (exited.Status, exited.Stake));
        Assert.False(exited.UnlocksAt(20));
        Assert.False(Active(2_000).UnlocksAt(1_000));

        var immediate = Active(2_000).Leave(5, P with { CooldownSlots = 0 });
        Assert.True(immediate.UnlocksAt(5));
    }

    [Fact]
    public void DeadlineIsIssuedPlusInputAndOneWaveOfLanesAtTheDeclaredHardwarePlusSlack()
    {
        // 8 lanes on 8 declared cores run in one wave: 2 + 250 cycles at 1,000,000 cycles/s is 252 µs.
        var eightLanes = new ChallengeTest(8, 250, 2, 0, 32, 0);
        Assert.Equal(1_000 + 252 + 200_000, PowChallenges.Deadline(1_000, eightLanes, Declared, new ProtocolParameters()));

        // ceil(1 · 10^6 / 3) = 333,334 µs at a declared 3 cycles/s.
        var slow = Declared with { CyclesPerSecond = 3 };
        Assert.Equal(5_000_000 + 333_334 + 7, PowChallenges.Deadline(5_000_000, new ChallengeTest(1, 1, 0, 0, 0, 0), slow, P with { PowSlackMicros = 7 }));

        // An input of 1,250 bytes at the declared 100 Mbps takes 1,250 · 8 / 100 = 100 µs first.
        Assert.Equal(100 + 2_001, PowChallenges.Deadline(0, new ChallengeTest(1, 2_000, 1, 1_250, 0, 0), Declared, P with { PowSlackMicros = 0 }));
    }

    [Fact]
    public void RandomChallengesAreDrawnAtPowRate()
    {
        const int Provers = 20_000;
        var p = P with { PowRatePpm = 100_000 };
        var selected = Enumerable.Range(1, Provers).Count(id => PowChallenges.IsSelected(Beacon, id, p));
        var sigma = Math.Sqrt(Provers * 0.1 * 0.9);
        Assert.InRange(selected, (Provers * 0.1) - (4 * sigma), (Provers * 0.1) + (4 * sigma));

        Assert.DoesNotContain(Enumerable.Range(1, 2_000), id => PowChallenges.IsSelected(Beacon, id, P with { PowRatePpm = 0 }));
        Assert.All(Enumerable.Range(1, 2_000), id => Assert.True(PowChallenges.IsSelected(Beacon, id, P with { PowRatePpm = 1_000_000 })));
    }

    [Fact]
    public void ChallengeSelectionIsDeterministicAndDependsOnTheBeacon()
    {
        var p = P with { PowRatePpm = 100_000 };
        var first = Enumerable.Range(1, 500).Where(id => PowChallenges.IsSelected(Beacon, id, p)).ToList();
        Assert.Equal(first, Enumerable.Range(1, 500).Where(id => PowChallenges.IsSelected([.. Beacon], id, p)));

        var other = SHA256.HashData(Encoding.ASCII.GetBytes("another slot"));
        Assert.NotEqual(first, Enumerable.Range(1, 500).Where(id => PowChallenges.IsSelected(other, id, p)));
    }

    [Fact]
    public void NoncesDifferPerProverIndexAndLaneAndAreFieldElements()
    {
        var nonces = new HashSet<ulong>();
        for (long prover = 1; prover <= 50; prover++)
        {
            for (var index = 0; index < 4; index++)
            {
                for (var lane = 0; lane < 3; lane++)
                {
                    var nonce = PowChallenges.Nonce(Beacon, prover, index, lane);
                    Assert.True(nonce < 0xFFFF_FFFF_0000_0001UL);
                    Assert.Equal(nonce, PowChallenges.Nonce([.. Beacon], prover, index, lane));
                    nonces.Add(nonce);
                }
            }
        }

        Assert.Equal(600, nonces.Count);
        Assert.NotEqual(PowChallenges.Nonce(Beacon, 1, 0, 0), PowChallenges.Nonce(SHA256.HashData(Beacon), 1, 0, 0));
    }

    private static Membership Active(long stake) => new(9, MemberStatus.Active, stake, Declared, 3, -1, false);
}
