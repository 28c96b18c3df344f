// The allocation and reward mechanisms the design studio compares on one trace (Scenarios/README.md
// "Mechanisms"): the protocol of DESIGN.md §1 and four alternatives that real prover networks use. Each
// name is the one scenario files and `--mechanisms` write; each rule is the one line the reference and the
// comparison page show.
using System.Collections.Immutable;

namespace ProverSim.Grains.Mechanisms;

public enum Mechanism
{
    VrfTiered,
    VrfSingleFallback,
    ReverseAuction,
    RampAndLock,
    ProportionalLottery,
}

/// <summary>A mechanism's scenario name and its rule in one line.</summary>
public sealed record MechanismInfo(Mechanism Kind, string Name, string Rule);

public static class MechanismCatalog
{
    public static readonly ImmutableArray<MechanismInfo> All =
    [
        new(Mechanism.VrfTiered, "vrf-tiered",
            "the protocol (DESIGN.md §1): k provers drawn by the VRF, declines opened to the market, the reward split over the tiers by finishing order, a fee per completing prover"),
        new(Mechanism.VrfSingleFallback, "vrf-single-fallback",
            "one prover drawn by the VRF (those drawn first in the previous slot excluded) accepts or declines within decision_window; on a decline or a missed deadline a random fallback prover runs it; " +
            "a fallback's success refunds half the fee to the user and ejects the first prover; when both fail the whole fee burns"),
        new(Mechanism.ReverseAuction, "reverse-auction",
            "every eligible prover with a free job slot bids its floor price per megacycle (its cost model); the k lowest bids at or under max_price win and are paid their bid; the reward is split over the tiers by finishing order; " +
            "a winner that misses its deadline loses its collateral"),
        new(Mechanism.RampAndLock, "ramp-and-lock",
            "the offered price per megacycle rises from min_price to max_price over ramp and then holds; the first prover whose floor it meets locks the job with collateral; " +
            "after lock_timeout the collateral is slashed, half burned and half to whoever then fulfils, and anyone may fulfil at the price then"),
        new(Mechanism.ProportionalLottery, "proportional-lottery",
            "allocation, market and fees as vrf-tiered; the network reward of each completed workload goes to its epoch's pot, split at the end in proportion to the cycles of the counted proofs"),
    ];

    public static readonly ImmutableArray<string> Names = [.. All.Select(m => m.Name)];

    public static string Name(Mechanism mechanism) => All.Single(m => m.Kind == mechanism).Name;

    /// <summary>The mechanism a scenario name denotes, or null.</summary>
    public static Mechanism? Parse(string name) => All.FirstOrDefault(m => m.Name == name)?.Kind;
}
