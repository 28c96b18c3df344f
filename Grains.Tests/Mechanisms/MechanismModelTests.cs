// The mechanism model: every mechanism consumes the identical trace, and on small networks worked by hand
// each mechanism does what its rule says — the cheapest bid wins and is paid its bid; a ramp locks when
// the price meets the cheapest floor; a fallback's rescue refunds half the fee and ejects the first prover;
// the lottery splits each epoch's pot by cycles; an underbidding liar loses its collateral on every win.
// Money is conserved under every mechanism with every behaviour present.
using ProverSim.Grains.Mechanisms;
using ProverSim.Grains.Protocol;
using ProverSim.Grains.Proving.Vm;
using ProverSim.Grains.Tests.Scenarios;
using ProverSim.Scenarios.Files;

namespace ProverSim.Grains.Tests.Mechanisms;

public sealed class MechanismModelTests : IDisposable
{
    private readonly ScenarioFiles _files = new();

    // countdown.bf with input [200] runs 3 × 200 + 2 = 602 cycles, within its 1,000 paid cycles.
    // Members join at slot 0 and are in the snapshot from the second epoch (slot 10), when demand starts.
    private static string Network(string groups, string k = "k: 1, tiers: [1]", string protocol = "join_challenges: 0, pow_rate: 0, jitter: 0", string rules = "", long slots = 40) => $$"""
        name: mechanisms
        seed: 11
        slots: {{slots}}
        protocol: { {{protocol}}, {{k}}, reward: 1000, fee_per_megacycle: 100000, epoch_slots: 10 }
        {{rules}}
        groups:
        {{groups}}
        demand:
          rate: 1
          start_slot: 10
          programs:
            - { name: countdown, file: ../programs/countdown.bf, input: [200], paid_cycles: 1000 }
        """;

    private (MarketTrace Trace, ScenarioDefinition Scenario) Trace(string yaml, int replication = 0)
    {
        var scenario = ScenarioParser.Load(_files.Write($"m{Guid.NewGuid():N}.yaml", yaml));
        return (scenario.Trace("t", replication), scenario);
    }

    private static long Cycles(MarketTrace trace) => trace.Programs[0].Cycles;

    [Fact]
    public void EveryMechanismConsumesTheIdenticalTraceAndAnotherReplicationIsAnotherTrace()
    {
        var yaml = Network("""
              - { name: a, count: 4, hardware: { speed: 2000 }, job_slots: 2, offline_rate: 0 }
              - { name: b, count: 3, hardware: { speed: 1000 }, behaviour: capacity-limited }
            """);
        var (trace, scenario) = Trace(yaml);
        var digests = MechanismCatalog.All.Select(m => MechanismModel.Run(trace, m.Kind, scenario.MechanismParameters).TraceSha256).ToList();
        Assert.Single(digests.Distinct());

        var (other, _) = Trace(yaml, replication: 1);
        Assert.NotEqual(digests[0], MechanismModel.Run(other, Mechanism.VrfTiered, scenario.MechanismParameters).TraceSha256);

        // The trace numbers and times the arrivals as the demand generator does for the engine: ids in order, within their slots.
        Assert.Equal(Enumerable.Range(0, trace.Workloads.Length).Select(i => (long)i), trace.Workloads.Select(w => w.WorkloadId));
        Assert.All(trace.Workloads, w => Assert.Equal(w.Slot, w.ArrivalMicros / 1_000_000));
        Assert.Equal(trace.Workloads.Length, trace.Workloads.Select(w => Convert.ToHexString(w.Beta)).Distinct().Count());
    }

