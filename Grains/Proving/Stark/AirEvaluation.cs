// The pieces prover and verifier share: the transcript seed of a statement, all constraints of the AIR
// evaluated at one point in a fixed order, and their combination into the composition value with the
// zerofiers of DESIGN: transitions on x^H − 1 minus the last row, boundaries on x − g^r.
using System.Buffers.Binary;
using ProverSim.Grains.Proving.Air;
using ProverSim.Grains.Proving.Core;
using ProverSim.Grains.Proving.Field;

namespace ProverSim.Grains.Proving.Stark;

public static class AirEvaluation
{
    public const string DomainTag = "provsim/stark/v1";

    /// <summary>Domain tag and version, parameters, H, C, L, inputs read, program, input, output, workload and prover.</summary>
    public static byte[] Seed(Statement statement, StarkOptions options, int height)
    {
        var words = new List<ulong>
        {
            StarkProof.Version, (ulong)options.Blowup, (ulong)options.Queries, (ulong)options.GrindingBits,
            (ulong)options.FoldingFactor, (ulong)options.RemainderDegreeBound,
            (ulong)height, (ulong)statement.Cycles, (ulong)statement.Program.Length, (ulong)statement.InputsRead,
            (ulong)statement.WorkloadId, (ulong)statement.ProverId,
            (ulong)statement.Program.Length,
        };
        words.AddRange(statement.Program);
        words.Add((ulong)statement.Input.Length);
        words.AddRange(statement.Input);
        words.Add((ulong)statement.Output.Length);
        words.AddRange(statement.Output);
        var tag = System.Text.Encoding.ASCII.GetBytes(DomainTag);
        var seed = new byte[tag.Length + 8 * words.Count];
        tag.CopyTo(seed, 0);
        for (var i = 0; i < words.Count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(seed.AsSpan(tag.Length + 8 * i), words[i]);
        }

        return seed;
    }

    /// <summary>The zerofier factors at one point: 1/Z for each constraint group, in AIR order.</summary>
    public readonly record struct Zerofiers(Fp2 AllRows, Fp2 Transitions, Fp2 First, Fp2 LastInstruction, Fp2 Halt, Fp2 Last)
    {
        /// <summary>At an extension point x (the verifier's z), for height H and cycle count C.</summary>
        public static Zerofiers At(Fp2 x, Domain domain, long cycles)
        {
            var xH = x.Pow((ulong)domain.Height);
            var inverseVanishing = (xH - Fp2.One).Inverse();
            Fp2 Row(long r) => (x - Fp2.FromBase(domain.TracePoint(r))).Inverse();
            return new Zerofiers(
                inverseVanishing,
                (x - Fp2.FromBase(domain.TracePoint(domain.Height - 1))) * inverseVanishing,
                Row(0),
                Row(cycles - 1),
                Row(cycles),
                Row(domain.Height - 1));
        }
    }

    /// <summary>
    /// Evaluates every constraint at one point, in AIR order, into <paramref name="values"/> (length
    /// VmAir.Count); main-trace values in the base field (the prover's self-check) or F_p2 (the verifier at z).
    /// </summary>
    public static void Evaluate<T>(
        ReadOnlySpan<T> main, ReadOnlySpan<T> mainNext, ReadOnlySpan<Fp2> aux, ReadOnlySpan<Fp2> auxNext,
        AuxChallenges ch, Terminals terminals, int programLength, Span<Fp2> values)
        where T : unmanaged, IFieldElement<T>, IExtensionScalar<T, Fp2>
    {
        Span<T> main1 = stackalloc T[VmAir.AllRowCount + VmAir.MainTransitionCount];
        Span<T> main2 = stackalloc T[VmAir.MainFirstRowCount + VmAir.LastInstructionCount + VmAir.HaltCount];
        var k = 0;
        VmAir.EvaluateAllRows(main, main1[..VmAir.AllRowCount]);
        VmAir.EvaluateMainTransitions(main, mainNext, main1[VmAir.AllRowCount..]);
        k = Extend(main1, values, k);
        VmAir.EvaluateAuxTransitions(main, mainNext, aux, auxNext, ch, values.Slice(k, VmAir.AuxTransitionCount));
        k += VmAir.AuxTransitionCount;
        VmAir.EvaluateMainFirstRow(main, main2[..VmAir.MainFirstRowCount]);
        k = Extend(main2[..VmAir.MainFirstRowCount], values, k);
        VmAir.EvaluateAuxFirstRow(main, aux, ch, values.Slice(k, VmAir.AuxFirstRowCount));
        k += VmAir.AuxFirstRowCount;
        VmAir.EvaluateLastInstruction(main, main2.Slice(VmAir.MainFirstRowCount, VmAir.LastInstructionCount));
        VmAir.EvaluateHalt(main, programLength, main2.Slice(VmAir.MainFirstRowCount + VmAir.LastInstructionCount, VmAir.HaltCount));
        k = Extend(main2[VmAir.MainFirstRowCount..], values, k);
        VmAir.EvaluateLastRow(aux, terminals, values.Slice(k, VmAir.LastRowCount));
    }

