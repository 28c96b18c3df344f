// The STARK end to end: every example program is proven and verified; the verifier rejects a proof
// for any other statement (output, cycles, program, input, workload, prover), a flipped byte, a
// non-canonical value, trailing bytes, weaker options; bad traces are refused by the prover's own
// check and, proven without it, by the verifier (KERNEL.md §9); the bytes of two fixed proofs are pinned.
using System.Collections.Immutable;
using System.Security.Cryptography;
using ProverSim.Grains.Proving.Air;
using ProverSim.Grains.Proving.Core;
using ProverSim.Grains.Proving.Field;
using ProverSim.Grains.Proving.Stark;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.Grains.Tests.Proving;

public sealed class StarkTests
{
    // The verifier's answer when the transcript it replays (seeded with the statement and its own options)
    // is not the prover's: the out-of-domain point and the challenges differ, so the claimed values fail there.
    private const string OodMismatch = "the constraints at the out-of-domain point do not match the composition polynomial";

    private static readonly Dictionary<string, ulong[]> Examples = new()
    {
        ["hello"] = [],
        ["fib"] = [10],
        ["hashloop"] = [5, 3, 1, 4, 1, 5],
        ["countdown"] = [10],
    };

    private static string Source(string name) => File.ReadAllText(Path.Combine(RepoPaths.Programs, name + ".bf"));

    private static (Statement Statement, byte[] Proof) Prove(string source, params ulong[] input)
    {
        var (run, statement, proof) = StarkProver.Prove(Assembler.Assemble(source), input, 1_000_000, workloadId: 5, proverId: 9);
        Assert.Equal(RunStatus.Halted, run.Status);
        return (statement!, proof!);
    }

    public static TheoryData<string> ExampleNames() => [.. Examples.Keys];

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void EveryExampleProgramProvesAndVerifiesAndNoOtherStatementDoes(string name)
    {
        var (statement, proof) = Prove(Source(name), Examples[name]);
        Assert.Null(StarkVerifier.Verify(statement, proof));

        var output = statement.Output;
        var wrongOutput = output.IsEmpty ? [1UL] : output.SetItem(0, Goldilocks.Add(output[0], 1));
        Assert.Equal(OodMismatch, StarkVerifier.Verify(statement with { Output = wrongOutput }, proof));
        Assert.Equal(OodMismatch, StarkVerifier.Verify(statement with { Output = output.Add(0) }, proof));
        if (!output.IsEmpty)
        {
            Assert.Equal(OodMismatch, StarkVerifier.Verify(statement with { Output = output.RemoveAt(output.Length - 1) }, proof));
        }

        Assert.Equal(OodMismatch, StarkVerifier.Verify(statement with { Cycles = statement.Cycles + 1 }, proof));
        Assert.Equal(OodMismatch, StarkVerifier.Verify(statement with { Cycles = statement.Cycles - 1 }, proof));
        Assert.Equal(OodMismatch, StarkVerifier.Verify(statement with { WorkloadId = 6 }, proof));
        Assert.Equal(OodMismatch, StarkVerifier.Verify(statement with { ProverId = 8 }, proof));
        var program = statement.Program;
        var plus = program.IndexOf(VmProgram.Increment);
        var changed = plus >= 0 ? program.SetItem(plus, VmProgram.Decrement) : program.Add(VmProgram.Write);
        Assert.Equal(OodMismatch, StarkVerifier.Verify(statement with { Program = changed }, proof));
        Assert.Equal(OodMismatch, StarkVerifier.Verify(statement with { Input = statement.Input.Add(7) }, proof));
        if (!statement.Input.IsEmpty)
        {
            Assert.Equal(OodMismatch, StarkVerifier.Verify(statement with { Input = statement.Input.SetItem(0, statement.Input[0] + 1) }, proof));
        }
    }

    [Fact]
    public void FlippingAnyByteOfASmallProofIsRejected()
    {
        var (statement, proof) = Prove(",[.-]", 3);
        var rejected = 0;
        for (var i = 0; i < proof.Length; i++)
        {
            var tampered = (byte[])proof.Clone();
            tampered[i] ^= 0x01;
            rejected += StarkVerifier.Verify(statement, tampered) is null ? 0 : 1;
        }

        Assert.Equal(proof.Length, rejected);
    }

