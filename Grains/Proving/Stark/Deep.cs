// The DEEP quotient (KERNEL.md §5 step 6): Σ γ·(f(x) − f(z))/(x − z) + γ'·(f(x) − f(g·z))/(x − g·z) over
// the trace columns, and Σ γ''·(Hᵢ(x) − Hᵢ(z))/(x − z) over the composition columns. If the claimed
// values at z and g·z are right it is a polynomial of degree < H − 1, which FRI then checks.
using System.Runtime.Intrinsics;
using ProverSim.Grains.Proving.Air;
using ProverSim.Grains.Proving.Core;
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

    /// <summary>
    /// The DEEP quotient over the whole LDE domain (the prover's side), in storage order. Each term γ·f(x)
    /// is added into four accumulators (the z and g·z sums, each C0 and C1): with AVX-512, eight points at
    /// a time with every column, the accumulators in registers; otherwise column by column, a scaled column
    /// at a time (four lanes with AVX2). 1/(x − z) for base-field x is (x − z0 + z1·X)/N(x) with
    /// the base-field norm N(x) = (x − z0)² − 7·z1², so one base-field batch inversion serves a block.
    /// </summary>
    public static Fp2[] Codeword(
        Domain domain, Fp2 z, Fp2 gz, Fp2[] gamma, ulong[][] mainLde, ulong[][] auxLde, ulong[][] compositionLde,
        Fp2[] mainOod, Fp2[] auxOod, Fp2[] compositionOod, ParallelOptions parallel)
    {
        const int block = 4096;
        var n = domain.Size;
        var points = domain.Points();
        var (constantZ, constantGz) = Constants(gamma, mainOod, auxOod, compositionOod);
        var codeword = new Fp2[n];
        Parallel.For(0, (n + block - 1) / block, parallel, b =>
        {
            var start = b * block;
            var length = Math.Min(n, start + block) - start;
            // Working space from the shared pool (2 × 256 KB a 2^10 proof would otherwise allocate);
            // every word is written before it is read (the column-by-column sums start from zero).
            var buffer = System.Buffers.ArrayPool<ulong>.Shared.Rent(8 * length);
            var z0 = buffer.AsSpan(0, length);
            var z1 = buffer.AsSpan(length, length);
            var g0 = buffer.AsSpan(2 * length, length);
            var g1 = buffer.AsSpan(3 * length, length);

            if (VectorPaths.Avx512 && length % 8 == 0)
            {
                SumsLanes8(start, length, gamma, mainLde, auxLde, compositionLde, z0, z1, g0, g1);
            }
            else
            {
                buffer.AsSpan(0, 4 * length).Clear();
                ColumnSums(start, length, gamma, mainLde, auxLde, compositionLde, z0, z1, g0, g1);
            }

            // Then the quotients by x − z and x − g·z.
            var norms = buffer.AsSpan(4 * length, 2 * length);
            var inverses = buffer.AsSpan(6 * length, 2 * length);
            var (zz, gg) = (Goldilocks.Mul(Fp2.NonResidue, Goldilocks.Square(z.C1)), Goldilocks.Mul(Fp2.NonResidue, Goldilocks.Square(gz.C1)));
            if (VectorPaths.Avx512 && length % 8 == 0)
            {
                QuotientsLanes8(points.AsSpan(start, length), z, gz, zz, gg, constantZ, constantGz, z0, z1, g0, g1, norms, inverses, codeword.AsSpan(start, length));
            }
            else
            {
                Quotients(points.AsSpan(start, length), z, gz, zz, gg, constantZ, constantGz, z0, z1, g0, g1, norms, inverses, codeword.AsSpan(start, length));
            }

            System.Buffers.ArrayPool<ulong>.Shared.Return(buffer);
        });
        return codeword;
    }

    // Norms of x − z and x − g·z (interleaved), inverted together, then Σ_z·(x − z)⁻¹ + Σ_gz·(x − g·z)⁻¹ per point.
    private static void Quotients(
        ReadOnlySpan<ulong> points, Fp2 z, Fp2 gz, ulong zz, ulong gg, Fp2 constantZ, Fp2 constantGz,
        ReadOnlySpan<ulong> z0, ReadOnlySpan<ulong> z1, ReadOnlySpan<ulong> g0, ReadOnlySpan<ulong> g1,
        Span<ulong> norms, Span<ulong> inverses, Span<Fp2> codeword)
    {
        for (var i = 0; i < points.Length; i++)
        {
            var x = points[i];
            norms[2 * i] = Goldilocks.Sub(Goldilocks.Square(Goldilocks.Sub(x, z.C0)), zz);
            norms[2 * i + 1] = Goldilocks.Sub(Goldilocks.Square(Goldilocks.Sub(x, gz.C0)), gg);
        }

        Goldilocks.BatchInverse(norms, inverses);
        for (var i = 0; i < points.Length; i++)
        {
            var x = points[i];
            var overZ = new Fp2(Goldilocks.Mul(Goldilocks.Sub(x, z.C0), inverses[2 * i]), Goldilocks.Mul(z.C1, inverses[2 * i]));
            var overGz = new Fp2(Goldilocks.Mul(Goldilocks.Sub(x, gz.C0), inverses[2 * i + 1]), Goldilocks.Mul(gz.C1, inverses[2 * i + 1]));
            codeword[i] = (new Fp2(z0[i], z1[i]) - constantZ) * overZ + (new Fp2(g0[i], g1[i]) - constantGz) * overGz;
        }
    }

    // The same on eight points at once: norms of x − z and x − g·z (z's half, then g·z's),
    // one batch inversion, then Σ_z·(x − z)⁻¹ + Σ_gz·(x − g·z)⁻¹ per point, the same field elements.
    private static void QuotientsLanes8(
        ReadOnlySpan<ulong> points, Fp2 z, Fp2 gz, ulong zz, ulong gg, Fp2 constantZ, Fp2 constantGz,
        ReadOnlySpan<ulong> z0, ReadOnlySpan<ulong> z1, ReadOnlySpan<ulong> g0, ReadOnlySpan<ulong> g1,
        Span<ulong> norms, Span<ulong> inverses, Span<Fp2> codeword)
    {
        var length = points.Length;
        var (zC0, gzC0) = (Vector512.Create(z.C0), Vector512.Create(gz.C0));
        var (zzV, ggV) = (Vector512.Create(zz), Vector512.Create(gg));
        for (var i = 0; i < length; i += 8)
        {
            var x = Vector512.Create(points.Slice(i, 8));
            var dz = Goldilocks.Lanes8.Sub(x, zC0);
            var dg = Goldilocks.Lanes8.Sub(x, gzC0);
            Goldilocks.Lanes8.Sub(Goldilocks.Lanes8.Mul(dz, dz), zzV).CopyTo(norms.Slice(i, 8));
            Goldilocks.Lanes8.Sub(Goldilocks.Lanes8.Mul(dg, dg), ggV).CopyTo(norms.Slice(length + i, 8));
        }

        Goldilocks.BatchInverse(norms, inverses);
        var (cz, cg) = (Fp2x8.From(constantZ), Fp2x8.From(constantGz));
        var (zC1, gzC1) = (Vector512.Create(z.C1), Vector512.Create(gz.C1));
        for (var i = 0; i < length; i += 8)
        {
            var x = Vector512.Create(points.Slice(i, 8));
            var invZ = Vector512.Create((ReadOnlySpan<ulong>)inverses.Slice(i, 8));
            var invG = Vector512.Create((ReadOnlySpan<ulong>)inverses.Slice(length + i, 8));
            var overZ = new Fp2x8(Goldilocks.Lanes8.Mul(Goldilocks.Lanes8.Sub(x, zC0), invZ), Goldilocks.Lanes8.Mul(zC1, invZ));
            var overG = new Fp2x8(Goldilocks.Lanes8.Mul(Goldilocks.Lanes8.Sub(x, gzC0), invG), Goldilocks.Lanes8.Mul(gzC1, invG));
            var atZ = new Fp2x8(Vector512.Create(z0.Slice(i, 8)), Vector512.Create(z1.Slice(i, 8)));
            var atG = new Fp2x8(Vector512.Create(g0.Slice(i, 8)), Vector512.Create(g1.Slice(i, 8)));
            (((atZ - cz) * overZ) + ((atG - cg) * overG)).Store(codeword[i..]);
        }
    }

    // The four sums of every column's γ-scaled values at points start … start + length − 1, column by column
    // (each sum a pass of scaled adds over the block).
    private static void ColumnSums(
        int start, int length, Fp2[] gamma, ulong[][] mainLde, ulong[][] auxLde, ulong[][] compositionLde, Span<ulong> z0, Span<ulong> z1, Span<ulong> g0, Span<ulong> g1)
    {
        for (var c = 0; c < Columns.Main; c++)
        {
            var column = mainLde[c].AsSpan(start, length);
            ScaledAdd(z0, column, gamma[c].C0);
            ScaledAdd(z1, column, gamma[c].C1);
            ScaledAdd(g0, column, gamma[Columns.Main + c].C0);
            ScaledAdd(g1, column, gamma[Columns.Main + c].C1);
        }

        // γ·(a0 + a1·X) = (γ0·a0 + 7γ1·a1) + (γ0·a1 + γ1·a0)·X.
        void AddExtension(Span<ulong> acc0, Span<ulong> acc1, Fp2 g, ulong[] c0, ulong[] c1)
        {
            var a0 = c0.AsSpan(start, length);
            var a1 = c1.AsSpan(start, length);
            ScaledAdd(acc0, a0, g.C0);
            ScaledAdd(acc0, a1, Goldilocks.Mul(g.C1, Fp2.NonResidue));
            ScaledAdd(acc1, a1, g.C0);
            ScaledAdd(acc1, a0, g.C1);
        }

        var k = 2 * Columns.Main;
        for (var c = 0; c < Columns.Aux; c++)
        {
            AddExtension(z0, z1, gamma[k + c], auxLde[2 * c], auxLde[2 * c + 1]);
            AddExtension(g0, g1, gamma[k + Columns.Aux + c], auxLde[2 * c], auxLde[2 * c + 1]);
        }

        k += 2 * Columns.Aux;
        for (var c = 0; c < 3; c++)
        {
            AddExtension(z0, z1, gamma[k + c], compositionLde[2 * c], compositionLde[2 * c + 1]);
        }
    }

    // The same sums eight points at a time, every column added into four accumulators held in registers
    // (AVX-512): one pass over the block instead of one per column and sum. The same field values.
    private static void SumsLanes8(
        int start, int length, Fp2[] gamma, ulong[][] mainLde, ulong[][] auxLde, ulong[][] compositionLde, Span<ulong> z0, Span<ulong> z1, Span<ulong> g0, Span<ulong> g1)
    {
        const int auxAt = 2 * Columns.Main;
        const int compositionAt = auxAt + (2 * Columns.Aux);
        var seven = Fp2.NonResidue;
        for (var i = 0; i < length; i += 8)
        {
            var at = start + i;
            var (s0, s1, t0, t1) = (Vector512<ulong>.Zero, Vector512<ulong>.Zero, Vector512<ulong>.Zero, Vector512<ulong>.Zero);
            for (var c = 0; c < Columns.Main; c++)
            {
                var v = Vector512.Create(mainLde[c].AsSpan(at, 8));
                s0 = Goldilocks.Lanes8.Add(s0, Goldilocks.Lanes8.Mul(v, Vector512.Create(gamma[c].C0)));
                s1 = Goldilocks.Lanes8.Add(s1, Goldilocks.Lanes8.Mul(v, Vector512.Create(gamma[c].C1)));
                t0 = Goldilocks.Lanes8.Add(t0, Goldilocks.Lanes8.Mul(v, Vector512.Create(gamma[Columns.Main + c].C0)));
                t1 = Goldilocks.Lanes8.Add(t1, Goldilocks.Lanes8.Mul(v, Vector512.Create(gamma[Columns.Main + c].C1)));
            }

            // γ·(a0 + a1·X) = (γ0·a0 + 7γ1·a1) + (γ0·a1 + γ1·a0)·X.
            static (Vector512<ulong>, Vector512<ulong>) Add(Vector512<ulong> acc0, Vector512<ulong> acc1, Fp2 g, ulong seven, Vector512<ulong> a0, Vector512<ulong> a1) =>
            (
                Goldilocks.Lanes8.Add(Goldilocks.Lanes8.Add(acc0, Goldilocks.Lanes8.Mul(a0, Vector512.Create(g.C0))), Goldilocks.Lanes8.Mul(a1, Vector512.Create(Goldilocks.Mul(g.C1, seven)))),
                Goldilocks.Lanes8.Add(Goldilocks.Lanes8.Add(acc1, Goldilocks.Lanes8.Mul(a1, Vector512.Create(g.C0))), Goldilocks.Lanes8.Mul(a0, Vector512.Create(g.C1)))
            );

            for (var c = 0; c < Columns.Aux; c++)
            {
                var a0 = Vector512.Create(auxLde[2 * c].AsSpan(at, 8));
                var a1 = Vector512.Create(auxLde[(2 * c) + 1].AsSpan(at, 8));
                (s0, s1) = Add(s0, s1, gamma[auxAt + c], seven, a0, a1);
                (t0, t1) = Add(t0, t1, gamma[auxAt + Columns.Aux + c], seven, a0, a1);
            }

            for (var c = 0; c < 3; c++)
            {
                (s0, s1) = Add(s0, s1, gamma[compositionAt + c], seven, Vector512.Create(compositionLde[2 * c].AsSpan(at, 8)), Vector512.Create(compositionLde[(2 * c) + 1].AsSpan(at, 8)));
            }

            s0.CopyTo(z0.Slice(i, 8));
            s1.CopyTo(z1.Slice(i, 8));
            t0.CopyTo(g0.Slice(i, 8));
            t1.CopyTo(g1.Slice(i, 8));
        }
    }

    /// <summary>acc[i] += k·v[i] in the base field, eight lanes at a time where AVX-512 is available.</summary>
    internal static void ScaledAdd(Span<ulong> acc, ReadOnlySpan<ulong> v, ulong k)
    {
        var i = 0;
        if (VectorPaths.Avx512)
        {
            var scale = Vector512.Create(k);
            for (; i + 8 <= acc.Length; i += 8)
            {
                var sum = Goldilocks.Lanes8.Add(Vector512.Create(acc.Slice(i, 8)), Goldilocks.Lanes8.Mul(Vector512.Create(v.Slice(i, 8)), scale));
                sum.CopyTo(acc.Slice(i, 8));
            }
        }
        else if (VectorPaths.Avx2)
        {
            var scale = Vector256.Create(k);
            for (; i + 4 <= acc.Length; i += 4)
            {
                var sum = Goldilocks.Lanes4.Add(Vector256.Create(acc.Slice(i, 4)), Goldilocks.Lanes4.Mul(Vector256.Create(v.Slice(i, 4)), scale));
                sum.CopyTo(acc.Slice(i, 4));
            }
        }

        for (; i < acc.Length; i++)
        {
            acc[i] = Goldilocks.Add(acc[i], Goldilocks.Mul(v[i], k));
        }
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
