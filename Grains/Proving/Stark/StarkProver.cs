// The STARK prover (KERNEL.md §5, winterfell's order): trace → LDE and commit → auxiliary challenges,
// columns, commit → composition of all constraints, split in three, commit → DEEP values at z and g·z
// → DEEP quotient → FRI → grinding → queries and batched openings.
using ProverSim.Grains.Proving.Air;
using ProverSim.Grains.Proving.Field;
using ProverSim.Grains.Proving.Fri;
using ProverSim.Grains.Proving.Merkle;
using ProverSim.Grains.Proving.Ntt;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.Grains.Proving.Stark;

public sealed class ProverException(string message) : InvalidOperationException(message);

public static class StarkProver
{
    /// <summary>
    /// Runs <paramref name="program"/> under the budget; when it halts, proves the run for this workload
    /// and prover. A run that does not halt (out of cycles, fault) has no proof.
    /// </summary>
    /// <remarks>
    /// <paramref name="parallelism"/> caps the cores one proof uses (−1: all); a caller that runs many
    /// proofs at once (the prover grains of a simulation) passes 1 and gets its parallelism from them.
    /// </remarks>
    public static (RunResult Run, Statement? Statement, byte[]? Proof) Prove(
        VmProgram program, ReadOnlySpan<ulong> input, long cycleBudget, long workloadId, long proverId, StarkOptions? options = null, int parallelism = -1)
    {
        var (run, main) = TraceBuilder.Build(program, input, cycleBudget);
        if (main is null || run.Cycles == 0)
        {
            return (run, null, null);
        }

        var statement = new Statement(program.Words, [.. input], run.Output, run.Cycles, run.InputsRead, workloadId, proverId);
        return (run, statement, ProveTrace(statement, main, options ?? StarkOptions.Default, selfCheck: true, parallelism));
    }

