// Phases 2–5 of a slot: arrivals escrow and allocate, offers go to the allocated provers, provers
// decide and run (posting capsules), and declined slots go to the open market.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Workloads;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Simulation;

public sealed partial class SimulationGrain
{
    private async Task<List<(WorkloadSpec Spec, WorkloadAllocation Allocation)>> ArrivalsAsync(SlotTick tick, EpochInfo epoch)
    {
        var specs = new List<WorkloadSpec>();
        foreach (var arrival in DemandGenerator.ArrivalsIn(tick.Slot, Config))
        {
            var program = Config.Demand.Programs[arrival.ProgramIndex];
            var escrow = Rewards.Escrow(program.PaidCycles, P.K, P.FeePerMegacycle);
            specs.Add(new WorkloadSpec(
                S.NextWorkloadId++, arrival.UserId, tick.Slot, arrival.ArrivalMicros, program.Name, program.Words, program.Input,
                program.PaidCycles, program.InputBytes, program.Requirement, escrow, UserKey(arrival.UserId).Public));
        }

        await LedgerGrain.ApplyAsync(
            $"{tick.Slot}/escrow",
            [.. specs.Select(s => new LedgerEntry(AccountId.User(s.UserId), AccountId.Escrow(s.WorkloadId), s.Escrow, EntryKind.Escrow))]);
        var allocations = await Task.WhenAll(specs.Select(s => Workload(s.WorkloadId).AllocateAsync(s, epoch, Setup.BeaconSecret)));
        tick.Arrivals = specs.Count;
        return [.. specs.Zip(allocations)];
    }

    private static IEnumerable<(long ProverId, JobOffer Offer)> AllocatedOffers(List<(WorkloadSpec Spec, WorkloadAllocation Allocation)> arrived) =>
        arrived.SelectMany(a => a.Allocation.Provers.Select((prover, rank) => (prover, OfferFor(a.Spec, JobKind.Allocated, rank))));

    private static JobOffer OfferFor(WorkloadSpec spec, JobKind kind, int rank) =>
        new(kind, spec.WorkloadId, rank, spec.ArrivalMicros, spec.Program, spec.Input, spec.PaidCycles, spec.InputBytes, spec.UserPublicKey);

    // Phases 3 and 4: every prover with offers keeps them (one barrier), then decides (another).
    private async Task<List<JobReport>> OffersAndDecisionsAsync(SlotTick tick, List<(long ProverId, JobOffer Offer)> offers)
    {
        var byProver = offers.GroupBy(o => o.ProverId).OrderBy(g => g.Key).ToList();
        await Task.WhenAll(byProver.Select(g => Prover(g.Key).OfferAsync(tick.Slot, [.. g.Select(o => o.Offer)])));
        var replies = await Task.WhenAll(byProver.Select(g => Prover(g.Key).DecideAsync(tick.Slot)));
        var reports = Canonical(replies);
        RecordChallengeAnswers(tick, reports);
        tick.Offers = reports.Count(r => r.Kind == JobKind.Allocated);
        tick.Declines = reports.Count(r => r.Kind == JobKind.Allocated && r.Outcome == JobOutcome.Declined);
        Account(tick, reports);
        return reports;
    }

    // Phase 5: each declined slot is offered to up to market_candidates market-taking members drawn by
    // the workload's VRF output (excluding provers already on the workload). Who takes the slot — the
    // earliest *valid* proof — is known only once the validators have checked the capsules (phase 7).
    private async Task<List<(JobReport Report, int VrfOrder)>> MarketAsync(
        SlotTick tick, EpochInfo epoch, List<(WorkloadSpec Spec, WorkloadAllocation Allocation)> arrived, List<JobReport> decided)
    {
        var declined = decided.Where(r => r.Kind == JobKind.Allocated && r.Outcome == JobOutcome.Declined).ToLookup(r => r.JobId);
        var drawn = await Task.WhenAll(arrived.Where(a => declined.Contains(a.Spec.WorkloadId)).Select(async a =>
        {
            var taken = a.Allocation.Provers.ToList();
            var slots = new List<(int Rank, ImmutableArray<long> Candidates)>();
            foreach (var rank in declined[a.Spec.WorkloadId].Select(r => r.Rank).Order())
            {
                var candidates = await ActiveSet.DrawMarketAsync(epoch.Epoch, a.Spec.Requirement, a.Allocation.Beta, rank, [.. taken]);
                taken.AddRange(candidates);
                slots.Add((rank, candidates));
            }

            return (a.Spec, Slots: slots);
        }));

        var offers = drawn.SelectMany(d => d.Slots.SelectMany(s => s.Candidates.Select(c => (ProverId: c, Offer: OfferFor(d.Spec, JobKind.Market, s.Rank)))));
        var byProver = offers.GroupBy(o => o.ProverId).OrderBy(g => g.Key).ToList();
        var replies = await Task.WhenAll(byProver.Select(g => Prover(g.Key).MarketAsync(tick.Slot, [.. g.Select(o => o.Offer)])));
        var reports = Canonical(replies);
        Account(tick, reports);

        // Each contender's VRF order within its slot settles ties.
        var order = drawn.SelectMany(d => d.Slots.SelectMany(s => s.Candidates.Select((c, i) => (Key: (d.Spec.WorkloadId, s.Rank, c), Order: i))))
            .ToDictionary(x => x.Key, x => x.Order);
        return [.. reports.Where(r => r.Outcome != JobOutcome.Declined).Select(r => (r, order[(r.JobId, r.Rank, r.ProverId)]))];
    }

    private static List<JobReport> Canonical(IEnumerable<ImmutableArray<JobReport>> replies) =>
        [.. replies.SelectMany(r => r).OrderBy(r => r.Kind).ThenBy(r => r.JobId).ThenBy(r => r.Rank).ThenBy(r => r.ProverId)];

    private static void Account(SlotTick tick, List<JobReport> reports)
    {
        tick.ProvingWallMicros += reports.Sum(r => r.WallMicros);
        tick.VmCycles += reports.Sum(r => r.Cycles);
    }
}
