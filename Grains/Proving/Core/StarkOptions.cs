// The parameters that decide a proof's soundness, in one record with the security estimate computed
// from them (KERNEL.md §6, winterfell's conjectured-security formula). The verifier uses its own
// options: it never trusts the parameters a prover would like.
namespace ProverSim.Grains.Proving.Core;

public sealed record StarkOptions
{
    public static readonly StarkOptions Default = new();

    /// <summary>LDE blowup factor (power of two ≥ 4: the composition polynomial has degree &lt; 3H).</summary>
    public int Blowup { get; init; } = 8;

    public int Queries { get; init; } = 30;

    public int GrindingBits { get; init; } = 8;

    /// <summary>FRI folding factor (power of two).</summary>
    public int FoldingFactor { get; init; } = 8;

    /// <summary>FRI stops folding once the degree bound is at most this; the remainder's coefficients are sent.</summary>
    public int RemainderDegreeBound { get; init; } = 16;

    /// <summary>
    /// Conjectured security in bits: min(2·64, q·log2(blowup) + grinding) − 1 for the quadratic
    /// extension, grinding counted only when q·log2(blowup) ≥ 80; capped by SHA-256's 128-bit
    /// collision resistance.
    /// </summary>
    public int SecurityBits
    {
        get
        {
            var queryBits = Queries * (int)Math.Log2(Blowup);
            var withGrinding = queryBits >= 80 ? queryBits + GrindingBits : queryBits;
            return Math.Min(Math.Min(128, withGrinding), 128) - 1;
        }
    }

    public void Validate()
    {
        if (Blowup < 4 || !IsPowerOfTwo(Blowup) || Blowup > 64)
        {
            throw new ArgumentException($"blowup must be a power of two between 4 and 64 (got {Blowup})");
        }

        if (FoldingFactor < 2 || !IsPowerOfTwo(FoldingFactor) || FoldingFactor > 16)
        {
            throw new ArgumentException($"folding factor must be a power of two between 2 and 16 (got {FoldingFactor})");
        }

        if (Queries is < 1 or > 255 || GrindingBits is < 0 or > 32 || RemainderDegreeBound < 1 || !IsPowerOfTwo(RemainderDegreeBound))
        {
            throw new ArgumentException("queries must be 1..255, grinding 0..32 bits, the remainder bound a power of two");
        }
    }

    private static bool IsPowerOfTwo(int v) => v > 0 && (v & (v - 1)) == 0;
}
