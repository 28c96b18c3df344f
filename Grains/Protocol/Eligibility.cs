// Who may be drawn for a workload (DESIGN.md §1 "Allocation"): members of the epoch snapshot whose
// declared hardware meets the workload's requirement, sorted by id. Shared by the ActiveSet grain and
// by `provsim verify`, which recomputes every allocation from the results files alone.
namespace ProverSim.Grains.Protocol;

public static class Eligibility
{
    public static List<Candidate> Filter(
        IEnumerable<(long ProverId, long Stake, HardwareProfile Declared, bool TakesMarket)> snapshot,
        HardwareRequirement requirement,
        bool takersOnly,
        IReadOnlyCollection<long> exclude) =>
        [.. snapshot
            .Where(m => requirement.IsMetBy(m.Declared) && (!takersOnly || m.TakesMarket) && !exclude.Contains(m.ProverId))
            .OrderBy(m => m.ProverId)
            .Select(m => new Candidate(m.ProverId, m.Stake))];
}
