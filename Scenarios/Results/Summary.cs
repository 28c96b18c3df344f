// summary.json: the run's totals by outcome and by prover group, the money flows, the protocol
// parameters (keys and units as in a scenario file) and what an auditor needs to check allocations
// (beacon key, VRF suite, alpha format).
using System.Text.Json.Nodes;
using ProverSim.Grains.Mechanisms;
using ProverSim.Grains.Protocol;
using ProverSim.Scenarios.Running;

namespace ProverSim.Scenarios.Results;

public sealed record GroupTotals(string Group, int Provers, long TierRewards, long Fees, long PowRewards, long Slashed)
{
    public long Total => TierRewards + Fees + PowRewards;
}

public static class Summary
{
    public static IReadOnlyList<GroupTotals> ByGroup(RunOutcome run)
    {
        var ledger = LedgerIndex.From(run.Ledger);
        return [.. run.Config.Provers.GroupBy(p => p.Group).OrderBy(g => run.Scenario.Groups.ToList().FindIndex(x => x.Name == g.Key)).Select(g => new GroupTotals(
            g.Key,
            g.Count(),
            g.Sum(p => ledger.Credit(AccountId.Prover(p.ProverId), EntryKind.TierReward)),
            g.Sum(p => ledger.Credit(AccountId.Prover(p.ProverId), EntryKind.Fee)),
            g.Sum(p => ledger.Credit(AccountId.Prover(p.ProverId), EntryKind.PowReward)),
            g.Sum(p => ledger.Debit(AccountId.StakeOf(p.ProverId), EntryKind.Slash) + ledger.Debit(AccountId.StakeOf(p.ProverId), EntryKind.CollateralAward))))];
    }

    // Copy protection at a glance: what was posted, what the validators rejected and why, and what the
    // copiers (if any) took home from workloads — zero when the protection holds.
    private static JsonObject CopyProtection(RunOutcome run)
    {
        var rejected = new JsonObject();
        foreach (var (verdict, count) in run.Totals.Rejected.OrderBy(r => r.Key))
        {
            rejected[ResultsWriter.Kebab(verdict)] = count;
        }

        return new JsonObject
        {
            ["posted"] = run.Totals.CapsulesPosted,
            ["valid"] = run.Totals.ValidCapsules,
            ["rejected"] = rejected,
            ["copiers"] = run.Provers.Count(p => p.Setup.Copies),
            ["copies_posted"] = run.Provers.Sum(p => p.CopiesPosted),
            ["copier_workload_earnings"] = run.Totals.CopierWorkloadEarnings,
        };
    }

