// The DEEP quotient (KERNEL.md §5 step 6): Σ γ·(f(x) − f(z))/(x − z) + γ'·(f(x) − f(g·z))/(x − g·z) over
// the trace columns, and Σ γ''·(Hᵢ(x) − Hᵢ(z))/(x − z) over the composition columns. If the claimed
// values at z and g·z are right it is a polynomial of degree < H − 1, which FRI then checks.
using ProverSim.Grains.Proving.Air;
using ProverSim.Grains.Proving.Field;

namespace ProverSim.Grains.Proving.Stark;

public static class Deep
{
    /// <summary>Main at z, main at g·z, aux at z, aux at g·z, composition at z.</summary>
    public const int CoefficientCount = 2 * Columns.Main + 2 * Columns.Aux + 3;

    public static Fp2[] Coefficients(Transcript transcript)
    {
        var coefficients = new Fp2[CoefficientCount];
        for (var i = 0; i < coefficients.Length; i++)
        {
            coefficients[i] = transcript.DrawExtension();
        }

        return coefficients;
    }

    /// <summary>The DEEP quotient at one point x, from the columns' values there (the verifier's side).</summary>
    public static Fp2 At(
        ulong x, Fp2 z, Fp2 gz, Fp2[] gamma, ReadOnlySpan<ulong> main, ReadOnlySpan<Fp2> aux, ReadOnlySpan<Fp2> composition,
        Fp2[] mainOod, Fp2[] auxOod, Fp2[] compositionOod)
    {
        var (constantZ, constantGz) = Constants(gamma, mainOod, auxOod, compositionOod);
        var (atZ, atGz) = Sums(gamma, main, aux, composition);
        var point = Fp2.FromBase(x);
        return (atZ - constantZ) * (point - z).Inverse() + (atGz - constantGz) * (point - gz).Inverse();
    }

    /// <summary>The DEEP quotient over the whole LDE domain (the prover's side), in storage order.</summary>
    public static Fp2[] Codeword(
        Domain domain, Fp2 z, Fp2 gz, Fp2[] gamma, ulong[][] mainLde, ulong[][] auxLde, ulong[][] compositionLde,
        Fp2[] mainOod, Fp2[] auxOod, Fp2[] compositionOod, ParallelOptions parallel)
    {
        var n = domain.Size;
        var points = domain.Points();
        var (constantZ, constantGz) = Constants(gamma, mainOod, auxOod, compositionOod);
        var codeword = new Fp2[n];
        Parallel.For(0, (n + 4095) / 4096, parallel, block =>
        {
            var start = block * 4096;
            var end = Math.Min(n, start + 4096);
            var denominators = new Fp2[2 * (end - start)];
            for (var i = start; i < end; i++)
            {
                denominators[2 * (i - start)] = Fp2.FromBase(points[i]) - z;
                denominators[2 * (i - start) + 1] = Fp2.FromBase(points[i]) - gz;
            }

            Fp2.BatchInverse(denominators, denominators);
            Span<ulong> main = stackalloc ulong[Columns.Main];
            Span<Fp2> aux = stackalloc Fp2[Columns.Aux];
            Span<Fp2> composition = stackalloc Fp2[3];
            for (var i = start; i < end; i++)
            {
                for (var c = 0; c < Columns.Main; c++)
                {
                    main[c] = mainLde[c][i];
                }

                for (var c = 0; c < Columns.Aux; c++)
                {
                    aux[c] = new Fp2(auxLde[2 * c][i], auxLde[2 * c + 1][i]);
                }

                for (var c = 0; c < 3; c++)
                {
                    composition[c] = new Fp2(compositionLde[2 * c][i], compositionLde[2 * c + 1][i]);
                }

                var (atZ, atGz) = Sums(gamma, main, aux, composition);
                codeword[i] = (atZ - constantZ) * denominators[2 * (i - start)] + (atGz - constantGz) * denominators[2 * (i - start) + 1];
            }
        });
        return codeword;
    }

    // Σ γ·f(x) for the terms over (x − z) and those over (x − g·z); base-field columns cost two products each.
    private static (Fp2 AtZ, Fp2 AtGz) Sums(Fp2[] gamma, ReadOnlySpan<ulong> main, ReadOnlySpan<Fp2> aux, ReadOnlySpan<Fp2> composition)
    {
        var atZ = Fp2.Zero;
        var atGz = Fp2.Zero;
        for (var c = 0; c < Columns.Main; c++)
        {
            atZ += gamma[c] * main[c];
            atGz += gamma[Columns.Main + c] * main[c];
        }

        var k = 2 * Columns.Main;
        for (var c = 0; c < Columns.Aux; c++)
        {
            atZ += gamma[k + c] * aux[c];
            atGz += gamma[k + Columns.Aux + c] * aux[c];
        }

        k += 2 * Columns.Aux;
        for (var c = 0; c < 3; c++)
        {
            atZ += gamma[k + c] * composition[c];
        }

        return (atZ, atGz);
    }

    // Σ γ·f(z) and Σ γ'·f(g·z): the same for every point.
    private static (Fp2 AtZ, Fp2 AtGz) Constants(Fp2[] gamma, Fp2[] mainOod, Fp2[] auxOod, Fp2[] compositionOod)
    {
        var atZ = Fp2.Zero;
        var atGz = Fp2.Zero;
        for (var c = 0; c < Columns.Main; c++)
        {
            atZ += gamma[c] * mainOod[c];
            atGz += gamma[Columns.Main + c] * mainOod[Columns.Main + c];
        }

        var k = 2 * Columns.Main;
        for (var c = 0; c < Columns.Aux; c++)
        {
            atZ += gamma[k + c] * auxOod[c];
            atGz += gamma[k + Columns.Aux + c] * auxOod[Columns.Aux + c];
        }

        k += 2 * Columns.Aux;
        for (var c = 0; c < 3; c++)
        {
            atZ += gamma[k + c] * compositionOod[c];
        }

        return (atZ, atGz);
    }
}
