// The verifiable random stream behind allocation, market and challenge draws (DESIGN.md §1 "Allocation",
// §2 "Determinism"): block i = SHA-256(ASCII(domain) ‖ 0x00 ‖ seed ‖ u64be(i)), read as big-endian
// 64-bit words; bounded draws are unbiased (rejection sampling), also for 128-bit bounds.
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class HashStreamTests
{
    private static readonly byte[] Seed = [1, 2, 3, 4, 5];

    [Fact]
    public void WordsAreTheBigEndianWordsOfTheCounterModeBlocks()
    {
        static byte[] Block(ulong i) =>
            SHA256.HashData([.. Encoding.ASCII.GetBytes("test/domain"), 0x00, .. Seed, .. BigEndian(i)]);

        var block0 = Block(0);
        var block1 = Block(1);
        var stream = new HashStream("test/domain", Seed);
        for (var w = 0; w < 4; w++)
        {
            Assert.Equal(BinaryPrimitives.ReadUInt64BigEndian(block0.AsSpan(8 * w)), stream.NextUInt64());
        }

        Assert.Equal(BinaryPrimitives.ReadUInt64BigEndian(block1), stream.NextUInt64());
        Assert.Equal(BinaryPrimitives.ReadUInt64BigEndian(block1.AsSpan(8)), stream.NextUInt64());
    }

    [Fact]
    public void SameDomainAndSeedGiveTheSameStream()
    {
        var a = new HashStream("d", Seed);
        var b = new HashStream("d", [.. Seed]);
        Assert.Equal(Draw(a, 50), Draw(b, 50));
    }

    [Fact]
    public void ADifferentDomainOrSeedGivesADifferentStream()
    {
        var reference = Draw(new HashStream("d", Seed), 8);
        Assert.NotEqual(reference, Draw(new HashStream("e", Seed), 8));
        Assert.NotEqual(reference, Draw(new HashStream("d", [1, 2, 3, 4, 6]), 8));
        Assert.NotEqual(reference, Draw(new HashStream("d", [1, 2, 3, 4]), 8));
        Assert.NotEqual(reference, Draw(new HashStream("d", []), 8));

        // No two of the first 8 words repeat (a stuck counter would repeat blocks).
        Assert.Equal(8, reference.Distinct().Count());
    }

    [Fact]
    public void NextBelowThreeIsInRangeAndUniform()
    {
        var stream = new HashStream("test/below", Seed);
        var counts = new long[3];
        for (var i = 0; i < 30_000; i++)
        {
            var v = stream.NextBelow(3UL);
            Assert.InRange(v, 0UL, 2UL);
            counts[v]++;
        }

        Assert.InRange(ChiSquare.Statistic(counts, 10_000.0), 0.0, ChiSquare.Critical2Df);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(7UL)]
    [InlineData(1_000_000UL)]
    [InlineData(0x8000_0000_0000_0001UL)] // rejects almost half of all words
    [InlineData(ulong.MaxValue)]
    public void NextBelowStaysBelowItsBound(ulong bound)
    {
        var stream = new HashStream("test/range", Seed);
        for (var i = 0; i < 2_000; i++)
        {
            Assert.True(stream.NextBelow(bound) < bound);
        }
    }

    [Fact]
    public void NextBelowOneIsAlwaysZeroAndZeroIsRejected()
    {
        var stream = new HashStream("test/one", Seed);
        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(0UL, stream.NextBelow(1UL)));
        Assert.Throws<ArgumentOutOfRangeException>(() => stream.NextBelow(0UL));
    }

    [Fact]
    public void NextBelowHugeBoundUsesTheUpperHalfToo()
    {
        // For bound 2^63 + 1 (values 0 … 2^63) the upper half, ≥ 2^62, must come up about half the time.
        var stream = new HashStream("test/huge", Seed);
        const int Draws = 4_000;
        var upper = Enumerable.Range(0, Draws).Count(_ => stream.NextBelow(0x8000_0000_0000_0001UL) >= 0x4000_0000_0000_0000UL);
        var sigma = Math.Sqrt(Draws * 0.25);
        Assert.InRange(upper, (Draws / 2) - (4 * sigma), (Draws / 2) + (4 * sigma));
    }

    [Fact]
    public void The128BitOverloadBelow2To64MatchesThe64BitOne()
    {
        var a = new HashStream("test/128", Seed);
        var b = new HashStream("test/128", Seed);
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal((UInt128)a.NextBelow(1_000_003UL), b.NextBelow((UInt128)1_000_003UL));
        }

        Assert.Equal((UInt128)a.NextBelow(ulong.MaxValue), b.NextBelow((UInt128)ulong.MaxValue));
    }

    [Fact]
    public void The128BitOverloadCoversBoundsAbove2To64Uniformly()
    {
        // bound = 3·2^64: the high word of each draw is uniform over {0, 1, 2}.
        var bound = (UInt128)3 << 64;
        var stream = new HashStream("test/128/uniform", Seed);
        var counts = new long[3];
        for (var i = 0; i < 30_000; i++)
        {
            var v = stream.NextBelow(bound);
            Assert.True(v < bound);
            counts[(int)(v >> 64)]++;
        }

        Assert.InRange(ChiSquare.Statistic(counts, 10_000.0), 0.0, ChiSquare.Critical2Df);
    }

    [Fact]
    public void The128BitOverloadStaysBelowAnOddBoundJustAbove2To64()
    {
        var bound = ((UInt128)1 << 64) + 5;
        var stream = new HashStream("test/128/odd", Seed);
        for (var i = 0; i < 2_000; i++)
        {
            Assert.True(stream.NextBelow(bound) < bound);
        }
    }

    [Fact]
    public void NextChanceZeroNeverAndAMillionAlways()
    {
        var stream = new HashStream("test/chance", Seed);
        Assert.All(Enumerable.Range(0, 10_000), _ => Assert.False(stream.NextChance(0)));
        Assert.All(Enumerable.Range(0, 10_000), _ => Assert.True(stream.NextChance(ProtocolParameters.Ppm)));
    }

    [Fact]
    public void NextChanceQuarterIsAQuarter()
    {
        var stream = new HashStream("test/chance/quarter", Seed);
        const int Draws = 20_000;
        var hits = Enumerable.Range(0, Draws).Count(_ => stream.NextChance(250_000));
        var sigma = Math.Sqrt(Draws * 0.25 * 0.75);
        Assert.InRange(hits, (Draws * 0.25) - (4 * sigma), (Draws * 0.25) + (4 * sigma));
    }

    private static ulong[] Draw(HashStream stream, int count) => [.. Enumerable.Range(0, count).Select(_ => stream.NextUInt64())];

    private static byte[] BigEndian(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }
}
