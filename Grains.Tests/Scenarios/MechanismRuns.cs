// What the engine-run tests of the alternative mechanisms share: reading whole numbers from result rows,
// and the model's replay of the same trace set against the engine's workloads row by row.
using System.Globalization;
using ProverSim.Grains.Mechanisms;

namespace ProverSim.Grains.Tests.Scenarios;

internal static class MechanismRuns
{
    public static long L(string value) => long.Parse(value, CultureInfo.InvariantCulture);

    /// <summary>Each workload's id, outcome, what its user paid (fees and burns) and its first proof's time, engine and model alike.</summary>
    public static void ModelAgreesOnEveryWorkload(List<Dictionary<string, string>> workloads, ModelRun model)
    {
        Assert.Equal(workloads.Count, model.Workloads.Length);
        foreach (var (w, m) in workloads.Zip(model.Workloads))
        {
            var paid = w["fees"].Split(';', StringSplitOptions.RemoveEmptyEntries).Sum(f => L(f.Split(':')[1])) + L(w["burned"]);
            var outcome = w["outcome"] switch { "completed" => ModelOutcome.Completed, "failed" => ModelOutcome.Failed, _ => ModelOutcome.Missed };
            long? firstProof = w["first_proof_us"] == "" ? null : L(w["first_proof_us"]) - L(w["arrival_us"]);
            Assert.Equal((L(w["workload_id"]), outcome, paid, firstProof), (m.WorkloadId, m.Outcome, m.UserPaid, m.FirstProofMicros));
        }
    }
}