    [Fact]
    public void NonCanonicalValuesTrailingBytesAndTruncationAreRejected()
    {
        var (statement, proof) = Prove(",[.-]", 3);
        Assert.Equal("malformed proof: 1 trailing bytes after the proof", StarkVerifier.Verify(statement, [.. proof, 0]));
        Assert.Equal("malformed proof: proof is truncated", StarkVerifier.Verify(statement, proof.AsSpan(0, proof.Length - 1)));

        // The first out-of-domain value starts after the version byte and three roots: v → v + p.
        var offset = 1 + 3 * 32;
        // Its C0 is a random field element; if it is below 2^32 − 1, v + p still fits in a u64.
        var tampered = (byte[])proof.Clone();
        var value = BitConverter.ToUInt64(proof, offset);
        var shifted = value < uint.MaxValue ? value + Goldilocks.P : Goldilocks.P + 5;
        BitConverter.GetBytes(shifted).CopyTo(tampered, offset);
        Assert.Contains("not canonical", StarkVerifier.Verify(statement, tampered));
    }

    [Fact]
    public void OptionsBelowTheVerifiersAreRejected()
    {
        var program = Assembler.Assemble(",[.-]");
        var weak = StarkOptions.Default with { Queries = 10 };
        var (_, statement, proof) = StarkProver.Prove(program, [3], 100, 1, 1, weak);
        Assert.Null(StarkVerifier.Verify(statement!, proof!, weak));
        Assert.Equal(OodMismatch, StarkVerifier.Verify(statement!, proof!));
    }

    [Fact]
    public void SecurityBitsAreTheHandComputedOnes()
    {
        // KERNEL.md §6: bits = min(2·64, q·log2(blowup) + grinding) − 1, grinding counted only when q·log2(blowup) ≥ 80.
        // Defaults q = 30, blowup 8, grinding 8: 30·3 = 90 ≥ 80, so min(128, 90 + 8) − 1 = 97.
        Assert.Equal(97, StarkOptions.Default.SecurityBits);

        // q = 10: 10·3 = 30 < 80, grinding not counted: 30 − 1 = 29.
        Assert.Equal(29, (StarkOptions.Default with { Queries = 10 }).SecurityBits);

        // Either side of the grinding threshold: 26·3 = 78 → 77; 27·3 = 81 → 81 + 8 − 1 = 88;
        // KERNEL.md's alternative, 27 queries with 16 grinding bits: 81 + 16 − 1 = 96.
        Assert.Equal(77, (StarkOptions.Default with { Queries = 26 }).SecurityBits);
        Assert.Equal(88, (StarkOptions.Default with { Queries = 27 }).SecurityBits);
        Assert.Equal(96, (StarkOptions.Default with { Queries = 27, GrindingBits = 16 }).SecurityBits);

        // Blowup 4 halves the bits per query: 30·2 = 60 < 80 → 59. Blowup 16, 40 queries: 160 + 8 = 168, capped at 128 → 127.
        Assert.Equal(59, (StarkOptions.Default with { Blowup = 4 }).SecurityBits);
        Assert.Equal(127, (StarkOptions.Default with { Blowup = 16, Queries = 40 }).SecurityBits);
    }

    [Fact]
    public void BudgetBoundaryExactCyclesProveOneFewerFails()
    {
        var program = Assembler.Assemble(Source("countdown"));
        var cycles = 3 * 10 + 2;
        var (run, statement, proof) = StarkProver.Prove(program, [10], cycles, 1, 1);
        Assert.Equal(RunStatus.Halted, run.Status);
        Assert.Null(StarkVerifier.Verify(statement!, proof!));
        var (short_, noStatement, noProof) = StarkProver.Prove(program, [10], cycles - 1, 1, 1);
        Assert.Equal(RunStatus.OutOfCycles, short_.Status);
        Assert.Null(noStatement);
        Assert.Null(noProof);
    }

    public static TheoryData<string> BadTraces() => ["mv-after-plus", "wrong-jump", "early-halt", "pad-multiplicity"];

    [Theory]
    [MemberData(nameof(BadTraces))]
    public void ABadTraceIsFlaggedByTheProverAndRejectedByTheVerifier(string tamper)
    {
        var program = Assembler.Assemble("++[->+<]>.");
        var (run, main) = TraceBuilder.Build(program, [], 1_000);
        var statement = new Statement(program.Words, [], run.Output, run.Cycles, 0, 1, 1);
        var m = main!;
        switch (tamper)
        {
            case "mv-after-plus":
                m[Columns.Mv][1] = Goldilocks.Add(m[Columns.Mv][1], 1);
                break;
            case "wrong-jump":
                // Row 2 is the first `[` with mv = 2: it must fall through to ip + 2; jump past the loop instead.
                m[Columns.Ip][3] = m[Columns.Ni][2];
                break;
            case "early-halt":
                statement = statement with { Cycles = statement.Cycles - 1, Output = [] };
                break;
            case "pad-multiplicity":
                m[Columns.ProgramCount][^1] = 1;
                break;
        }

        Assert.Throws<ProverException>(() => StarkProver.ProveTrace(statement, m, StarkOptions.Default, selfCheck: true));
        var proof = StarkProver.ProveTrace(statement, m, StarkOptions.Default, selfCheck: false);
        Assert.Contains("constraints at the out-of-domain point", StarkVerifier.Verify(statement, proof));
    }

