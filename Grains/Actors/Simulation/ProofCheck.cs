// The validators' check of a job's result (DESIGN.md §1 "Copy protection": "validators then decrypt,
// verify the proof, and only then is anything paid"): the STARK proof must verify for this program and
// input, the claimed output and cycles, the job's statement id and the claiming prover.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Proving.Air;
using ProverSim.Grains.Proving.Stark;

namespace ProverSim.Grains.Actors.Simulation;

public static class ProofCheck
{
    public static bool IsValid(JobReport report, ImmutableArray<ulong> program, ImmutableArray<ulong> input) =>
        report is { Outcome: JobOutcome.Halted, Proof: { } proof }
        && StarkVerifier.Verify(
            new Statement(program, input, report.Output, report.Cycles, report.InputsRead, StatementIds.For(report.Kind, report.JobId), report.ProverId),
            proof) is null;

    /// <summary>Checks many reports in parallel; the answers come back in the reports' order.</summary>
    public static bool[] Check(IReadOnlyList<(JobReport Report, ImmutableArray<ulong> Program, ImmutableArray<ulong> Input)> jobs)
    {
        var valid = new bool[jobs.Count];
        Parallel.For(0, jobs.Count, i => valid[i] = IsValid(jobs[i].Report, jobs[i].Program, jobs[i].Input));
        return valid;
    }
}
