// Derived random streams (DESIGN.md §2 "Determinism"): each stream is SHA-256 in counter mode over
// (master seed, replication, entity id, purpose); the same components give the same sequence, any change
// gives another; values stay in their documented ranges.
using System.Buffers.Binary;
using System.Text;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class RandomStreamsTests
{
    [Fact]
    public void TheSameComponentsGiveTheSameSequence()
    {
        var a = new DerivedRandom(2024, 1, "jitter", 17);
        var b = new DerivedRandom(2024, 1, "jitter", 17);
        Assert.Equal(Sequence(a), Sequence(b));
    }

    [Fact]
    public void InheritedRandomMethodsAreDerivedFromTheSameStream()
    {
        // NextInt64(), NextInt64(max) and NextSingle() are not overridden; System.Random must route them
        // through the overridden members, never through its own time-seeded generator.
        static string Inherited(Random r) => string.Join(",", Enumerable.Range(0, 6).Select(_ =>
            $"{r.NextInt64()}/{r.NextInt64(1_000_000_007L)}/{r.NextSingle().ToString("R", System.Globalization.CultureInfo.InvariantCulture)}"));

        Assert.Equal(Inherited(new DerivedRandom(9, 2, "inherited", 4)), Inherited(new DerivedRandom(9, 2, "inherited", 4)));
        Assert.NotEqual(Inherited(new DerivedRandom(9, 2, "inherited", 4)), Inherited(new DerivedRandom(9, 2, "inherited", 5)));
    }

    [Theory]
    [InlineData(2025L, 1, "jitter", 17L)]
    [InlineData(2024L, 2, "jitter", 17L)]
    [InlineData(2024L, 1, "demand", 17L)]
    [InlineData(2024L, 1, "jitter2", 17L)]
    [InlineData(2024L, 1, "jitter", 18L)]
    [InlineData(-2024L, 1, "jitter", 17L)]
    public void ChangingAnyComponentGivesAnotherSequence(long seed, int replication, string purpose, long entity) =>
        Assert.NotEqual(Sequence(new DerivedRandom(2024, 1, "jitter", 17)), Sequence(new DerivedRandom(seed, replication, purpose, entity)));

    [Fact]
    public void StreamIsTheHashStreamOfTheDocumentedSeedLayout()
    {
        // seed = i64be(master) ‖ i32be(replication) ‖ i64be(entity) ‖ UTF-8(purpose), domain "provsim/stream/v1".
        var reference = ReferenceStream(2024, 1, "jitter", 17);

        var random = new DerivedRandom(2024, 1, "jitter", 17);
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal((reference.NextUInt64() >> 11) * Math.Pow(2, -53), random.NextDouble());
        }
    }

    [Fact]
    public void NextDoubleIsInTheUnitIntervalWithMeanOneHalf()
    {
        var random = new DerivedRandom(1, 0, "unit", 0);
        const int Draws = 20_000;
        var values = Enumerable.Range(0, Draws).Select(_ => random.NextDouble()).ToArray();
        Assert.All(values, v => Assert.InRange(v, 0.0, Math.BitDecrement(1.0)));
        var sigma = Math.Sqrt(1.0 / 12 / Draws);
        Assert.InRange(values.Average(), 0.5 - (4 * sigma), 0.5 + (4 * sigma));
    }

    [Theory]
    [InlineData(-3, 4)]
    [InlineData(0, 1)]
    [InlineData(10, 13)]
    public void NextMinMaxCoversExactlyItsHalfOpenRange(int min, int max)
    {
        var random = new DerivedRandom(5, 0, "range", min);
        var seen = new HashSet<int>();
        for (var i = 0; i < 1_000; i++)
        {
            var v = random.Next(min, max);
            Assert.InRange(v, min, max - 1);
            seen.Add(v);
        }

        Assert.Equal(Enumerable.Range(min, max - min), seen.Order());
    }

    [Fact]
    public void ExtremeAndDegenerateRangesStayInRange()
    {
        var random = new DerivedRandom(5, 0, "extremes", 0);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.InRange(random.Next(int.MinValue, int.MaxValue), int.MinValue, int.MaxValue - 1);
            Assert.InRange(random.Next(), 0, int.MaxValue - 1);
            Assert.InRange(random.Next(10), 0, 9);
            Assert.InRange(random.NextInt64(-5, 5), -5, 4);
        }

        Assert.Equal(7, random.Next(7, 7));
        Assert.Equal(0, random.Next(0));
        Assert.Equal(-9L, random.NextInt64(-9, -9));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.Next(8, 7));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.Next(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt64(1, 0));
    }

    [Fact]
    public void NextBytesFillsOddLengthsFromTheLittleEndianWords()
    {
        var reference = ReferenceStream(3, 0, "bytes", 0);
        var expected = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(expected, reference.NextUInt64());
        BinaryPrimitives.WriteUInt64LittleEndian(expected.AsSpan(8), reference.NextUInt64());

        var bytes = new byte[13];
        new DerivedRandom(3, 0, "bytes", 0).NextBytes(bytes);
        Assert.Equal(expected[..13], bytes);
    }

    private static HashStream ReferenceStream(long master, int replication, string purpose, long entity)
    {
        var seed = new byte[20];
        BinaryPrimitives.WriteInt64BigEndian(seed, master);
        BinaryPrimitives.WriteInt32BigEndian(seed.AsSpan(8), replication);
        BinaryPrimitives.WriteInt64BigEndian(seed.AsSpan(12), entity);
        return new HashStream("provsim/stream/v1", [.. seed, .. Encoding.UTF8.GetBytes(purpose)]);
    }

    private static string Sequence(DerivedRandom random) =>
        string.Join(",", Enumerable.Range(0, 10).Select(_ => random.Next(0, 1_000_000))) + ";" + random.NextDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