    [Fact]
    public void TheCheapestBidderWinsEachAuctionAndIsPaidItsBid()
    {
        // Floors: 10 × 10⁶ ÷ 2000 ÷ 0.5 × 1.2 = 12,000 for cheap; 10 × 10⁶ ÷ 1000 ÷ 0.5 × 1.2 = 24,000 for dear.
        var (trace, scenario) = Trace(Network("""
              - { name: cheap, count: 1, hardware: { speed: 2000 }, job_slots: 64, offline_rate: 0 }
              - { name: dear, count: 3, hardware: { speed: 1000 }, job_slots: 4, offline_rate: 0 }
            """));
        var run = MechanismModel.Run(trace, Mechanism.ReverseAuction, scenario.MechanismParameters);
        var fee = Cycles(trace) * 12_000 / 1_000_000;
        Assert.NotEmpty(run.Workloads);
        Assert.All(run.Workloads, w => Assert.Equal(ModelOutcome.Completed, w.Outcome));
        Assert.All(run.Workloads, w => Assert.Equal(fee, w.UserPaid));
        Assert.Equal(run.Workloads.Length, run.Provers[0].Proofs);
        Assert.Equal(run.Workloads.Length * 1000L, run.Provers[0].Rewards);
        Assert.All(run.Provers.Skip(1), p => Assert.Equal(0, p.Gross));
    }

    [Fact]
    public void ARampLocksWhenThePriceMeetsTheCheapestFloorAndPaysThatPrice()
    {
        // The price rises from 0 to 48,000 over 2 s: it meets the floor 24,000 after exactly 1 s.
        var (trace, scenario) = Trace(Network(
            "  - { name: only, count: 2, hardware: { speed: 1000, bandwidth_mbps: 1000 }, job_slots: 8, offline_rate: 0 }",
            rules: "mechanism_parameters: { min_price: 0, max_price: 48000, ramp: 2, lock_timeout: 5 }"));
        var run = MechanismModel.Run(trace, Mechanism.RampAndLock, scenario.MechanismParameters);
        var duration = (long)Math.Ceiling(Cycles(trace) * 1_000_000 / 1000.0);
        Assert.All(run.Workloads, w =>
        {
            Assert.Equal(ModelOutcome.Completed, w.Outcome);
            Assert.Equal(1_000_000 + duration, w.FirstProofMicros);
            Assert.Equal(Cycles(trace) * 24_000 / 1_000_000, w.UserPaid);
        });
    }

    [Fact]
    public void AFallbacksRescueRefundsHalfTheFeeAndEjectsTheFirstProver()
    {
        // A copier accepts and delivers nothing: the first time it is drawn first (the honest prover, drawn in
        // the slot before, is excluded), the honest prover runs the job from the copier's deadline — 0.2 s
        // window + 1,000 paid cycles at 1,000/s + 1 s slack — and finishes 602 cycles later; the user pays
        // half the fee and the copier is ejected. Until the next snapshot the ejected copier may still be
        // drawn: it answers nothing, and the fallback starts when the window closes (before its ejection —
        // from the slot after the one the rescued workload settles in, once the copier's repost of the rescue
        // 1 ms later has ended it — it still accepts and is waited for).
        var (trace, scenario) = Trace(Network("""
              - { name: honest, count: 1, hardware: { speed: 1000 }, job_slots: 64, offline_rate: 0 }
              - { name: copiers, count: 1, hardware: { speed: 1000 }, behaviour: copier, offline_rate: 0 }
            """));
        var run = MechanismModel.Run(trace, Mechanism.VrfSingleFallback, scenario.MechanismParameters);
        var fee = Cycles(trace) * 100_000 / 1_000_000;
        var rescued = run.Workloads.Where(w => w.UserPaid == fee - (fee / 2)).ToList();
        Assert.NotEmpty(rescued);
        Assert.Equal(2_200_000 + 602_000, rescued[0].FirstProofMicros);
        long Arrival(ModelWorkload w) => trace.Workloads.Single(t => t.WorkloadId == w.WorkloadId).ArrivalMicros;
        var ejectedAt = ((Arrival(rescued[0]) + 2_802_000 + 1_000) / 1_000_000 + 1) * 1_000_000;
        Assert.All(rescued.Skip(1), w => Assert.Equal(Arrival(w) < ejectedAt ? 2_802_000 : 200_000 + 602_000, w.FirstProofMicros));
        var ejectedIn = trace.Workloads.Single(w => w.WorkloadId == rescued[0].WorkloadId).Slot / 10;
        Assert.All(rescued, w => Assert.Equal(ejectedIn, trace.Workloads.Single(t => t.WorkloadId == w.WorkloadId).Slot / 10));
        Assert.All(run.Workloads.Except(rescued), w => Assert.Equal((fee, 602_000L), (w.UserPaid, w.FirstProofMicros!.Value)));
        Assert.All(run.Workloads, w => Assert.Equal(ModelOutcome.Completed, w.Outcome));
        Assert.True(run.Provers[1].Ejected);
        Assert.Equal(0, run.Provers[1].Gross);
        Assert.Equal(run.Workloads.Length, run.Provers[0].Proofs);
    }

