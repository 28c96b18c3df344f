// The allocation path was made fast for the load test: the ActiveSet grain keeps each
// requirement's eligible set for the epoch, uniform draws touch O(k) positions and stake draws search
// cumulative stake. Allocations must stay bit-for-bit those of the original O(n·k) algorithm, which is
// kept here as the reference, and the grain's cache must never outlive its snapshot.
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.LoadTest;

public sealed class FastAllocationTests
{
    [Theory]
    [InlineData(AllocationWeight.Uniform)]
    [InlineData(AllocationWeight.Stake)]
    public void DrawsAreThoseOfTheOriginalAlgorithm(AllocationWeight weight)
    {
        var random = new Random(7);
        foreach (var n in new[] { 0, 1, 2, 3, 5, 17, 200, 3_000 })
        {
            for (var trial = 0; trial < 40; trial++)
            {
                var set = RandomSet(random, n, hugeStakes: trial % 5 == 0);
                var eligible = new EligibleSet(set);
                foreach (var k in new[] { 0, 1, 3, 7, n, n + 2 })
                {
                    var vrf = new byte[32];
                    random.NextBytes(vrf);
                    var expected = Reference(set, vrf, k, weight);
                    Assert.Equal(expected, Allocation.Draw(set, vrf, k, weight).ToArray());
                    Assert.Equal(expected, Allocation.Draw(eligible, vrf, k, weight).ToArray());
                }
            }
        }
    }

    [Fact]
    public void MarketCandidatesAreThoseOfTheOriginalAlgorithm()
    {
        var random = new Random(11);
        var set = RandomSet(random, 500, hugeStakes: false);
        for (var slot = 0; slot < 50; slot++)
        {
            var vrf = new byte[32];
            random.NextBytes(vrf);
            var seed = new byte[36];
            vrf.CopyTo(seed, 0);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(seed.AsSpan(32), slot);
            Assert.Equal(Reference(set, seed, 3, AllocationWeight.Uniform), OpenMarket.Candidates(set, vrf, slot, 3).ToArray());
        }
    }

    [Fact]
    public void AnEligibleSetChecksOrderAndStakeOnce()
    {
        Assert.Throws<ArgumentException>(() => new EligibleSet([new(2, 1), new(1, 1)]));
        var noStake = new EligibleSet([new(1, 5), new(2, 0)]);
        Assert.Single(Allocation.Draw(noStake, new byte[32], 1, AllocationWeight.Uniform));
        Assert.Throws<ArgumentException>(() => Allocation.Draw(noStake, new byte[32], 1, AllocationWeight.Stake));
        Assert.Throws<ArgumentException>(() => Allocation.Draw(noStake, new byte[32], 0, AllocationWeight.Stake));
        Assert.Equal([(UInt128)0, 5, 12], new EligibleSet([new(1, 5), new(4, 7)]).CumulativeStake);
    }

    private static Candidate[] RandomSet(Random random, int n, bool hugeStakes)
    {
        var ids = new SortedSet<long>();
        while (ids.Count < n)
        {
            ids.Add(random.NextInt64(0, 10L * n + 10));
        }

        return [.. ids.Select(id => new Candidate(id, hugeStakes ? random.NextInt64(long.MaxValue / 4, long.MaxValue) : random.NextInt64(1, 1_000_000)))];
    }

    // The algorithm as it was before the eligible-set cache: a full index array for uniform draws, a linear scan and a
    // list removal for stake draws.
    private static long[] Reference(Candidate[] eligible, byte[] random, int k, AllocationWeight weight)
    {
        var stream = new HashStream(Allocation.Domain, random);
        var count = Math.Min(k, eligible.Length);
        var chosen = new List<long>();
        if (weight == AllocationWeight.Uniform)
        {
            var indices = Enumerable.Range(0, eligible.Length).ToArray();
            for (var i = 0; i < count; i++)
            {
                var j = i + (int)stream.NextBelow((ulong)(indices.Length - i));
                (indices[i], indices[j]) = (indices[j], indices[i]);
                chosen.Add(eligible[indices[i]].ProverId);
            }

            return [.. chosen];
        }

        var remaining = eligible.ToList();
        UInt128 total = 0;
        foreach (var candidate in remaining)
        {
            total += (UInt128)candidate.Stake;
        }

        for (var i = 0; i < count; i++)
        {
            var point = stream.NextBelow(total);
            var index = 0;
            while (point >= (UInt128)remaining[index].Stake)
            {
                point -= (UInt128)remaining[index].Stake;
                index++;
            }

            chosen.Add(remaining[index].ProverId);
            total -= (UInt128)remaining[index].Stake;
            remaining.RemoveAt(index);
        }

        return [.. chosen];
    }
}

[Collection(ClusterCollection.Name)]
public sealed class ActiveSetEligibleCacheTests(ClusterFixture fixture)
{
    [Fact]
    public async Task DrawsFollowTheSnapshotOfTheirEpoch()
    {
        var parameters = new ProtocolParameters { JoinChallenges = 0, K = 3, AllocationWeight = AllocationWeight.Stake };
        var cpu = new HardwareProfile(8, 32, 0, 100, 1_000);
        var gpu = cpu with { Gpus = 1 };
        var needsGpu = HardwareRequirement.None with { MinGpus = 1 };
        var set = await Actors.TestRuns.ActiveSetAsync(fixture.Client, "cache", parameters,
        [
            .. Enumerable.Range(0, 12).Select(i => (new JoinRequest(i, 1_000 + (7 * i), i % 3 == 0 ? gpu : cpu, true), 0L, i is 0 or 3 ? 1L : -1L)),
            .. Enumerable.Range(12, 12).Select(i => (new JoinRequest(i, 5_000 + i, gpu, true), 1L, -1L)),
        ]);
        await set.LifecycleAsync(0, new byte[32]);

        var first = await set.FreezeSnapshotAsync(1);
        await AssertDrawsMatchAsync(set, 1, first, parameters, HardwareRequirement.None, needsGpu);

        // More members, a new epoch: the eligible sets of epoch 1 must not be reused.
        await set.LifecycleAsync(1, new byte[32]);
        var second = await set.FreezeSnapshotAsync(2);
        Assert.NotEqual(first.Length, second.Length);
        await AssertDrawsMatchAsync(set, 2, second, parameters, HardwareRequirement.None, needsGpu);
        await Assert.ThrowsAsync<InvalidOperationException>(() => set.DrawAsync(1, needsGpu, new byte[32], 3));
    }

    private static async Task AssertDrawsMatchAsync(
        IActiveSetGrain set, long epoch, System.Collections.Immutable.ImmutableArray<SnapshotMember> snapshot, ProtocolParameters parameters,
        params HardwareRequirement[] requirements)
    {
        for (var i = 0; i < 20; i++)
        {
            var vrf = System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i));
            foreach (var requirement in requirements)
            {
                var eligible = Eligibility.Filter(snapshot.Select(m => (m.ProverId, m.Stake, m.Declared, m.TakesMarket)), requirement, false, []);
                var expected = Allocation.Draw(eligible, vrf, parameters.K, parameters.AllocationWeight);
                Assert.Equal(expected.ToArray(), (await set.DrawAsync(epoch, requirement, vrf, parameters.K)).ToArray());
            }
        }
    }
}
