// The open market (DESIGN.md §1 "Declines and the open market", §2.1 phase 5): every contender races for
// all of a workload's open slots, the first valid proofs take them (ties by VRF order), only k proofs count, and the candidates of a
// slot are a deterministic VRF draw that depends on the slot's index.
using System.Buffers.Binary;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class OpenMarketTests
{
    private static readonly Candidate[] Takers = [.. Enumerable.Range(1, 10).Select(i => new Candidate(i * 3L, 1))];
    private static readonly byte[] Vrf = AllocationTests.Random(12345);

    [Fact]
    public void AllContendersRaceForAllOpenSlotsAndTheFirstValidProofsTakeThem()
    {
        // Two declines open two slots. Contenders 1 and 2 (the fastest, 300 and 350) take both, ahead of
        // 3 (500) — with per-slot groups, 2 could have lost to 3 had they been drawn for different slots.
        MarketProof[] proofs = [new(3, 500, 0), new(1, 300, 2), new(2, 350, 1)];
        Assert.Equal([new MarketProof(1, 300, 2), new MarketProof(2, 350, 1)], OpenMarket.Winners(proofs, openSlots: 2));
        Assert.Equal([new MarketProof(1, 300, 2)], OpenMarket.Winners(proofs, openSlots: 1));
        Assert.Equal(3, OpenMarket.Winners(proofs, openSlots: 5).Count);
        Assert.Empty(OpenMarket.Winners(proofs, openSlots: 0));
    }

    [Fact]
    public void TiesAreSettledByVrfOrderNotByIdOrPosition()
    {
        MarketProof[] proofs = [new(1, 300, 2), new(9, 300, 0), new(4, 300, 1), new(2, 301, 3)];
        Assert.Equal([9L, 4L], OpenMarket.Winners(proofs, 2).Select(w => w.ProverId));
        Assert.Equal([9L, 4L], OpenMarket.Winners(proofs.Reverse(), 2).Select(w => w.ProverId));
    }

    [Fact]
    public void NoValidProofMeansNoWinner() => Assert.Empty(OpenMarket.Winners([], 2));

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
