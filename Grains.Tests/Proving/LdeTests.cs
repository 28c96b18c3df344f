// Low-degree extension (KERNEL.md §2, §5): output[i] is the interpolating polynomial evaluated at
// shift·w^bitrev(i), checked naively for small sizes on every code path, and the column-parallel
// entry point against the single-column one.
using ProverSim.Grains.Proving.Field;
using ProverSim.Grains.Proving.Ntt;
using Xunit;

namespace ProverSim.Grains.Tests.Proving;

public sealed class LdeTests
{
    [Fact]
    public void ExtendEvaluatesTheInterpolantOnTheBitReversedCoset()
    {
        var random = new Random(31);
        foreach (var (log2Height, log2Blowup) in new[] { (0, 0), (0, 3), (1, 1), (2, 3), (3, 2), (4, 3), (5, 1), (6, 3), (7, 0), (5, 4) })
        {
            var height = 1 << log2Height;
            var blowup = 1 << log2Blowup;
            var log2N = log2Height + log2Blowup;
            var trace = NttTests.RandomElements(random, height);
            var coefficients = Interpolate(trace);
            var w = Goldilocks.RootOfUnity(log2N);
            foreach (var path in Ntt.SupportedPaths)
            {
                var output = new ulong[height * blowup];
                Lde.Extend(trace, blowup, Goldilocks.Generator, output, path);
                for (var i = 0; i < output.Length; i++)
                {
                    var x = Goldilocks.Mul(Goldilocks.Generator, Goldilocks.Pow(w, (ulong)BitReverse.Index(i, log2N)));
                    Assert.True(NttTests.Evaluate(coefficients, x) == output[i], $"H = {height}, blowup {blowup}, i = {i}, path {path}");
                }
            }
        }
    }

    [Fact]
    public void ExtendCoefficientsEvaluatesTheGivenPolynomial()
    {
        var random = new Random(32);
        foreach (var (coefficientCount, height, blowup) in new[] { (1, 1, 8), (3, 4, 2), (8, 8, 8), (5, 16, 4), (0, 4, 2) })
        {
            var coefficients = NttTests.RandomElements(random, coefficientCount);
            var log2N = int.Log2(height * blowup);
            var w = Goldilocks.RootOfUnity(log2N);
            foreach (var path in Ntt.SupportedPaths)
            {
                var output = new ulong[height * blowup];
                Lde.ExtendCoefficients(coefficients, blowup, 3, output, path);
                for (var i = 0; i < output.Length; i++)
                {
                    var x = Goldilocks.Mul(3, Goldilocks.Pow(w, (ulong)BitReverse.Index(i, log2N)));
                    Assert.Equal(NttTests.Evaluate(coefficients, x), output[i]);
                }
            }
        }
    }

    [Fact]
    public void TraceValuesReappearOnTheSubgroupWhenTheShiftIsOne()
    {
        // With shift 1 the points w^(8·rev(t)) of block 0 are g^rev(t): the trace itself, bit-reversed.
        var trace = NttTests.RandomElements(new Random(33), 1 << 10);
        var output = new ulong[trace.Length * 8];
        Lde.Extend(trace, 8, 1, output);
        for (var t = 0; t < trace.Length; t++)
        {
            Assert.Equal(trace[BitReverse.Index(t, 10)], output[t]);
        }
    }

    [Fact]
    public void PathsAgreeOnALargeColumn()
    {
        var trace = NttTests.RandomElements(new Random(34), 1 << 14);
        var expected = new ulong[trace.Length * 8];
        Lde.Extend(trace, 8, Goldilocks.Generator, expected, Ntt.Path.Scalar);
        foreach (var path in Ntt.SupportedPaths)
        {
            var output = new ulong[expected.Length];
            Lde.Extend(trace, 8, Goldilocks.Generator, output, path);
            Assert.True(expected.AsSpan().SequenceEqual(output), $"path {path}");
        }
    }

    [Fact]
    public void ExtendColumnsMatchesExtend()
    {
        var random = new Random(35);
        var columns = Enumerable.Range(0, 5).Select(_ => NttTests.RandomElements(random, 256)).ToArray();
        var outputs = columns.Select(_ => new ulong[256 * 4]).ToArray();
        Lde.ExtendColumns(columns, 4, Goldilocks.Generator, outputs);
        for (var c = 0; c < columns.Length; c++)
        {
            var expected = new ulong[256 * 4];
            Lde.Extend(columns[c], 4, Goldilocks.Generator, expected);
            Assert.Equal(expected, outputs[c]);
        }
    }

    [Fact]
    public void RejectsBadShapes()
    {
        Assert.Throws<ArgumentException>(() => Lde.Extend(new ulong[3], 2, 7, new ulong[6]));
        Assert.Throws<ArgumentException>(() => Lde.Extend(new ulong[4], 3, 7, new ulong[12]));
        Assert.Throws<ArgumentException>(() => Lde.Extend(new ulong[4], 2, 7, new ulong[9]));
        Assert.Throws<ArgumentException>(() => Lde.ExtendCoefficients(new ulong[5], 2, 7, new ulong[8]));
    }

    // The coefficients through (g^i, trace[i]) by solving with the naive inverse DFT.
    private static ulong[] Interpolate(ulong[] trace)
    {
        var n = trace.Length;
        var log2n = int.Log2(n);
        var coefficients = NttTests.NaiveDft(trace, Goldilocks.Inverse(Goldilocks.RootOfUnity(log2n)));
        var scale = Goldilocks.Inverse((ulong)n);
        return coefficients.Select(c => Goldilocks.Mul(c, scale)).ToArray();
    }
}
