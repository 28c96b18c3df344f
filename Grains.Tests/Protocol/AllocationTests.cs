// Allocation (DESIGN.md §1 "Allocation"): k distinct eligible provers drawn from the VRF output, a pure
// function of (eligible set sorted by id, 32-byte output); uniform draws are uniform (chi-square) and
// stake-weighted draws follow stake; the draw can be recomputed from SHA-256 alone.
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class AllocationTests
{
    private static readonly Candidate[] Twenty = [.. Enumerable.Range(1, 20).Select(i => new Candidate(i * 10L, 1_000 + i))];

    [Theory]
    [InlineData(AllocationWeight.Uniform)]
    [InlineData(AllocationWeight.Stake)]
    public void DrawsKDistinctEligibleProvers(AllocationWeight weight)
    {
        var ids = Twenty.Select(c => c.ProverId).ToHashSet();
        for (var i = 0; i < 200; i++)
        {
            var drawn = Allocation.Draw(Twenty, Random(i), 3, weight);
            Assert.Equal(3, drawn.Length);
            Assert.Equal(3, drawn.Distinct().Count());
            Assert.All(drawn, id => Assert.Contains(id, ids));
        }
    }

    [Theory]
    [InlineData(AllocationWeight.Uniform)]
    [InlineData(AllocationWeight.Stake)]
    public void FewerEligibleThanKReturnsThemAll(AllocationWeight weight)
    {
        Candidate[] two = [new(3, 5), new(8, 7)];
        var drawn = Allocation.Draw(two, Random(1), 3, weight);
        Assert.Equal([3L, 8L], drawn.Order());

        Assert.Empty(Allocation.Draw([], Random(1), 3, weight));
        Assert.Empty(Allocation.Draw(Twenty, Random(1), 0, weight));
        Assert.Equal(20, Allocation.Draw(Twenty, Random(1), 20, weight).Distinct().Count());
    }

    [Fact]
    public void NegativeKIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Allocation.Draw(Twenty, Random(0), -1, AllocationWeight.Uniform));

    [Theory]
    [InlineData(AllocationWeight.Uniform)]
    [InlineData(AllocationWeight.Stake)]
    public void IsAPureFunctionOfTheSetAndTheRandomValue(AllocationWeight weight)
    {
        var first = Allocation.Draw(Twenty, Random(7), 3, weight);
        Assert.Equal(first.ToArray(), Allocation.Draw([.. Twenty], [.. Random(7)], 3, weight).ToArray());

        // Another random value changes the draw for some of ten values (all ten equal has chance ~10^-30).
        var others = Enumerable.Range(100, 10).Select(i => Allocation.Draw(Twenty, Random(i), 3, weight)).ToList();
        Assert.Contains(others, o => !o.SequenceEqual(first));
    }

    [Theory]
    [InlineData(new long[] { 1, 3, 2 })]
    [InlineData(new long[] { 1, 2, 2 })]
    [InlineData(new long[] { 5, 4 })]
    public void UnsortedOrDuplicateIdsAreRejected(long[] ids)
    {
        var candidates = ids.Select(id => new Candidate(id, 10)).ToArray();
        Assert.Throws<ArgumentException>(() => Allocation.Draw(candidates, Random(0), 1, AllocationWeight.Uniform));
        Assert.Throws<ArgumentException>(() => Allocation.Draw(candidates, Random(0), 1, AllocationWeight.Stake));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void StakeWeightingRejectsAProverWithoutStake(long stake)
    {
        Candidate[] set = [new(1, 10), new(2, stake), new(3, 10)];
        Assert.Throws<ArgumentException>(() => Allocation.Draw(set, Random(0), 1, AllocationWeight.Stake));

        // Uniform draws ignore stake.
        Assert.Single(Allocation.Draw(set, Random(0), 1, AllocationWeight.Uniform));
    }

    [Fact]
    public void UniformAllocationIsUniform()
    {
        // 20 provers, k = 3, 6,000 draws: each is selected 6000·3/20 = 900 times in expectation; the first
        // pick alone 300 times. χ²(19) at 0.999 is 43.82.
        var selected = new long[20];
        var first = new long[20];
        for (var i = 0; i < 6_000; i++)
        {
            var drawn = Allocation.Draw(Twenty, Random(i), 3, AllocationWeight.Uniform);
            foreach (var id in drawn)
            {
                selected[(id / 10) - 1]++;
            }

            first[(drawn[0] / 10) - 1]++;
        }

        Assert.Equal(18_000, selected.Sum());
        Assert.InRange(ChiSquare.Statistic(selected, 900.0), 0.0, ChiSquare.Critical19Df);
        Assert.InRange(ChiSquare.Statistic(first, 300.0), 0.0, ChiSquare.Critical19Df);
    }

    [Fact]
    public void StakeWeightedSingleDrawFavoursTheHeavyProverThreeToOne()
    {
        Candidate[] set = [new(1, 1), new(2, 3)];
        const int Draws = 8_000;
        var heavy = Enumerable.Range(0, Draws).Count(i => Allocation.Draw(set, Random(i), 1, AllocationWeight.Stake)[0] == 2);
        var frequency = heavy / (double)Draws;
        var sigma = Math.Sqrt(0.75 * 0.25 / Draws);
        Assert.InRange(frequency, 0.75 - (4 * sigma), 0.75 + (4 * sigma));
    }

    [Fact]
    public void StakeWeightedFirstPicksAreProportionalToStake()
    {
        // Stakes 1 : 2 : 3 over 6,000 draws of k = 3: the first pick is expected 1,000 / 2,000 / 3,000 times.
        Candidate[] set = [new(1, 100), new(2, 200), new(3, 300)];
        var first = new long[3];
        for (var i = 0; i < 6_000; i++)
        {
            var drawn = Allocation.Draw(set, Random(i), 3, AllocationWeight.Stake);
            Assert.Equal([1L, 2L, 3L], drawn.Order());
            first[drawn[0] - 1]++;
        }

        Assert.InRange(ChiSquare.Statistic(first, [1_000.0, 2_000.0, 3_000.0]), 0.0, ChiSquare.Critical2Df);
    }

    [Fact]
    public void StakeTotalsAbove2To64AreDrawnUniformlyForEqualStakes()
    {
        // Three stakes of long.MaxValue sum to ~1.5·2^64: the 128-bit path; equal stakes, equal chances.
        Candidate[] set = [new(1, long.MaxValue), new(2, long.MaxValue), new(3, long.MaxValue)];
        var first = new long[3];
        for (var i = 0; i < 3_000; i++)
        {
            var drawn = Allocation.Draw(set, Random(i), 3, AllocationWeight.Stake);
            Assert.Equal([1L, 2L, 3L], drawn.Order());
            first[drawn[0] - 1]++;
        }

        Assert.InRange(ChiSquare.Statistic(first, 1_000.0), 0.0, ChiSquare.Critical2Df);
    }

    [Fact]
    public void UniformDrawCanBeRecomputedFromSha256Alone()
    {
        // The audit path: a verifier rebuilds the partial Fisher–Yates from the published VRF output.
        for (var r = 0; r < 20; r++)
        {
            var random = Random(r);
            Assert.Equal(ReferenceUniform(Twenty.Select(c => c.ProverId).ToArray(), random, 3), Allocation.Draw(Twenty, random, 3, AllocationWeight.Uniform));
        }
    }

    [Fact]
    public void StakeDrawCanBeRecomputedFromSha256Alone()
    {
        for (var r = 0; r < 20; r++)
        {
            var random = Random(r);
            Assert.Equal(ReferenceStake(Twenty, random, 3), Allocation.Draw(Twenty, random, 3, AllocationWeight.Stake));
        }
    }

    [Fact]
    public void DrawsOfWholeSmallSetsMatchTheReference()
    {
        // Small integer stakes and k = n: points often fall exactly on the edge of an already drawn
        // prover's stretch, which is where skipping removed provers is easiest to get wrong.
        Candidate[] set = [.. Enumerable.Range(1, 10).Select(i => new Candidate(i * 7L, 1 + (i % 3)))];
        var ids = set.Select(c => c.ProverId).ToArray();
        for (var r = 0; r < 500; r++)
        {
            var random = Random(r);
            Assert.Equal(ReferenceStake(set, random, 10), Allocation.Draw(set, random, 10, AllocationWeight.Stake).ToArray());
            Assert.Equal(ReferenceUniform(ids, random, 10), Allocation.Draw(set, random, 10, AllocationWeight.Uniform).ToArray());
        }
    }

    /// <summary>The random values of the distribution tests: SHA-256 of the big-endian draw index.</summary>
    internal static byte[] Random(int i)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, i);
        return SHA256.HashData(bytes);
    }

    private static long[] ReferenceUniform(long[] ids, byte[] random, int k)
    {
        var words = new ReferenceWords(Allocation.Domain, random);
        var order = (long[])ids.Clone();
        var chosen = new List<long>();
        for (var i = 0; i < k; i++)
        {
            var j = i + (int)words.Below((ulong)(order.Length - i));
            (order[i], order[j]) = (order[j], order[i]);
            chosen.Add(order[i]);
        }

        return [.. chosen];
    }

    private static long[] ReferenceStake(Candidate[] set, byte[] random, int k)
    {
        var words = new ReferenceWords(Allocation.Domain, random);
        var remaining = set.ToList();
        var chosen = new List<long>();
        for (var i = 0; i < k; i++)
        {
            var total = (ulong)remaining.Sum(c => c.Stake);
            var point = (long)words.Below(total);
            var index = 0;
            while (point >= remaining[index].Stake)
            {
                point -= remaining[index].Stake;
                index++;
            }

            chosen.Add(remaining[index].ProverId);
            remaining.RemoveAt(index);
        }

        return [.. chosen];
    }

    // An independent reading of the stream format: SHA-256(domain ‖ 0x00 ‖ seed ‖ u64be counter), big-endian
    // words, bounded draws by rejecting the last partial copy of the range.
    private sealed class ReferenceWords(string domain, byte[] seed)
    {
        private readonly Queue<ulong> _words = new();
        private ulong _counter;

        public ulong Below(ulong bound)
        {
            var accepted = (UInt128.One << 64) / bound * bound;
            while (true)
            {
                var word = Next();
                if (word < accepted)
                {
                    return word % bound;
                }
            }
        }

        private ulong Next()
        {
            if (_words.Count == 0)
            {
                var counter = new byte[8];
                BinaryPrimitives.WriteUInt64BigEndian(counter, _counter++);
                var block = SHA256.HashData([.. Encoding.ASCII.GetBytes(domain), 0x00, .. seed, .. counter]);
                for (var w = 0; w < 4; w++)
                {
                    _words.Enqueue(BinaryPrimitives.ReadUInt64BigEndian(block.AsSpan(8 * w)));
                }
            }

            return _words.Dequeue();
        }
    }
}