    public static JsonObject Build(RunOutcome run)
    {
        var p = run.Config.Parameters;
        var ledger = run.Ledger;
        var totals = run.Totals;
        var held = ledger.Held;
        var groups = new JsonArray();
        foreach (var g in ByGroup(run))
        {
            groups.Add(new JsonObject
            {
                ["group"] = g.Group,
                ["provers"] = g.Provers,
                ["tier_rewards"] = g.TierRewards,
                ["fees"] = g.Fees,
                ["pow_rewards"] = g.PowRewards,
                ["slashed"] = g.Slashed,
                ["total_earned"] = g.Total,
                ["mean_earned_per_prover"] = g.Provers == 0 ? 0 : Math.Round(g.Total / (double)g.Provers, 6),
            });
        }

        return new JsonObject
        {
            ["scenario"] = run.Scenario.Name,
            ["seed"] = run.Scenario.Seed,
            ["replication"] = run.Config.Replication,
            ["slots"] = run.Scenario.Slots,
            ["slots_run"] = totals.SlotsRun,
            ["provers"] = run.Config.Provers.Length,
            ["mechanism"] = MechanismCatalog.Name(run.Config.Mechanism),
            ["mechanism_parameters"] = MechanismParameters(run),
            ["beacon_public_key"] = Convert.ToHexStringLower(run.Info.BeaconPublicKey),
            ["vrf_suite"] = ResultsWriter.VrfSuite,
            ["alpha_format"] = Beacon.AlphaFormat,
            ["allocation"] = new JsonObject
            {
                ["k"] = p.K,
                ["weight"] = p.AllocationWeight.ToString().ToLowerInvariant(),
                ["method"] = "eligible = epoch snapshot members (active_set.csv) whose declared hardware meets the workload's req_* columns, sorted by id; " +
                    "draws from SHA-256(\"provsim/allocation/v1\" ‖ 0x00 ‖ vrf_beta ‖ counter u64 BE), 8 bytes per draw, rejection-sampled; " +
                    "uniform = partial Fisher–Yates, stake = successive stake-weighted draws without replacement",
            },
            ["workloads"] = new JsonObject
            {
                ["total"] = totals.Workloads,
                ["completed"] = totals.Count(WorkloadOutcome.Completed),
                ["failed"] = totals.Count(WorkloadOutcome.Failed),
                ["unserved"] = totals.Count(WorkloadOutcome.Unserved),
                ["rejected"] = totals.Count(WorkloadOutcome.Rejected),
                ["declines"] = totals.Declines,
                ["market_fills"] = totals.MarketFills,
            },
            ["proofs"] = new JsonObject
            {
                ["verified"] = totals.ProofsVerified,
                ["bytes"] = totals.ProofBytes,
            },
            ["capsules"] = CopyProtection(run),
            ["challenges"] = new JsonObject
            {
                ["issued"] = totals.ChallengesIssued,
                ["passed"] = totals.ChallengesPassed,
                ["missed"] = totals.ChallengesMissed,
            },
            ["money"] = new JsonObject
            {
                ["minted"] = ledger.Minted,
                ["burned"] = ledger.Burned,
                ["held"] = held,
                ["conserved"] = ledger.Minted == held + ledger.Burned,
                ["tier_rewards"] = ledger.CreditTotal(EntryKind.TierReward),
                ["fees_paid"] = ledger.CreditTotal(EntryKind.Fee),
                ["pow_rewards"] = ledger.CreditTotal(EntryKind.PowReward),
                ["refunds"] = ledger.CreditTotal(EntryKind.Refund),
                ["pot_deposits"] = ledger.CreditTotal(EntryKind.PotDeposit),
                ["fees_burned"] = ledger.DebitTotal(EntryKind.FeeBurn),
                ["slashed"] = ledger.DebitTotal(EntryKind.Slash),
                ["collateral_awarded"] = ledger.CreditTotal(EntryKind.CollateralAward),
            },
            ["groups"] = groups,
            ["parameters"] = Parameters(p),
        };
    }

    // The protocol parameters under their scenario keys and in the scenario file's units (seconds,
    // fractions), in the order of ProtocolParameterTable.
    public static JsonObject Parameters(ProtocolParameters p) =>
        new(ProtocolParameterTable.All.Select(parameter => KeyValuePair.Create(parameter.Key, Value(parameter, p))));

    private static JsonNode? Value(ProtocolParameter parameter, ProtocolParameters p) => parameter switch
    {
        NumberParameter number when number.Unit.IsWhole => JsonValue.Create(number.Get(p)),
        NumberParameter number => JsonValue.Create(number.Unit.InFile(number.Get(p))),
        ChoiceParameter choice => JsonValue.Create(choice.Get(p)),
        SharesParameter shares => new JsonArray([.. shares.Get(p).Select(s => JsonValue.Create(shares.Unit.InFile(s)))]),
        _ => throw new ArgumentOutOfRangeException(nameof(parameter), parameter.Key, "a kind of protocol parameter summary.json has no form for"),
    };

    // The parameters of the engine's alternative mechanism, in scenario units (seconds, base units, base units
    // per megacycle; max_price as it applies: fee_per_megacycle when not given); null for the protocol's
    // allocation (vrf-tiered, proportional-lottery), which uses none of them.
    private static JsonObject? MechanismParameters(RunOutcome run)
    {
        if (run.Config.Mechanism is Mechanism.VrfTiered or Mechanism.ProportionalLottery)
        {
            return null;
        }

        var rules = run.Config.Rules ?? new Grains.Mechanisms.MechanismParameters();
        return new JsonObject
        {
            ["decision_window"] = rules.DecisionWindowMicros / 1e6,
            ["deadline_slack"] = rules.DeadlineSlackMicros / 1e6,
            ["collateral"] = rules.Collateral,
            ["min_price"] = rules.MinPrice,
            ["max_price"] = rules.Ceiling(run.Config.Parameters.FeePerMegacycle),
            ["ramp"] = rules.RampMicros / 1e6,
            ["lock_timeout"] = rules.LockTimeoutMicros / 1e6,
        };
    }
}
