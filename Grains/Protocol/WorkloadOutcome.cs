// How a workload ended (DESIGN.md §1 "Cycles and outcomes"): completed when at least one proof counts;
// failed when a prover ran it and the program does not halt within the paid cycles (fees burned, no
// reward); unserved when nobody delivered a valid proof of a program that does halt (escrow refunded);
// rejected on arrival when its user cannot pay the escrow (the run goes on).
namespace ProverSim.Grains.Protocol;

public enum WorkloadOutcome
{
    Pending,
    /// <summary>The program halted within the paid cycles; proofs were paid.</summary>
    Completed,
    /// <summary>The paid cycles ran out (or the program faulted): fees burned, no reward.</summary>
    Failed,
    /// <summary>No eligible prover, or every slot declined and none was taken: escrow refunded.</summary>
    Unserved,
    /// <summary>Refused on arrival: its user could not pay the escrow; nothing moved and nobody was allocated.</summary>
    Rejected,
}

public static class WorkloadOutcomes
{
    /// <summary>
    /// The outcome from the validators' view: any counted proof completes it; otherwise, if a prover ran
    /// it, whether the program halts within its paid cycles (asked only then: it means running it)
    /// decides between unserved and failed.
    /// </summary>
    public static WorkloadOutcome Classify(bool anyCountedProof, bool anyProverRan, Func<bool> haltsWithinPaidCycles)
    {
        if (anyCountedProof)
        {
            return WorkloadOutcome.Completed;
        }

        return anyProverRan && !haltsWithinPaidCycles() ? WorkloadOutcome.Failed : WorkloadOutcome.Unserved;
    }
}
