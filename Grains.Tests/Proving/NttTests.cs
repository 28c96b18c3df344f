// NTTs (KERNEL.md §2, §8): the known answer for [0..15], every size up to 2^13 against a naive DFT
// and inverse(forward(x)) = x up to 2^20, on each code path (scalar, AVX2, AVX-512) the CPU supports.
using ProverSim.Grains.Proving.Field;
using ProverSim.Grains.Proving.Ntt;
using Xunit;

namespace ProverSim.Grains.Tests.Proving;

public sealed class NttTests
{
    private const ulong P = Goldilocks.P;

    public static TheoryData<string> Paths => new(nameof(Ntt.Path.Scalar), nameof(Ntt.Path.Avx2), nameof(Ntt.Path.Avx512));

    [Theory]
    [MemberData(nameof(Paths))]
    public void KnownAnswerForZeroToFifteen(string pathName)
    {
        if (!TryPath(pathName, out var path))
        {
            return;
        }

        var values = Enumerable.Range(0, 16).Select(i => (ulong)i).ToArray();
        var expected = NaiveDft(values, Goldilocks.RootOfUnity(4));
        Ntt.Forward(values, path);

        Assert.Equal(expected, values);
        Assert.Equal(120UL, values[0]);
        Assert.Equal(9185100786013534200UL, values[1]);
        Assert.Equal(18444501065828136953UL, values[2]);
        Assert.Equal(9189603281834309625UL, values[3]);
        Assert.Equal(P - 8, values[8]);
    }

