// Low-degree extension (KERNEL.md §2, §5 step 2, §7): a trace column's values on ⟨g⟩ become the
// values of the same polynomial on the coset shift·⟨w⟩, |⟨w⟩| = H·blowup, stored in bit-reversed order.
// Index i = j·H + t of the output is the point shift·w^rev(j)·g^rev(t) (rev over log2 blowup and
// log2 H bits), so block j is one size-H coset NTT left in bit-reversed order: blowup NTTs that fit in
// L2 instead of one of size H·blowup (measured 1.4–2.3× faster on 2 cores, KERNEL.md §7).
using System.Numerics;
using ProverSim.Grains.Proving.Field;

namespace ProverSim.Grains.Proving.Ntt;

public static class Lde
{
    /// <summary>
    /// traceValues: the H values of a column on ⟨g⟩, g = RootOfUnity(log2 H), natural order.
    /// output (length H·blowup): output[i] = f(shift·w^BitReverse.Index(i, log2(H·blowup))),
    /// w = RootOfUnity(log2(H·blowup)), f the polynomial of degree &lt; H through the trace values.
    /// </summary>
    public static void Extend(ReadOnlySpan<ulong> traceValues, int blowup, ulong shift, Span<ulong> output) =>
        Extend(traceValues, blowup, shift, output, Ntt.BestPath);

    /// <summary>Same output convention as <see cref="Extend(ReadOnlySpan{ulong}, int, ulong, Span{ulong})"/>, for f given by at most H = output.Length / blowup coefficients.</summary>
    public static void ExtendCoefficients(ReadOnlySpan<ulong> coefficients, int blowup, ulong shift, Span<ulong> output) =>
        ExtendCoefficients(coefficients, blowup, shift, output, Ntt.BestPath);

    /// <summary>Extend for many columns, one column per worker (Parallel.For).</summary>
    public static void ExtendColumns(IReadOnlyList<ulong[]> columns, int blowup, ulong shift, IReadOnlyList<ulong[]> outputs)
    {
        if (columns.Count != outputs.Count)
        {
            throw new ArgumentException($"{columns.Count} columns but {outputs.Count} outputs.", nameof(outputs));
        }

        Parallel.For(0, columns.Count, i => Extend(columns[i], blowup, shift, outputs[i]));
    }

    internal static void Extend(ReadOnlySpan<ulong> traceValues, int blowup, ulong shift, Span<ulong> output, Ntt.Path path)
    {
        var height = traceValues.Length;
        CheckShape(height, blowup, output.Length);

        // The coefficients live in the last block until that block is computed last.
        var coefficients = output.Slice((blowup - 1) * height, height);
        traceValues.CopyTo(coefficients);
        Ntt.InverseWithoutScaling(coefficients, path);
        ExtendInPlace(output, height, blowup, shift, Goldilocks.InverseOfPowerOfTwo(BitOperations.Log2((uint)height)), path);
    }

    internal static void ExtendCoefficients(ReadOnlySpan<ulong> coefficients, int blowup, ulong shift, Span<ulong> output, Ntt.Path path)
    {
        if (blowup < 1 || output.Length % blowup != 0)
        {
            throw new ArgumentException($"Output length {output.Length} is not a multiple of the blowup {blowup}.", nameof(output));
        }

        var height = output.Length / blowup;
        CheckShape(height, blowup, output.Length);
        if (coefficients.Length > height)
        {
            throw new ArgumentException($"{coefficients.Length} coefficients do not fit a domain of height {height}.", nameof(coefficients));
        }

        var last = output.Slice((blowup - 1) * height, height);
        coefficients.CopyTo(last);
        last[coefficients.Length..].Clear();
        ExtendInPlace(output, height, blowup, shift, 1, path);
    }

    // The last block holds the coefficients divided by scale (so the inverse NTT's 1/H rides on the
    // coset scaling); fills every block j with f on shift·w^rev(j)·⟨g⟩, bit-reversed.
    private static void ExtendInPlace(Span<ulong> output, int height, int blowup, ulong shift, ulong scale, Ntt.Path path)
    {
        var log2Blowup = BitOperations.Log2((uint)blowup);
        var w = Goldilocks.RootOfUnity(BitOperations.Log2((uint)height) + log2Blowup);
        var coefficients = output.Slice((blowup - 1) * height, height);
        for (var j = 0; j < blowup; j++)
        {
            var block = output.Slice(j * height, height);
            if (j != blowup - 1)
            {
                coefficients.CopyTo(block);
            }

            var cosetShift = Goldilocks.Mul(shift, Goldilocks.Pow(w, (ulong)BitReverse.Index(j, log2Blowup)));
            Ntt.MultiplyByPowers(block, scale, cosetShift, path);
            Ntt.ForwardToBitReversed(block, path);
        }
    }

    private static void CheckShape(int height, int blowup, int outputLength)
    {
        if (height < 1 || !BitOperations.IsPow2(height) || height > 1 << Ntt.MaxLog2Size)
        {
            throw new ArgumentException($"Trace height {height} is not a power of 2 in [1, 2^{Ntt.MaxLog2Size}].", nameof(height));
        }

        if (blowup < 1 || !BitOperations.IsPow2(blowup) || (long)height * blowup > int.MaxValue
            || BitOperations.Log2((uint)height) + BitOperations.Log2((uint)blowup) > Goldilocks.TwoAdicity)
        {
            throw new ArgumentException($"Blowup {blowup} is not a power of 2 that fits height {height}.", nameof(blowup));
        }

        if (outputLength != height * blowup)
        {
            throw new ArgumentException($"Output length {outputLength} is not {height}·{blowup}.", nameof(outputLength));
        }
    }
}
