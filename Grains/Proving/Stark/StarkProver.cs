// The STARK prover (KERNEL.md §5, winterfell's order): trace → LDE and commit → auxiliary challenges,
// columns, commit → composition of all constraints, split in three, commit → DEEP values at z and g·z
// → DEEP quotient → FRI → grinding → queries and batched openings.
using System.Runtime.Intrinsics;
using ProverSim.Grains.Proving.Air;
using ProverSim.Grains.Proving.Core;
using ProverSim.Grains.Proving.Field;
using ProverSim.Grains.Proving.Fri;
using ProverSim.Grains.Proving.Merkle;
using ProverSim.Grains.Proving.Ntt;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.Grains.Proving.Stark;

public sealed class ProverException(string message) : InvalidOperationException(message);

public static class StarkProver
{
    // PROVSIM_PROFILE=1 prints each phase's time and allocations to standard error.
    private static readonly bool Profile = Environment.GetEnvironmentVariable("PROVSIM_PROFILE") is not null;

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
    /// Proves a given trace. With <paramref name="selfCheck"/> off (tests only) it skips its check — the
    /// composition's degree, and the search for the broken constraint that follows a failure — and commits
    /// to whatever results, so that the verifier's rejection of bad traces can be exercised.
    /// </summary>
    internal static byte[] ProveTrace(Statement statement, ulong[][] main, StarkOptions options, bool selfCheck, int parallelism = -1)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism };
        options.Validate();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var allocated = Profile ? GC.GetAllocatedBytesForCurrentThread() : 0;
        void Phase(string name)
        {
            if (Profile)
            {
                var now = GC.GetAllocatedBytesForCurrentThread();
                Console.Error.WriteLine($"  {name}: {clock.Elapsed.TotalMilliseconds:0.0} ms, {(now - allocated) / 1024} KB allocated on the proving thread");
                allocated = now;
            }

            clock.Restart();
        }

        var height = statement.Height;
        var domain = Domain.For(height, options.Blowup);
        var transcript = new Transcript(AirEvaluation.Seed(statement, options, height));

        // The LDE columns come from the shared pool and go back when the proof is made: a prover making
        // many small proofs reuses the same buffers instead of allocating ≈ 3 MB a proof.
        using var columns = new PooledColumns(domain.Size, Columns.Main + (2 * Columns.Aux) + 6);

        // Main trace: interpolate, extend to the coset, commit row by row.
        var mainCoefficients = new ulong[Columns.Main][];
        var mainLde = columns.Take(Columns.Main);
        Parallel.For(0, Columns.Main, parallel, c =>
        {
            mainCoefficients[c] = (ulong[])main[c].Clone();
            Ntt.Ntt.Inverse(mainCoefficients[c]);
            Lde.ExtendCoefficients(mainCoefficients[c], options.Blowup, Domain.Shift, mainLde[c]);
        });
        using var mainTree = CommitRows(mainLde, Columns.Main * 8, parallel);
        transcript.Absorb(mainTree.Root);
        Phase("main lde+commit");

        // Auxiliary trace.
        var ch = AuxChallenges.Draw(transcript);
        var aux = AuxTraceBuilder.Build(main, ch);
        var terminals = Terminals.Compute(statement, height, ch);
        Phase("aux build");

        var auxCoefficients = new ulong[2 * Columns.Aux][];
        var auxLde = columns.Take(2 * Columns.Aux);
        Parallel.For(0, 2 * Columns.Aux, parallel, c =>
        {
            var column = aux[c / 2];
            auxCoefficients[c] = new ulong[column.Length];
            for (var i = 0; i < column.Length; i++)
            {
                auxCoefficients[c][i] = c % 2 == 0 ? column[i].C0 : column[i].C1;
            }

            Ntt.Ntt.Inverse(auxCoefficients[c]);
            Lde.ExtendCoefficients(auxCoefficients[c], options.Blowup, Domain.Shift, auxLde[c]);
        });
        using var auxTree = CommitRows(auxLde, Columns.Aux * 16, parallel);
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
        // The self-check: a trace that breaks any constraint on any row leaves the composition of degree ≥ 3H
        // (its random combination divides by the zerofiers only when every constraint holds, but with
        // negligible chance). Only then is the trace searched, row by row, for the constraint it breaks.
        for (var j = 3 * height; j < h0.Length && selfCheck; j++)
        {
            if ((h0[j] | h1[j]) != 0)
            {
                throw new ProverException(AirEvaluation.FindViolation(main, aux, ch, terminals, statement) is { } violation
                    ? $"the trace is not valid: {violation}"
                    : $"the composition polynomial has degree ≥ 3H: the trace does not satisfy the constraints (coefficient {j})");
            }
        }

        var compositionCoefficients = new ulong[6][];
        var compositionLde = columns.Take(6);
        Parallel.For(0, 6, parallel, c =>
        {
            compositionCoefficients[c] = (c % 2 == 0 ? h0 : h1).AsSpan((c / 2) * height, height).ToArray();
            Lde.ExtendCoefficients(compositionCoefficients[c], options.Blowup, Domain.Shift, compositionLde[c]);
        });
        using var compositionTree = CommitRows(compositionLde, 3 * 16, parallel);
        transcript.Absorb(compositionTree.Root);
        Phase("composition interpolate+lde+commit");

        // DEEP: every column at z and g·z (composition at z only).
        var z = DrawOutOfDomainPoint(transcript);
        var gz = z * domain.TraceGenerator;
        // Every column's polynomial is a dot product with the powers of z (or g·z), computed once.
        Polynomial.Powers zPowers = null!, gzPowers = null!;
        Parallel.Invoke(parallel, () => zPowers = new Polynomial.Powers(z, height), () => gzPowers = new Polynomial.Powers(gz, height));
        var mainOod = new Fp2[2 * Columns.Main];
        var auxOod = new Fp2[2 * Columns.Aux];
        var compositionOod = new Fp2[3];
        Parallel.For(0, Columns.Main + (2 * Columns.Aux) + 3, parallel, task =>
        {
            if (task < Columns.Main)
            {
                mainOod[task] = Polynomial.Evaluate(mainCoefficients[task], zPowers);
                mainOod[Columns.Main + task] = Polynomial.Evaluate(mainCoefficients[task], gzPowers);
            }
            else if (task < Columns.Main + (2 * Columns.Aux))
            {
                var c = (task - Columns.Main) / 2;
                var at = (task - Columns.Main) % 2;
                auxOod[(at * Columns.Aux) + c] = Polynomial.Evaluate(auxCoefficients[2 * c], auxCoefficients[2 * c + 1], at == 0 ? zPowers : gzPowers);
            }
            else
            {
                var c = task - Columns.Main - (2 * Columns.Aux);
                compositionOod[c] = Polynomial.Evaluate(compositionCoefficients[2 * c], compositionCoefficients[2 * c + 1], zPowers);
            }
        });

        transcript.Absorb(mainOod);
        transcript.Absorb(auxOod);
        transcript.Absorb(compositionOod);
        Phase("ood");

        var deep = Deep.Coefficients(transcript);
        var codeword = Deep.Codeword(domain, z, gz, deep, mainLde, auxLde, compositionLde, mainOod, auxOod, compositionOod, parallel);
        Phase("deep");
        var fri = FriProver.Commit(codeword, height, Domain.Shift, options, transcript, parallel);
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
        Domain domain, Statement statement, ulong[][] mainLde, ulong[][] auxLde, AuxChallenges ch, Terminals terminals, Fp2[] coefficients, ParallelOptions parallel)
    {
        var size = 4 * domain.Height;
        var points = domain.Points();
        var result = new Fp2[size];
        var lastRow = domain.TracePoint(domain.Height - 1);
        var rows = new[] { 0L, statement.Cycles - 1, statement.Cycles, domain.Height - 1 }.Select(domain.TracePoint).ToArray();

        // 1/(x^H − 1) takes at most `blowup` values: x = 7·w^e with e = bitrev(i), so x^H = 7^H·(w^H)^(e mod
        // blowup), w^H having order blowup (never 1: 7 generates F_p*, so the coset misses ⟨g⟩).
        // 1/(x − g^r) for every point, inverted in one batch.
        var shiftH = Goldilocks.Pow(Domain.Shift, (ulong)domain.Height);
        var rootH = Goldilocks.Pow(domain.Root, (ulong)domain.Height);
        var vanishingByResidue = new ulong[domain.Blowup];
        for (var r = 0; r < domain.Blowup; r++)
        {
            vanishingByResidue[r] = Goldilocks.Inverse(Goldilocks.Sub(Goldilocks.Mul(shiftH, Goldilocks.Pow(rootH, (ulong)r)), 1));
        }

        using var scratch = new PooledColumns(4 * size, 2);
        var tables = scratch.Take(2);
        var (boundary, boundaryInverse) = (tables[0], tables[1]);
        var vanishingInverse = new ulong[size];
        for (var i = 0; i < size; i++)
        {
            vanishingInverse[i] = vanishingByResidue[Ntt.BitReverse.Index(i, domain.LogSize) & (domain.Blowup - 1)];
            for (var b = 0; b < 4; b++)
            {
                boundary[(b * size) + i] = Goldilocks.Sub(points[i], rows[b]);
            }
        }

        Goldilocks.BatchInverse(boundary, boundaryInverse);
        var layout = CompositionLayout.Instance;

        // Per point: main-trace constraints (base field) and their share of each group's sum, then the
        // auxiliary ones (F_p2), then each group over its zerofier. With AVX-512 every constraint runs on
        // eight points at once (main ones in F_p lanes, auxiliary ones in F_p2 lanes).
        var lanes = VectorPaths.Avx512 ? 8 : 1;
        Parallel.For(0, (size + 1023) / 1024, parallel, block =>
        {
            Span<Fp> mb = stackalloc Fp[Columns.Main];
            Span<Fp> nb = stackalloc Fp[Columns.Main];
            Span<Fp2> a = stackalloc Fp2[Columns.Aux];
            Span<Fp2> an = stackalloc Fp2[Columns.Aux];
            Span<Fp> baseValues = stackalloc Fp[VmAir.Count];
            Span<Fp2> extValues = stackalloc Fp2[VmAir.Count];
            Span<ulong> groupSums = stackalloc ulong[2 * 6 * 8];
            Span<int> next = stackalloc int[8];
            var lanesScratch = lanes == 8 ? new LaneScratch(
                stackalloc Fp8[Columns.Main], stackalloc Fp8[Columns.Main], stackalloc Fp2x8[Columns.Aux], stackalloc Fp2x8[Columns.Aux],
                stackalloc Fp8[VmAir.Count], stackalloc Fp2x8[VmAir.Count]) : default;
            for (var i0 = block * 1024; i0 < Math.Min(size, (block + 1) * 1024); i0 += lanes)
            {
                for (var l = 0; l < lanes; l++)
                {
                    next[l] = domain.NextIndex(i0 + l);
                }

                if (lanes == 8)
                {
                    ComposeLanes8(new ComposePoints(mainLde, auxLde, i0, next, points, vanishingInverse, boundaryInverse, lastRow), lanesScratch, statement.Program.Length, coefficients, layout, ch, terminals, result);
                    continue;
                }

                var i = i0;
                for (var c = 0; c < Columns.Main; c++)
                {
                    mb[c] = new Fp(mainLde[c][i]);
                    nb[c] = new Fp(mainLde[c][next[0]]);
                }

                for (var c = 0; c < Columns.Aux; c++)
                {
                    a[c] = new Fp2(auxLde[2 * c][i], auxLde[2 * c + 1][i]);
                    an[c] = new Fp2(auxLde[2 * c][next[0]], auxLde[2 * c + 1][next[0]]);
                }

                MainGroupSums(mb, nb, statement.Program.Length, coefficients, layout, baseValues, groupSums);
                VmAir.EvaluateAuxTransitions(mb, nb, a, an, ch, extValues.Slice(layout.Transitions + VmAir.MainTransitionCount, VmAir.AuxTransitionCount));
                VmAir.EvaluateAuxFirstRow(mb, a, ch, extValues.Slice(layout.First + VmAir.MainFirstRowCount, VmAir.AuxFirstRowCount));
                VmAir.EvaluateLastRow(a, terminals, extValues.Slice(layout.Last, VmAir.LastRowCount));

                var transitions = GroupSum(groupSums, 1, 0);
                for (var k = layout.Transitions + VmAir.MainTransitionCount; k < layout.First; k++)
                {
                    transitions += coefficients[k] * extValues[k];
                }

                var first = GroupSum(groupSums, 2, 0);
                for (var k = layout.First + VmAir.MainFirstRowCount; k < layout.LastInstruction; k++)
                {
                    first += coefficients[k] * extValues[k];
                }

                var last = Fp2.Zero;
                for (var k = layout.Last; k < VmAir.Count; k++)
                {
                    last += coefficients[k] * extValues[k];
                }

                result[i] = GroupSum(groupSums, 0, 0) * vanishingInverse[i]
                    + transitions * Goldilocks.Mul(Goldilocks.Sub(points[i], lastRow), vanishingInverse[i])
                    + first * boundaryInverse[i]
                    + GroupSum(groupSums, 3, 0) * boundaryInverse[size + i]
                    + GroupSum(groupSums, 4, 0) * boundaryInverse[(2 * size) + i]
                    + last * boundaryInverse[(3 * size) + i];
            }
        });

        return result;
    }

    // Every main-trace constraint at its AIR position, in the base field (one point or eight at once).
    private static void EvaluateMain<T>(ReadOnlySpan<T> m, ReadOnlySpan<T> n, int programLength, CompositionLayout layout, Span<T> values)
        where T : struct, IFieldElement<T>
    {
        VmAir.EvaluateAllRows(m, values.Slice(layout.AllRows, VmAir.AllRowCount));
        VmAir.EvaluateMainTransitions(m, n, values.Slice(layout.Transitions, VmAir.MainTransitionCount));
        VmAir.EvaluateMainFirstRow(m, values.Slice(layout.First, VmAir.MainFirstRowCount));
        VmAir.EvaluateLastInstruction(m, values.Slice(layout.LastInstruction, 1));
        VmAir.EvaluateHalt(m, programLength, values.Slice(layout.Halt, VmAir.HaltCount));
    }

    private static Fp2 GroupSum(ReadOnlySpan<ulong> groupSums, int group, int lane) => new(groupSums[(16 * group) + lane], groupSums[(16 * group) + 8 + lane]);

    // The main-trace constraints of one point and Σ coefficient·value per group (all rows, transitions,
    // first row, last instruction, halt) into lane 0 of groupSums (layout: group g's C0 at 16g, C1 at 16g + 8).
    private static void MainGroupSums(
        ReadOnlySpan<Fp> mb, ReadOnlySpan<Fp> nb, int programLength, Fp2[] coefficients, CompositionLayout layout, Span<Fp> values, Span<ulong> groupSums)
    {
        EvaluateMain(mb, nb, programLength, layout, values);
        var g = 0;
        foreach (var (from, count) in layout.MainGroups)
        {
            var sum = Fp2.Zero;
            for (var k = from; k < from + count; k++)
            {
                sum += coefficients[k] * values[k].Value;
            }

            groupSums[16 * g] = sum.C0;
            groupSums[(16 * g) + 8] = sum.C1;
            g++;
        }
    }

    // What the composition reads at eight consecutive points i0 … i0 + 7 of the coset: the LDEs, each point's
    // successor (next), and the per-point zerofier inverses.
    private readonly ref struct ComposePoints(
        ulong[][] mainLde, ulong[][] auxLde, int i0, ReadOnlySpan<int> next, ulong[] points, ulong[] vanishingInverse, ulong[] boundaryInverse, ulong lastRow)
    {
        public readonly ulong[][] MainLde = mainLde;
        public readonly ulong[][] AuxLde = auxLde;
        public readonly int I0 = i0;
        public readonly ReadOnlySpan<int> Next = next;
        public readonly ulong[] Points = points;
        public readonly ulong[] VanishingInverse = vanishingInverse;
        public readonly ulong[] BoundaryInverse = boundaryInverse;
        public readonly ulong LastRow = lastRow;

        public Fp8 At(ulong[] column) => new(Vector512.Create(column.AsSpan(I0, 8)));

        // The next-row points of eight consecutive storage slots are themselves consecutive but where the
        // shift wraps around the domain: one load then, eight otherwise.
        public Fp8 AtNext(ulong[] column) => Next[7] == Next[0] + 7
            ? new(Vector512.Create(column.AsSpan(Next[0], 8)))
            : new(Vector512.Create(column[Next[0]], column[Next[1]], column[Next[2]], column[Next[3]], column[Next[4]], column[Next[5]], column[Next[6]], column[Next[7]]));

        // Boundary b's inverse denominators of the eight points (stored boundary by boundary).
        public Fp8 Boundary(int b) => new(Vector512.Create(BoundaryInverse.AsSpan((b * (BoundaryInverse.Length / 4)) + I0, 8)));
    }

    // The composition at eight consecutive points at once (AVX-512): the same constraints and combination as
    // the scalar path, in lanes, so the values are the same field elements.
    private static void ComposeLanes8(
        ComposePoints p, LaneScratch scratch, int programLength, Fp2[] coefficients, CompositionLayout layout, AuxChallenges ch, Terminals terminals, Fp2[] result)
    {
        var m = scratch.Main;
        var n = scratch.MainNext;
        var a = scratch.Aux;
        var an = scratch.AuxNext;
        var values = scratch.Values;
        var ext = scratch.Ext;
        for (var c = 0; c < Columns.Main; c++)
        {
            m[c] = p.At(p.MainLde[c]);
            n[c] = p.AtNext(p.MainLde[c]);
        }

        for (var c = 0; c < Columns.Aux; c++)
        {
            a[c] = new Fp2x8(p.At(p.AuxLde[2 * c]).Lanes, p.At(p.AuxLde[2 * c + 1]).Lanes);
            an[c] = new Fp2x8(p.AtNext(p.AuxLde[2 * c]).Lanes, p.AtNext(p.AuxLde[2 * c + 1]).Lanes);
        }

        EvaluateMain<Fp8>(m, n, programLength, layout, values);
        VmAir.EvaluateAuxTransitions(m, n, a, an, ch, ext.Slice(layout.Transitions + VmAir.MainTransitionCount, VmAir.AuxTransitionCount));
        VmAir.EvaluateAuxFirstRow(m, a, ch, ext.Slice(layout.First + VmAir.MainFirstRowCount, VmAir.AuxFirstRowCount));
        VmAir.EvaluateLastRow(a, terminals, ext.Slice(layout.Last, VmAir.LastRowCount));

        // Σ coefficient·value per group: main-trace values scale the coefficient, auxiliary ones multiply it.
        static Fp2x8 Main(Fp2[] coefficients, ReadOnlySpan<Fp8> values, int from, int count)
        {
            var sum = Fp2x8.Zero;
            for (var k = from; k < from + count; k++)
            {
                sum += Fp8.Scale(Fp2x8.From(coefficients[k]), values[k]);
            }

            return sum;
        }

        static Fp2x8 Aux(Fp2[] coefficients, ReadOnlySpan<Fp2x8> ext, int from, int to)
        {
            var sum = Fp2x8.Zero;
            for (var k = from; k < to; k++)
            {
                sum += Fp2x8.From(coefficients[k]) * ext[k];
            }

            return sum;
        }

        var groups = layout.MainGroups;
        var allRows = Main(coefficients, values, groups[0].From, groups[0].Count);
        var transitions = Main(coefficients, values, groups[1].From, groups[1].Count) + Aux(coefficients, ext, layout.Transitions + VmAir.MainTransitionCount, layout.First);
        var first = Main(coefficients, values, groups[2].From, groups[2].Count) + Aux(coefficients, ext, layout.First + VmAir.MainFirstRowCount, layout.LastInstruction);
        var lastInstruction = Main(coefficients, values, groups[3].From, groups[3].Count);
        var halt = Main(coefficients, values, groups[4].From, groups[4].Count);
        var last = Aux(coefficients, ext, layout.Last, VmAir.Count);

        var vanishing = p.At(p.VanishingInverse);
        var transitionZerofier = (p.At(p.Points) - Fp8.Lift(p.LastRow)) * vanishing;
        var sum = Fp8.Scale(allRows, vanishing)
            + Fp8.Scale(transitions, transitionZerofier)
            + Fp8.Scale(first, p.Boundary(0))
            + Fp8.Scale(lastInstruction, p.Boundary(1))
            + Fp8.Scale(halt, p.Boundary(2))
            + Fp8.Scale(last, p.Boundary(3));
        for (var l = 0; l < 8; l++)
        {
            result[p.I0 + l] = sum[l];
        }
    }

    // Merkle leaves are LDE rows: row j holds every column's value at point j, in column order. The rows
    // are laid out in a pooled buffer, hashed, and the buffer returned (the tree keeps only hashes).
    private static MerkleTree CommitRows(ulong[][] columns, int leafSize, ParallelOptions parallel)
    {
        var length = columns[0].Length * columns.Length * 8;
        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            RowMajor(columns, bytes, parallel);
            return MerkleTree.Build(bytes, length, leafSize, parallel);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static void RowMajor(ulong[][] columns, byte[] bytes, ParallelOptions parallel)
    {
        var rows = columns[0].Length;
        var width = columns.Length;
        Parallel.For(0, (rows + 4095) / 4096, parallel, block =>
        {
            // The words of a block of rows, row by row (written in order, each column read in order);
            // little-endian words are the leaves' bytes.
            var from = block * 4096;
            var to = Math.Min(rows, from + 4096);
            var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan(from * width * 8, (to - from) * width * 8));
            var at = 0;
            for (var r = from; r < to; r++)
            {
                foreach (var column in columns)
                {
                    words[at++] = BitConverter.IsLittleEndian ? column[r] : System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(column[r]);
                }
            }
        });
    }

    // The eight-lane composition's working rows, allocated once per block of points (not per call).
    private readonly ref struct LaneScratch(Span<Fp8> main, Span<Fp8> mainNext, Span<Fp2x8> aux, Span<Fp2x8> auxNext, Span<Fp8> values, Span<Fp2x8> ext)
    {
        public Span<Fp8> Main { get; } = main;

        public Span<Fp8> MainNext { get; } = mainNext;

        public Span<Fp2x8> Aux { get; } = aux;

        public Span<Fp2x8> AuxNext { get; } = auxNext;

        public Span<Fp8> Values { get; } = values;

        public Span<Fp2x8> Ext { get; } = ext;
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

    /// <summary>The groups with main-trace constraints, in group order: all rows, transitions, first row, last instruction, halt.</summary>
    public (int From, int Count)[] MainGroups { get; } =
    [
        (0, VmAir.AllRowCount),
        (VmAir.AllRowCount, VmAir.MainTransitionCount),
        (VmAir.AllRowCount + VmAir.TransitionCount, VmAir.MainFirstRowCount),
        (VmAir.AllRowCount + VmAir.TransitionCount + VmAir.FirstRowCount, VmAir.LastInstructionCount),
        (VmAir.AllRowCount + VmAir.TransitionCount + VmAir.FirstRowCount + VmAir.LastInstructionCount, VmAir.HaltCount),
    ];
}