    [Fact]
    public void ALockThatTimesOutIsSlashedHalfBurnedHalfToWhoeverThenFulfils()
    {
        // The copier's floor (0.01 × 10⁶ ÷ 1,000 ÷ 0.5 × 1.2 = 24 per megacycle) is met 24/48,000 of the
        // 1 s ramp in, at 500 µs, and it locks; it delivers nothing. After the 2 s lock timeout the price is
        // at its top: the honest prover, drawn to fulfil, runs the 602 cycles at 1,000/s and is paid that
        // price, the reward and half the collateral (the copier's stake covers every forfeit).
        var (trace, scenario) = Trace(Network("""
              - { name: copiers, count: 1, hardware: { speed: 1000 }, behaviour: copier, offline_rate: 0, cost: { hardware: 0.01 }, stake: 1000000 }
              - { name: honest, count: 1, hardware: { speed: 1000 }, job_slots: 64, offline_rate: 0 }
            """, rules: "mechanism_parameters: { min_price: 0, max_price: 48000, ramp: 1, lock_timeout: 2, collateral: 300 }"));
        var run = MechanismModel.Run(trace, Mechanism.RampAndLock, scenario.MechanismParameters);
        var n = run.Workloads.Length;
        Assert.True(n > 0);
        Assert.All(run.Workloads, w => Assert.Equal((ModelOutcome.Completed, 500L + 2_000_000 + 602_000), (w.Outcome, w.FirstProofMicros!.Value)));
        Assert.All(run.Workloads, w => Assert.Equal(Cycles(trace) * 48_000 / 1_000_000, w.UserPaid));
        var (copier, honest) = (run.Provers[0], run.Provers[1]);
        Assert.Equal((300L * n, 0L), (copier.CollateralLost, copier.Gross));
        Assert.Equal((150L * n, 1000L * n, n), (honest.CollateralWon, honest.Rewards, honest.Proofs));
        Assert.Equal(150L * n, run.Burned);
    }

    [Fact]
    public void WhenTheFirstProverAndTheFallbackBothFailTheWholeFeeBurns()
    {
        var (trace, scenario) = Trace(Network(
            "  - { name: copiers, count: 2, hardware: { speed: 1000 }, behaviour: copier, offline_rate: 0 }"));
        var run = MechanismModel.Run(trace, Mechanism.VrfSingleFallback, scenario.MechanismParameters);
        var escrow = 1000 * 100_000 / 1_000_000; // the fee for the paid cycles, k = 1
        Assert.NotEmpty(run.Workloads);
        Assert.All(run.Workloads, w => Assert.Equal((ModelOutcome.Missed, escrow, 0L), (w.Outcome, w.UserPaid, w.Minted)));
        Assert.Equal(escrow * run.Workloads.Length, run.Burned);
        Assert.All(run.Provers, p => Assert.Equal(0, p.Gross));
    }

