// The bit-reversal map (KERNEL.md §2): known indices, and the in-place permutation (plain and tiled)
// against its definition.
using ProverSim.Grains.Proving.Ntt;
using Xunit;

namespace ProverSim.Grains.Tests.Proving;

public sealed class BitReverseTests
{
    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(0, 3, 0)]
    [InlineData(1, 3, 4)]
    [InlineData(3, 3, 6)]
    [InlineData(6, 3, 3)]
    [InlineData(1, 1, 1)]
    [InlineData(1, 20, 1 << 19)]
    [InlineData(5, 4, 10)]
    public void IndexKnownAnswers(int i, int log2n, int reversed) => Assert.Equal(reversed, BitReverse.Index(i, log2n));

    [Fact]
    public void IndexRejectsOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BitReverse.Index(8, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => BitReverse.Index(-1, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => BitReverse.Index(1, 0));
    }

    [Fact]
    public void PermuteMatchesTheDefinitionForEverySizeUpTo2To16()
    {
        for (var log2n = 0; log2n <= 16; log2n++)
        {
            var n = 1 << log2n;
            var values = Enumerable.Range(0, n).ToArray();
            BitReverse.Permute<int>(values);
            for (var i = 0; i < n; i++)
            {
                Assert.Equal(BitReverse.Index(i, log2n), values[i]);
            }

            BitReverse.Permute<int>(values);
            Assert.Equal(Enumerable.Range(0, n), values);
        }
    }

    [Fact]
    public void TiledAndSimplePermutationsAgree()
    {
        for (var log2n = 6; log2n <= 14; log2n++)
        {
            var simple = Enumerable.Range(0, 1 << log2n).Select(i => (ulong)i * 3).ToArray();
            var tiled = (ulong[])simple.Clone();
            BitReverse.PermuteSimple<ulong>(simple, log2n);
            BitReverse.PermuteTiled<ulong>(tiled, log2n);
            Assert.Equal(simple, tiled);
        }
    }

    [Fact]
    public void PermuteRejectsLengthsThatAreNotPowersOfTwo() =>
        Assert.Throws<ArgumentException>(() => BitReverse.Permute<int>(new int[6]));
}