    [Fact]
    public void ThePublishedMemorySortingAttackIsRejected()
    {
        // BrainSTARK's attack on `+><.-><+`: the memory table lists cell 0's rows out of clock order
        // (0, 1, 7, 8, 9…15, 3, 4, 5) so that the `.` at clk 3 reads 2, the value written at clk 8.
        var program = Assembler.Assemble("+><.-><+");
        var (run, main) = TraceBuilder.Build(program, [], 100);
        Assert.Equal([1UL], run.Output.ToArray());
        var m = main!;
        var height = m[0].Length;
        ulong[] mv = [0, 1, 0, 2, 2, 1, 0, 1, 2];
        for (var row = 0; row < height; row++)
        {
            m[Columns.Mv][row] = mv[Math.Min(row, mv.Length - 1)];
            m[Columns.Inv][row] = m[Columns.Mv][row] == 0 ? 0 : Goldilocks.Inverse(m[Columns.Mv][row]);
        }

        int[] order = [0, 1, 7, 8, .. Enumerable.Range(9, height - 9), 3, 4, 5, 2, 6];
        Array.Clear(m[Columns.ClockJumps]);
        for (var r = 0; r < height; r++)
        {
            var row = order[r];
            m[Columns.MemoryClk][r] = (ulong)row;
            m[Columns.MemoryMp][r] = m[Columns.Mp][row];
            m[Columns.MemoryMv][r] = m[Columns.Mv][row];
            var jump = r == 0 ? -1 : row - order[r - 1];
            if (r > 0 && m[Columns.Mp][row] == m[Columns.Mp][order[r - 1]] && jump is >= 0 && jump < height)
            {
                m[Columns.ClockJumps][jump]++;
            }
        }

        var statement = new Statement(program.Words, [], [2], run.Cycles, 0, 1, 1);
        var violation = Assert.Throws<ProverException>(() => StarkProver.ProveTrace(statement, m, StarkOptions.Default, selfCheck: true));
        Assert.Contains("last-row constraint 2", violation.Message); // the clock-jump sum does not end at 0
        var proof = StarkProver.ProveTrace(statement, m, StarkOptions.Default, selfCheck: false);
        Assert.Equal(OodMismatch, StarkVerifier.Verify(statement, proof));
    }

    [Fact]
    public void ProofsSerializeAndRoundTrip()
    {
        var (_, proof) = Prove(Source("fib"), 10);
        Assert.Equal(proof, StarkProof.FromBytes(proof).ToBytes());
        Assert.InRange(proof.Length, 10_000, 200_000);
    }

    [Fact]
    public void ProofBytesOfFixedRunsAreUnchanged()
    {
        // SHA-256 of proofs recorded when the kernel's code was reorganised: any change to the
        // transcript order, the encodings or the parameters changes these bytes and must be deliberate.
        var (_, small) = Prove(",[.-]", 3);
        var (_, fib) = Prove(Source("fib"), 10);
        Assert.Equal("1b07a3a8ac20e4d35e456e6828cdae81130984d2bb9da169ac8e357af003f470", Convert.ToHexStringLower(SHA256.HashData(small)));
        Assert.Equal("505cb70a428a33fce101e2dce14b177367da11fa7ba2b57adfe033aa59f1637e", Convert.ToHexStringLower(SHA256.HashData(fib)));
    }

    [Fact]
    public void ReusedPooledBuffersNeverChangeAProof()
    {
        // The prover's evaluation columns come from the shared pool: fill the pool with garbage of the
        // sizes a small proof rents, prove other shapes in between, on one thread and on all, and the
        // bytes stay those of the recorded proof.
        const string Small = "1b07a3a8ac20e4d35e456e6828cdae81130984d2bb9da169ac8e357af003f470";
        var program = Assembler.Assemble(",[.-]");
        for (var round = 0; round < 3; round++)
        {
            foreach (var length in new[] { 1 << 13, 1 << 14, 1 << 15 })
            {
                var garbage = System.Buffers.ArrayPool<ulong>.Shared.Rent(length);
                Array.Fill(garbage, ulong.MaxValue - (ulong)round);
                System.Buffers.ArrayPool<ulong>.Shared.Return(garbage);
            }

            var (_, _, oneThread) = StarkProver.Prove(program, [3], 1_000_000, workloadId: 5, proverId: 9, parallelism: 1);
            Assert.Equal(Small, Convert.ToHexStringLower(SHA256.HashData(oneThread!)));
            _ = Prove(Source("fib"), 10 + (ulong)round);
            var (_, allCores) = Prove(",[.-]", 3);
            Assert.Equal(Small, Convert.ToHexStringLower(SHA256.HashData(allCores)));
        }
    }
}