    // The leaver goes at slot 12, inside the epoch that starts at slot 10: from then on it is not drawn (as
    // the engine's active set drops it at once). The honest prover takes no market work, so a draw of the
    // leaver after it left would go unserved.
    [Fact]
    public void AMemberThatLeftIsNoLongerDrawn()
    {
        var (trace, scenario) = Trace(Network("""
              - { name: leaver, count: 1, hardware: { speed: 1000 }, job_slots: 64, offline_rate: 0, leave_slot: 12 }
              - { name: honest, count: 1, hardware: { speed: 1000 }, job_slots: 64, offline_rate: 0, takes_market: false }
            """));
        var run = MechanismModel.Run(trace, Mechanism.VrfTiered, scenario.MechanismParameters);
        var after = trace.Workloads.Where(w => w.Slot >= 12).Select(w => w.WorkloadId).ToHashSet();
        Assert.NotEmpty(after);
        Assert.All(run.Workloads.Where(w => after.Contains(w.WorkloadId)), w => Assert.Equal(ModelOutcome.Completed, w.Outcome));
        Assert.InRange(run.Provers[0].Proofs, 1, run.Workloads.Length - after.Count);
        Assert.Equal(12_000_000, run.Provers[0].MemberMicros);
    }

    [Fact]
    public void AStakeBelowMinStakeNeverJoins()
    {
        var (trace, scenario) = Trace(Network("""
              - { name: poor, count: 2, hardware: { speed: 4000 }, stake: 10, offline_rate: 0 }
              - { name: honest, count: 1, hardware: { speed: 1000 }, job_slots: 64, offline_rate: 0 }
            """));
        foreach (var mechanism in MechanismCatalog.All.Select(m => m.Kind))
        {
            var run = MechanismModel.Run(trace, mechanism, scenario.MechanismParameters);
            Assert.All(run.Provers.Take(2), p => Assert.Equal((0L, 0L, 0L), (p.MemberMicros, p.Gross, p.Slashed)));
        }
    }

    // Nobody can take a workload: the only member is always offline (and there is no other to fall back
    // on), and in the first epoch the snapshot is empty. Nothing is delivered, nothing paid: the escrow
    // returns, the halting program's workload is missed and the runaway's too (nobody ran it).
    [Fact]
    public void AWorkloadNobodyTookIsMissedAndCostsItsUserNothing()
    {
        var yaml = Network("  - { name: away, count: 1, hardware: { speed: 1000 }, behaviour: flaky, offline_rate: 1, offline_slots: 1 }")
            .Replace("start_slot: 10", "start_slot: 0")
            .Replace("paid_cycles: 1000 }", "paid_cycles: 1000 }\n    - { name: runaway, file: ../programs/forever.bf, paid_cycles: 500 }");
        var (trace, scenario) = Trace(yaml);
        Assert.Contains(trace.Workloads, w => w.ProgramIndex == 1);
        foreach (var mechanism in MechanismCatalog.All.Select(m => m.Kind))
        {
            var run = MechanismModel.Run(trace, mechanism, scenario.MechanismParameters);
            Assert.All(run.Workloads, w => Assert.Equal((ModelOutcome.Missed, 0L, 0L), (w.Outcome, w.UserPaid, w.Minted)));
            Assert.Equal(0, run.Burned);
        }
    }

    [Fact]
    public void TheLotterySplitsEachEpochsPotInProportionToTheCycles()
    {
        var (trace, scenario) = Trace(Network(
            "  - { name: all, count: 5, hardware: { speed: 1000 }, job_slots: 4, offline_rate: 0 }",
            k: "k: 2, tiers: [0.7, 0.3]"));
        var lottery = MechanismModel.Run(trace, Mechanism.ProportionalLottery, scenario.MechanismParameters);
        var tiered = MechanismModel.Run(trace, Mechanism.VrfTiered, scenario.MechanismParameters);

        // The same jobs, the same fees; only the reward's split differs, and the whole reward is paid.
        Assert.Equal(tiered.Provers.Select(p => p.Proofs), lottery.Provers.Select(p => p.Proofs));
        Assert.Equal(tiered.Provers.Select(p => p.Fees), lottery.Provers.Select(p => p.Fees));
        Assert.Equal(lottery.Workloads.Sum(w => w.Minted), lottery.Provers.Sum(p => p.Rewards));

        // Every proof has the same cycles, so each prover's reward is the pot's share of its proofs, to rounding
        // (one unit per epoch, and the epochs' remainders to their top provers).
        var epochs = (int)Math.Ceiling(trace.Config.Slots / 10.0);
        var pot = lottery.Provers.Sum(p => p.Rewards);
        var proofs = lottery.Provers.Sum(p => p.Proofs);
        Assert.All(lottery.Provers, p => Assert.InRange(p.Rewards, (pot * p.Proofs / proofs) - (2 * epochs * 5), (pot * p.Proofs / proofs) + (2 * epochs * 5)));
        Assert.NotEqual(tiered.Provers.Select(p => p.Rewards), lottery.Provers.Select(p => p.Rewards));
    }

