// Known answers for Goldilocks addition and subtraction at the wraparound points (KERNEL.md §2, §8),
// then random operations against UInt128 arithmetic mod p.
using ProverSim.Grains.Proving.Field;
using Xunit;

namespace ProverSim.Grains.Tests.Proving;

public sealed class GoldilocksTests
{
    private const ulong P = Goldilocks.P;

    [Fact]
    public void ModulusIsTwoToTheSixtyFourMinusTwoToTheThirtyTwoPlusOne() =>
        Assert.Equal((UInt128.One << 64) - (UInt128.One << 32) + 1, (UInt128)P);

    [Theory]
    [InlineData(0UL, 0UL, 0UL)]
    [InlineData(P - 1, 1UL, 0UL)]
    [InlineData(P - 1, 2UL, 1UL)]
    [InlineData(P - 1, P - 1, P - 2)]
    [InlineData(1UL << 63, 1UL << 63, 0xFFFF_FFFFUL)] // 2^64 = 2^32 - 1 (mod p)
    [InlineData(0xFFFF_FFFFUL, P - 0xFFFF_FFFFUL, 0UL)]
    [InlineData(P - 5, 3UL, P - 2)]
    public void AddKnownAnswers(ulong a, ulong b, ulong sum)
    {
        Assert.Equal(sum, Goldilocks.Add(a, b));
        Assert.Equal(sum, Goldilocks.Add(b, a));
    }

    [Theory]
    [InlineData(0UL, 0UL, 0UL)]
    [InlineData(0UL, 1UL, P - 1)]
    [InlineData(0UL, P - 1, 1UL)]
    [InlineData(5UL, 7UL, P - 2)]
    [InlineData(P - 1, P - 1, 0UL)]
    [InlineData(P - 1, 0UL, P - 1)]
    [InlineData(0xFFFF_FFFFUL, 1UL << 32, P - 1)]
    public void SubKnownAnswers(ulong a, ulong b, ulong difference) =>
        Assert.Equal(difference, Goldilocks.Sub(a, b));

    [Fact]
    public void RandomOperationsMatchWideArithmetic()
    {
        var random = new Random(20240601);
        ulong[] edges = [0, 1, 2, 0xFFFF_FFFF, 1UL << 32, (1UL << 32) + 1, 1UL << 63, P - 2, P - 1];
        for (var i = 0; i < 200_000; i++)
        {
            var a = Sample(random, edges);
            var b = Sample(random, edges);
            Assert.Equal((ulong)(((UInt128)a + b) % P), Goldilocks.Add(a, b));
            Assert.Equal((ulong)(((UInt128)a + P - b) % P), Goldilocks.Sub(a, b));
        }
    }

    [Fact]
    public void IsCanonicalRejectsPAndAbove()
    {
        Assert.True(Goldilocks.IsCanonical(P - 1));
        Assert.False(Goldilocks.IsCanonical(P));
        Assert.False(Goldilocks.IsCanonical(ulong.MaxValue));
    }

    private static ulong Sample(Random random, ulong[] edges) =>
        random.Next(4) == 0 ? edges[random.Next(edges.Length)] : (ulong)random.NextInt64(long.MinValue, long.MaxValue) % P;
}