    /// <summary>
    /// Proves a given trace. With <paramref name="selfCheck"/> off (tests only) it skips both its checks
    /// — the constraints on the trace domain and the composition's degree — and commits to whatever
    /// results, so that the verifier's rejection of bad traces can be exercised.
    /// </summary>
    internal static byte[] ProveTrace(Statement statement, ulong[][] main, StarkOptions options, bool selfCheck, int parallelism = -1)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism };
        options.Validate();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Phase(string name)
        {
            if (Environment.GetEnvironmentVariable("PROVSIM_PROFILE") is not null)
            {
                Console.Error.WriteLine($"  {name}: {clock.Elapsed.TotalMilliseconds:0.0} ms");
            }

            clock.Restart();
        }

        var height = statement.Height;
        var domain = new Domain(height, options.Blowup);
        var transcript = new Transcript(AirEvaluation.Seed(statement, options, height));

        // Main trace: interpolate, extend to the coset, commit row by row.
        var mainCoefficients = new ulong[Columns.Main][];
        var mainLde = new ulong[Columns.Main][];
        Parallel.For(0, Columns.Main, parallel, c =>
        {
            mainCoefficients[c] = (ulong[])main[c].Clone();
            Ntt.Ntt.Inverse(mainCoefficients[c]);
            mainLde[c] = new ulong[domain.Size];
            Lde.ExtendCoefficients(mainCoefficients[c], options.Blowup, Domain.Shift, mainLde[c]);
        });
        using var mainTree = MerkleTree.Build(RowMajor(mainLde, parallel), Columns.Main * 8);
        transcript.Absorb(mainTree.Root);
        Phase("main lde+commit");

        // Auxiliary trace.
        var ch = Challenges.Draw(transcript);
        var aux = AuxTraceBuilder.Build(main, ch);
        var terminals = Terminals.Compute(statement, height, ch);
        if (selfCheck && AirEvaluation.FindViolation(main, aux, ch, terminals, statement) is { } violation)
        {
            throw new ProverException($"the trace is not valid: {violation}");
        }
        Phase("aux build + self-check");

        var auxCoefficients = new ulong[2 * Columns.Aux][];
        var auxLde = new ulong[2 * Columns.Aux][];
        Parallel.For(0, 2 * Columns.Aux, parallel, c =>
        {
            auxCoefficients[c] = aux[c / 2].Select(v => c % 2 == 0 ? v.C0 : v.C1).ToArray();
            Ntt.Ntt.Inverse(auxCoefficients[c]);
            auxLde[c] = new ulong[domain.Size];
            Lde.ExtendCoefficients(auxCoefficients[c], options.Blowup, Domain.Shift, auxLde[c]);
        });
        using var auxTree = MerkleTree.Build(RowMajor(auxLde, parallel), Columns.Aux * 16);
        transcript.Absorb(auxTree.Root);
        Phase("aux lde+commit");

        // Composition: all constraints on the 4H-point coset, divided by their zerofiers, combined.
        var coefficients = new Fp2[VmAir.Count];
        for (var i = 0; i < coefficients.Length; i++)
        {
            coefficients[i] = transcript.DrawExtension();
        }

        var composition = Compose(domain, statement, mainLde, auxLde, ch, terminals, coefficients, parallel);
        Phase("compose");
        var (h0, h1) = Polynomial.InterpolateCoset(composition, Domain.Shift);
        for (var j = 3 * height; j < h0.Length && selfCheck; j++)
        {
            if ((h0[j] | h1[j]) != 0)
            {
                throw new ProverException($"the composition polynomial has degree ≥ 3H: the trace does not satisfy the constraints (coefficient {j})");
            }
        }

        var compositionCoefficients = new ulong[6][];
        var compositionLde = new ulong[6][];
        Parallel.For(0, 6, parallel, c =>
        {
            compositionCoefficients[c] = (c % 2 == 0 ? h0 : h1).AsSpan((c / 2) * height, height).ToArray();
            compositionLde[c] = new ulong[domain.Size];
            Lde.ExtendCoefficients(compositionCoefficients[c], options.Blowup, Domain.Shift, compositionLde[c]);
        });
        using var compositionTree = MerkleTree.Build(RowMajor(compositionLde, parallel), 3 * 16);
        transcript.Absorb(compositionTree.Root);
        Phase("composition interpolate+lde+commit");

        // DEEP: every column at z and g·z (composition at z only).
        var z = DrawOutOfDomainPoint(transcript);
        var gz = z * domain.TraceGenerator;
        var mainOod = new Fp2[2 * Columns.Main];
        Parallel.For(0, Columns.Main, parallel, c =>
        {
            mainOod[c] = Polynomial.Evaluate(mainCoefficients[c], z);
            mainOod[Columns.Main + c] = Polynomial.Evaluate(mainCoefficients[c], gz);
        });
        var auxOod = new Fp2[2 * Columns.Aux];
        for (var c = 0; c < Columns.Aux; c++)
        {
            auxOod[c] = Polynomial.Evaluate(auxCoefficients[2 * c], auxCoefficients[2 * c + 1], z);
            auxOod[Columns.Aux + c] = Polynomial.Evaluate(auxCoefficients[2 * c], auxCoefficients[2 * c + 1], gz);
        }

        var compositionOod = new Fp2[3];
        for (var c = 0; c < 3; c++)
        {
            compositionOod[c] = Polynomial.Evaluate(compositionCoefficients[2 * c], compositionCoefficients[2 * c + 1], z);
        }

        transcript.Absorb(mainOod);
        transcript.Absorb(auxOod);
        transcript.Absorb(compositionOod);
        Phase("ood");

        var deep = Deep.Coefficients(transcript);
        var codeword = Deep.Codeword(domain, z, gz, deep, mainLde, auxLde, compositionLde, mainOod, auxOod, compositionOod, parallel);
        Phase("deep");
        var fri = FriProver.Commit(codeword, height, Domain.Shift, options, transcript);
        Phase("fri");

        var nonce = transcript.Grind(options.GrindingBits);
        transcript.Absorb(nonce);
        var positions = Queries.Draw(transcript, options.Queries, domain.Size);
        Phase("grind+queries");

        var proofBytes = new StarkProof
        {
            MainRoot = mainTree.Root,
            AuxRoot = auxTree.Root,
            CompositionRoot = compositionTree.Root,
            MainOod = mainOod,
            AuxOod = auxOod,
            CompositionOod = compositionOod,
            Fri = fri.Open(positions, fri.Roots),
            Nonce = nonce,
            MainRows = [.. positions.Select(q => mainLde.Select(col => col[q]).ToArray())],
            AuxRows = [.. positions.Select(q => Enumerable.Range(0, Columns.Aux).Select(c => new Fp2(auxLde[2 * c][q], auxLde[2 * c + 1][q])).ToArray())],
            CompositionRows = [.. positions.Select(q => Enumerable.Range(0, 3).Select(c => new Fp2(compositionLde[2 * c][q], compositionLde[2 * c + 1][q])).ToArray())],
            MainNodes = mainTree.Open(positions),
            AuxNodes = auxTree.Open(positions),
            CompositionNodes = compositionTree.Open(positions),
        }.ToBytes();
        Phase("openings+serialize");
        return proofBytes;
    }

    /// <summary>z ∈ F_p2 with a non-zero X-coefficient, so that it lies outside every base-field domain.</summary>
    internal static Fp2 DrawOutOfDomainPoint(Transcript transcript)
    {
        while (true)
        {
            var z = transcript.DrawExtension();
            if (z.C1 != 0)
            {
                return z;
            }
        }
    }

    private static Fp2[] Compose(
        Domain domain, Statement statement, ulong[][] mainLde, ulong[][] auxLde, Challenges ch, Terminals terminals, Fp2[] coefficients, ParallelOptions parallel)
    {
        var size = 4 * domain.Height;
        var points = domain.Points();
        var result = new Fp2[size];
        var lastRow = domain.TracePoint(domain.Height - 1);
        var rows = new[] { 0L, statement.Cycles - 1, statement.Cycles, domain.Height - 1 }.Select(domain.TracePoint).ToArray();

        // 1/(x^H − 1) and 1/(x − g^r) for every point of the constraint domain, inverted in batches.
        var vanishing = new ulong[size];
        var boundary = new ulong[4 * size];
        for (var i = 0; i < size; i++)
        {
            vanishing[i] = Goldilocks.Sub(Goldilocks.Pow(points[i], (ulong)domain.Height), 1); // 4 distinct values; cheap enough
            for (var b = 0; b < 4; b++)
            {
                boundary[4 * i + b] = Goldilocks.Sub(points[i], rows[b]);
            }
        }

        var vanishingInverse = new ulong[size];
        var boundaryInverse = new ulong[4 * size];
        Goldilocks.BatchInverse(vanishing, vanishingInverse);
        Goldilocks.BatchInverse(boundary, boundaryInverse);

        Parallel.For(0, (size + 1023) / 1024, parallel, block =>
        {
            Span<Fp> mb = stackalloc Fp[Columns.Main];
            Span<Fp> nb = stackalloc Fp[Columns.Main];
            Span<Fp2> a = stackalloc Fp2[Columns.Aux];
            Span<Fp2> an = stackalloc Fp2[Columns.Aux];
            Span<Fp> baseValues = stackalloc Fp[VmAir.Count];
            Span<Fp2> extValues = stackalloc Fp2[VmAir.Count];
            for (var i = block * 1024; i < Math.Min(size, (block + 1) * 1024); i++)
            {
                var next = domain.NextIndex(i);
                for (var c = 0; c < Columns.Main; c++)
                {
                    mb[c] = new Fp(mainLde[c][i]);
                    nb[c] = new Fp(mainLde[c][next]);
                }

                for (var c = 0; c < Columns.Aux; c++)
                {
                    a[c] = new Fp2(auxLde[2 * c][i], auxLde[2 * c + 1][i]);
                    an[c] = new Fp2(auxLde[2 * c][next], auxLde[2 * c + 1][next]);
                }

                // Main-trace constraints in F_p, the others in F_p2, at their AIR positions.
                var layout = CompositionLayout.Instance;
                VmAir.EvaluateAllRows<Fp>(mb, baseValues.Slice(layout.AllRows, VmAir.AllRowCount));
                VmAir.EvaluateMainTransitions<Fp>(mb, nb, baseValues.Slice(layout.Transitions, VmAir.MainTransitionCount));
                VmAir.EvaluateAuxTransitions<Fp>(mb, nb, a, an, ch, extValues.Slice(layout.Transitions + VmAir.MainTransitionCount, VmAir.AuxTransitionCount));
                VmAir.EvaluateMainFirstRow<Fp>(mb, baseValues.Slice(layout.First, VmAir.MainFirstRowCount));
                VmAir.EvaluateAuxFirstRow<Fp>(mb, a, ch, extValues.Slice(layout.First + VmAir.MainFirstRowCount, VmAir.AuxFirstRowCount));
                VmAir.EvaluateLastInstruction<Fp>(mb, baseValues.Slice(layout.LastInstruction, 1));
                VmAir.EvaluateHalt<Fp>(mb, statement.Program.Length, baseValues.Slice(layout.Halt, VmAir.HaltCount));
                VmAir.EvaluateLastRow(a, terminals, extValues.Slice(layout.Last, VmAir.LastRowCount));

                var allRows = Fp2.Zero;
                for (var k = 0; k < VmAir.AllRowCount; k++)
                {
                    allRows += coefficients[layout.AllRows + k] * baseValues[layout.AllRows + k].Value;
                }

                var transitions = Fp2.Zero;
                for (var k = layout.Transitions; k < layout.Transitions + VmAir.MainTransitionCount; k++)
                {
                    transitions += coefficients[k] * baseValues[k].Value;
                }

                for (var k = layout.Transitions + VmAir.MainTransitionCount; k < layout.First; k++)
                {
                    transitions += coefficients[k] * extValues[k];
                }

                var first = Fp2.Zero;
                for (var k = layout.First; k < layout.First + VmAir.MainFirstRowCount; k++)
                {
                    first += coefficients[k] * baseValues[k].Value;
                }

                for (var k = layout.First + VmAir.MainFirstRowCount; k < layout.LastInstruction; k++)
                {
                    first += coefficients[k] * extValues[k];
                }

                var lastInstruction = coefficients[layout.LastInstruction] * baseValues[layout.LastInstruction].Value;
                var halt = coefficients[layout.Halt] * baseValues[layout.Halt].Value + coefficients[layout.Halt + 1] * baseValues[layout.Halt + 1].Value;
                var last = Fp2.Zero;
                for (var k = layout.Last; k < VmAir.Count; k++)
                {
                    last += coefficients[k] * extValues[k];
                }

                result[i] = allRows * vanishingInverse[i]
                    + transitions * Goldilocks.Mul(Goldilocks.Sub(points[i], lastRow), vanishingInverse[i])
                    + first * boundaryInverse[4 * i]
                    + lastInstruction * boundaryInverse[4 * i + 1]
                    + halt * boundaryInverse[4 * i + 2]
                    + last * boundaryInverse[4 * i + 3];
            }
        });

        return result;
    }

    // Merkle leaves are LDE rows: row j holds every column's value at point j, in column order.
    private static byte[] RowMajor(ulong[][] columns, ParallelOptions parallel)
    {
        var rows = columns[0].Length;
        var width = columns.Length;
        var bytes = new byte[rows * width * 8];
        Parallel.For(0, (rows + 4095) / 4096, parallel, block =>
        {
            for (var r = block * 4096; r < Math.Min(rows, (block + 1) * 4096); r++)
            {
                for (var c = 0; c < width; c++)
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((r * width + c) * 8), columns[c][r]);
                }
            }
        });
        return bytes;
    }
}

/// <summary>Where each constraint group starts in the AIR order (the order of the composition coefficients).</summary>
internal sealed class CompositionLayout
{
    public static readonly CompositionLayout Instance = new();

    public int AllRows => 0;

    public int Transitions => VmAir.AllRowCount;

    public int First => Transitions + VmAir.TransitionCount;

    public int LastInstruction => First + VmAir.FirstRowCount;

    public int Halt => LastInstruction + VmAir.LastInstructionCount;

    public int Last => Halt + VmAir.HaltCount;
}