    [Fact]
    public void AnUnderbiddingHardwareLiarWinsAuctionsAndLosesItsCollateralOnEach()
    {
        // The liar declares 5,000 cycles/s and has 500: its deadline (1,000 paid cycles at the declared speed,
        // no slack) is 200 ms, its job takes 1.204 s. Its hardware costs almost nothing, so it bids lowest; its
        // stake covers every forfeit.
        var (trace, scenario) = Trace(Network("""
              - { name: liar, count: 1, hardware: { speed: 5000 }, actual: { speed: 500 }, behaviour: hardware-liar, job_slots: 64, offline_rate: 0, cost: { hardware: 0.01 }, stake: 1000000 }
              - { name: honest, count: 2, hardware: { speed: 1000 }, job_slots: 4, offline_rate: 0 }
            """, k: "k: 2, tiers: [0.6, 0.4]", rules: "mechanism_parameters: { deadline_slack: 0, collateral: 250 }"));
        var run = MechanismModel.Run(trace, Mechanism.ReverseAuction, scenario.MechanismParameters);
        var liar = run.Provers[0];
        Assert.Equal(0, liar.Proofs);
        Assert.Equal(250L * run.Workloads.Length, liar.CollateralLost);
        Assert.Equal(-250L * run.Workloads.Length, liar.Net);
        Assert.All(run.Workloads, w => Assert.Equal(1, w.ProofsPaid));
    }

    [Fact]
    public void MoneyIsConservedUnderEveryMechanismWithEveryBehaviour()
    {
        var (trace, scenario) = Trace(Network("""
              - { name: honest, count: 4, hardware: { speed: 2000 }, job_slots: 2 }
              - { name: busy, count: 3, hardware: { speed: 1000 }, behaviour: capacity-limited }
              - { name: liars, count: 2, hardware: { speed: 4000 }, actual: { speed: 400 }, behaviour: hardware-liar, cost: { hardware: 1 } }
              - { name: flaky, count: 2, hardware: { speed: 2000 }, behaviour: flaky, offline_rate: 0.3 }
              - { name: hunters, count: 2, hardware: { speed: 3000 }, behaviour: market-hunter }
              - { name: copiers, count: 2, hardware: { speed: 2000 }, behaviour: copier, cost: { hardware: 0.5 } }
            """, k: "k: 3, tiers: [0.6, 0.25, 0.15]", protocol: "join_challenges: 1, pow_rate: 0.05, pow_slash: 0.1, jitter: 0.1", rules: "mechanism_parameters: { lock_timeout: 0.5 }", slots: 60));
        foreach (var mechanism in MechanismCatalog.All.Select(m => m.Kind))
        {
            // The model checks that money is conserved and throws when it is not.
            var run = MechanismModel.Run(trace, mechanism, scenario.MechanismParameters);
            Assert.NotEmpty(run.Workloads);

            // The liars are caught by their join challenge (5 000 declared, 400 real) under every mechanism, and pay pow_slash of their stake.
            Assert.All(run.Provers.Where(p => trace.Prover(p.ProverId).Group == "liars"), p => Assert.Equal((0, 100L), (p.MemberMicros, p.Slashed)));
        }
    }

    public void Dispose() => _files.Dispose();
}
