// The open market (DESIGN.md §1 "Declines and the open market", §2.1 phase 5): one slot per decline, the
// earliest finish wins (ties by VRF order, unfinished never), only k proofs count, and the candidates of a
// slot are a deterministic VRF draw that depends on the slot's index.
using System.Buffers.Binary;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class OpenMarketTests
{
    private static readonly Candidate[] Takers = [.. Enumerable.Range(1, 10).Select(i => new Candidate(i * 3L, 1))];
    private static readonly byte[] Vrf = AllocationTests.Random(12345);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void EachDeclineOpensOneSlot(int declines) => Assert.Equal(declines, OpenMarket.OpenSlots(declines));

    [Fact]
    public void EarliestFinishWins()
    {
        MarketAttempt[] attempts = [new(1, 500, 0), new(2, 300, 1), new(3, 400, 2)];
        Assert.Equal(new MarketAttempt(2, 300, 1), OpenMarket.Winner(attempts));
    }

    [Fact]
    public void TiesAreSettledByVrfOrderNotByIdOrPosition()
    {
        MarketAttempt[] attempts = [new(1, 300, 2), new(9, 300, 0), new(4, 300, 1), new(2, 301, -1)];
        Assert.Equal(9, OpenMarket.Winner(attempts)!.ProverId);
        Assert.Equal(9, OpenMarket.Winner(attempts.Reverse())!.ProverId);
    }

    [Fact]
    public void ContendersThatDidNotFinishNeverWin()
    {
        MarketAttempt[] attempts = [new(1, null, 0), new(2, 10_000, 5), new(3, null, -1)];
        Assert.Equal(2, OpenMarket.Winner(attempts)!.ProverId);
    }

    [Fact]
    public void NobodyFinishedMeansNoWinner()
    {
        Assert.Null(OpenMarket.Winner([new MarketAttempt(1, null, 0), new MarketAttempt(2, null, 1)]));
        Assert.Null(OpenMarket.Winner([]));
    }

    [Fact]
    public void OnlyTheFirstKProofsInFinishingOrderCount()
    {
        CountedProof[] proofs = [new(1, 900, 0), new(2, 100, 0), new(3, 800, 0), new(4, 200, 1), new(5, 200, 0)];
        Assert.Equal([2L, 5L, 4L], OpenMarket.Counted(proofs, 3).Select(p => p.ProverId));
        Assert.Equal([2L], OpenMarket.Counted(proofs, 1).Select(p => p.ProverId));
        Assert.Equal(5, OpenMarket.Counted(proofs, 10).Count);
        Assert.Empty(OpenMarket.Counted(proofs, 0));
    }

    [Fact]
    public void CandidatesAreDistinctTakersAndAtMostCount()
    {
        var ids = Takers.Select(t => t.ProverId).ToHashSet();
        for (var slot = 0; slot < 50; slot++)
        {
            var candidates = OpenMarket.Candidates(Takers, Vrf, slot, 3);
            Assert.Equal(3, candidates.Length);
            Assert.Equal(3, candidates.Distinct().Count());
            Assert.All(candidates, c => Assert.Contains(c, ids));
        }

        // More wanted than there are takers: every taker, once; the caller's exclusions are not applied here.
        Assert.Equal(ids.Order(), OpenMarket.Candidates(Takers, Vrf, 0, 25).Order());
        Assert.Empty(OpenMarket.Candidates(Takers, Vrf, 0, 0));
        Assert.Empty(OpenMarket.Candidates([], Vrf, 0, 3));
    }

    [Fact]
    public void CandidatesAreDeterministicAndDependOnTheSlotIndex()
    {
        var slot0 = OpenMarket.Candidates(Takers, Vrf, 0, 3);
        Assert.Equal(slot0.ToArray(), OpenMarket.Candidates([.. Takers], [.. Vrf], 0, 3).ToArray());
        Assert.Contains(Enumerable.Range(1, 10), s => !OpenMarket.Candidates(Takers, Vrf, s, 3).SequenceEqual(slot0));
        Assert.Contains(Enumerable.Range(1, 10), r => !OpenMarket.Candidates(Takers, AllocationTests.Random(r), 0, 3).SequenceEqual(slot0));
    }

    [Fact]
    public void CandidatesAreTheAllocationDrawSeededWithTheVrfOutputAndTheBigEndianSlotIndex()
    {
        for (var slot = 0; slot < 5; slot++)
        {
            var seed = new byte[Vrf.Length + 4];
            Vrf.CopyTo(seed, 0);
            BinaryPrimitives.WriteInt32BigEndian(seed.AsSpan(Vrf.Length), slot);
            Assert.Equal(Allocation.Draw(Takers, seed, 3, AllocationWeight.Uniform).ToArray(), OpenMarket.Candidates(Takers, Vrf, slot, 3).ToArray());
        }
    }

    [Fact]
    public void CandidatesRejectUnsortedTakers() =>
        Assert.Throws<ArgumentException>(() => OpenMarket.Candidates([new(5, 1), new(2, 1)], Vrf, 0, 1));
}