    [Fact]
    public void EverySizeUpTo2To13MatchesTheNaiveDftOnEveryPath()
    {
        var random = new Random(2024);
        for (var log2n = 0; log2n <= 13; log2n++)
        {
            var input = RandomElements(random, 1 << log2n);
            var expected = NaiveDft(input, Goldilocks.RootOfUnity(log2n));
            foreach (var path in Ntt.SupportedPaths)
            {
                var values = (ulong[])input.Clone();
                Ntt.Forward(values, path);
                Assert.True(expected.AsSpan().SequenceEqual(values), $"size 2^{log2n}, path {path}");

                var bitReversed = (ulong[])input.Clone();
                Ntt.ForwardToBitReversed(bitReversed, path);
                for (var i = 0; i < bitReversed.Length; i++)
                {
                    Assert.Equal(expected[BitReverse.Index(i, log2n)], bitReversed[i]);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void InverseUndoesForwardUpTo2To20(string pathName)
    {
        if (!TryPath(pathName, out var path))
        {
            return;
        }

        var random = new Random(77);
        for (var log2n = 0; log2n <= 20; log2n++)
        {
            var input = RandomElements(random, 1 << log2n);
            var values = (ulong[])input.Clone();
            Ntt.Forward(values, path);
            Ntt.Inverse(values, path);
            Assert.True(input.AsSpan().SequenceEqual(values), $"size 2^{log2n}, path {path}");
        }
    }

    [Fact]
    public void PathsAgreeAt2To20()
    {
        var input = RandomElements(new Random(3), 1 << 20);
        var expected = (ulong[])input.Clone();
        Ntt.Forward(expected, Ntt.Path.Scalar);
        foreach (var path in Ntt.SupportedPaths)
        {
            var values = (ulong[])input.Clone();
            Ntt.Forward(values, path);
            Assert.True(expected.AsSpan().SequenceEqual(values), $"path {path}");
        }
    }

    [Fact]
    public void InverseMatchesTheNaiveInverseDft()
    {
        var random = new Random(8);
        for (var log2n = 0; log2n <= 8; log2n++)
        {
            var n = 1 << log2n;
            var input = RandomElements(random, n);
            var expected = NaiveDft(input, Goldilocks.Inverse(Goldilocks.RootOfUnity(log2n)));
            var scale = Goldilocks.Inverse((ulong)n);
            foreach (var path in Ntt.SupportedPaths)
            {
                var values = (ulong[])input.Clone();
                Ntt.Inverse(values, path);
                for (var i = 0; i < n; i++)
                {
                    Assert.Equal(Goldilocks.Mul(expected[i], scale), values[i]);
                }
            }
        }
    }

    [Fact]
    public void CosetForwardEvaluatesAtShiftedPoints()
    {
        var random = new Random(9);
        for (var log2n = 0; log2n <= 9; log2n++)
        {
            var n = 1 << log2n;
            var coefficients = RandomElements(random, n);
            var root = Goldilocks.RootOfUnity(log2n);
            foreach (var path in Ntt.SupportedPaths)
            {
                var values = (ulong[])coefficients.Clone();
                Ntt.CosetForward(values, Goldilocks.Generator, path);
                for (var k = 0; k < n; k++)
                {
                    var x = Goldilocks.Mul(Goldilocks.Generator, Goldilocks.Pow(root, (ulong)k));
                    Assert.Equal(Evaluate(coefficients, x), values[k]);
                }

                Ntt.CosetInverse(values, Goldilocks.Generator, path);
                Assert.Equal(coefficients, values);
            }
        }
    }

    [Fact]
    public void PublicEntryPointsUseTheBestPath()
    {
        var input = RandomElements(new Random(10), 1 << 12);
        var values = (ulong[])input.Clone();
        Ntt.Forward(values);
        Assert.Equal(NaiveDft(input, Goldilocks.RootOfUnity(12)), values);
        Ntt.Inverse(values);
        Assert.Equal(input, values);
        Ntt.CosetForward(values, 3);
        Ntt.CosetInverse(values, 3);
        Assert.Equal(input, values);
    }

    [Fact]
    public void MultiplyByPowersAndScaleAgreeOnEveryPath()
    {
        var random = new Random(4);
        for (var n = 0; n < 40; n++)
        {
            var input = RandomElements(random, n);
            var expected = new ulong[n];
            var power = 5UL;
            for (var k = 0; k < n; k++)
            {
                expected[k] = Goldilocks.Mul(input[k], power);
                power = Goldilocks.Mul(power, 12345);
            }

            foreach (var path in Ntt.SupportedPaths)
            {
                var values = (ulong[])input.Clone();
                Ntt.MultiplyByPowers(values, 5, 12345, path);
                Assert.Equal(expected, values);

                values = (ulong[])input.Clone();
                Ntt.Scale(values, P - 3, path);
                Assert.Equal(input.Select(x => Goldilocks.Mul(x, P - 3)), values);
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(12)]
    public void RejectsLengthsThatAreNotPowersOfTwo(int n) =>
        Assert.Throws<ArgumentException>(() => Ntt.Forward(new ulong[n]));

    internal static ulong[] NaiveDft(ulong[] values, ulong root)
    {
        var n = values.Length;
        var result = new ulong[n];
        var step = 1UL;
        for (var k = 0; k < n; k++)
        {
            var sum = 0UL;
            var x = 1UL;
            for (var i = 0; i < n; i++)
            {
                sum = Goldilocks.Add(sum, Goldilocks.Mul(values[i], x));
                x = Goldilocks.Mul(x, step);
            }

            result[k] = sum;
            step = Goldilocks.Mul(step, root);
        }

        return result;
    }

    internal static ulong Evaluate(ReadOnlySpan<ulong> coefficients, ulong x)
    {
        var result = 0UL;
        for (var i = coefficients.Length - 1; i >= 0; i--)
        {
            result = Goldilocks.Add(Goldilocks.Mul(result, x), coefficients[i]);
        }

        return result;
    }

    internal static ulong[] RandomElements(Random random, int n)
    {
        var values = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = random.Next(16) == 0 ? P - 1 : Goldilocks.Reduce((ulong)random.NextInt64() * 2 + (ulong)random.Next(2));
        }

        return values;
    }

    internal static bool TryPath(string name, out Ntt.Path path)
    {
        path = Enum.Parse<Ntt.Path>(name);
        return Ntt.SupportedPaths.Contains(path);
    }
}