    // Copies main-trace constraint values into the F_p2 values at k; returns the next position.
    private static int Extend<T>(ReadOnlySpan<T> from, Span<Fp2> values, int k)
        where T : struct, IFieldElement<T>, IExtensionScalar<T, Fp2>
    {
        foreach (var value in from)
        {
            values[k++] = T.Extend(value);
        }

        return k;
    }

    /// <summary>Σ coefficient·constraint/zerofier over every constraint, group by group.</summary>
    public static Fp2 Combine(ReadOnlySpan<Fp2> values, ReadOnlySpan<Fp2> coefficients, in Zerofiers z)
    {
        Span<int> sizes = [VmAir.AllRowCount, VmAir.TransitionCount, VmAir.FirstRowCount, VmAir.LastInstructionCount, VmAir.HaltCount, VmAir.LastRowCount];
        Span<Fp2> factors = [z.AllRows, z.Transitions, z.First, z.LastInstruction, z.Halt, z.Last];
        var total = Fp2.Zero;
        var k = 0;
        for (var group = 0; group < sizes.Length; group++)
        {
            var sum = Fp2.Zero;
            for (var i = 0; i < sizes[group]; i++, k++)
            {
                sum += coefficients[k] * values[k];
            }

            total += sum * factors[group];
        }

        return total;
    }

    /// <summary>The first constraint a trace violates on its own domain (the prover's self-check), or null.</summary>
    public static string? FindViolation(ulong[][] main, Fp2[][] aux, AuxChallenges ch, Terminals terminals, Statement statement)
    {
        var height = main[0].Length;
        Span<Fp> m = stackalloc Fp[Columns.Main];
        Span<Fp> n = stackalloc Fp[Columns.Main];
        Span<Fp2> a = stackalloc Fp2[Columns.Aux];
        Span<Fp2> an = stackalloc Fp2[Columns.Aux];
        Span<Fp2> values = stackalloc Fp2[VmAir.Count];
        for (var row = 0; row < height; row++)
        {
            var next = (row + 1) % height;
            for (var c = 0; c < Columns.Main; c++)
            {
                m[c] = new Fp(main[c][row]);
                n[c] = new Fp(main[c][next]);
            }

            for (var c = 0; c < Columns.Aux; c++)
            {
                a[c] = aux[c][row];
                an[c] = aux[c][next];
            }

            Evaluate(m, n, a, an, ch, terminals, statement.Program.Length, values);
            var k = 0;
            foreach (var (group, size, applies) in Groups(row, height, statement.Cycles))
            {
                for (var i = 0; i < size; i++, k++)
                {
                    if (applies && !values[k].IsZero)
                    {
                        return $"{group} constraint {i} fails at row {row}";
                    }
                }
            }
        }

        return null;
    }

    private static IEnumerable<(string Group, int Size, bool Applies)> Groups(int row, int height, long cycles) =>
    [
        ("all-rows", VmAir.AllRowCount, true),
        ("transition", VmAir.TransitionCount, row < height - 1),
        ("first-row", VmAir.FirstRowCount, row == 0),
        ("last-instruction", VmAir.LastInstructionCount, row == cycles - 1),
        ("halt", VmAir.HaltCount, row == cycles),
        ("last-row", VmAir.LastRowCount, row == height - 1),
    ];
}
