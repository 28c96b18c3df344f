// `provsim expect FILE`: what theory says each prover group earns from workloads under VRF allocation,
// uniform or stake-weighted (Reports/Theory.cs): the expected tier rewards and fees per prover, with the spread a run's
// total has, for the demand the scenario's first run will really see (its arrivals are generated as the
// run generates them) and the population it really draws (each prover's actual speed). It lists the
// assumptions the scenario breaks, under which the figures no longer describe what a run pays.
using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ProverSim.Grains.Actors.Runs;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Protocol;
using ProverSim.Reports;
using ProverSim.Scenarios.Files;

namespace ProverSim.Scenarios.Commands;

public static class ExpectCommand
{
    /// <summary>One group's expectation over the run: per prover, the mean of its members'.</summary>
    public sealed record GroupExpectation(string Group, int Provers, double MeanSpeed, double TierRewards, double TierRewardsSd, double Fees, double FeesSd);

    /// <summary>The expectation for a scenario's first run.</summary>
    public sealed record Expectation(string Scenario, long Workloads, long FromSlot, int Eligible, IReadOnlyList<GroupExpectation> Groups, IReadOnlyList<string> Caveats, string Method);

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The scenario file (YAML)." };
        var json = new Option<bool>("--json") { Description = "Print the expectations as one JSON object." };
        var command = new Command(
            "expect",
            "Print what each prover group should earn from workloads under the allocation rule, from theory, and the assumptions the scenario breaks.\n" +
            "Example: provsim expect Scenarios/examples/tier-sweep.yaml")
        {
            file, json,
        };
        command.SetAction(parse =>
        {
            var plan = Experiments.ExperimentPlan.Load(parse.GetValue(file)!.FullName);
            if (plan.Runs[0].Scenario.Mechanism != Grains.Mechanisms.Mechanism.VrfTiered)
            {
                throw new InputError($"expect: {plan.File} runs {Grains.Mechanisms.MechanismCatalog.Name(plan.Runs[0].Scenario.Mechanism)}, whose reward does not follow the tiers: the theory here is vrf-tiered's (remove 'mechanism')");
            }

            var expectation = Expect(plan.Runs[0].Scenario, plan.Runs[0].Replication);
            Console.Write(parse.GetValue(json) ? Json(expectation).ToJsonString() + "\n" : Text(expectation));
            return 0;
        });
        return command;
    }

    public static Expectation Expect(ScenarioDefinition scenario, int replication)
    {
        var config = scenario.ToConfig("expect", replication);
        var p = config.Parameters;
        var provers = config.Provers;
        var speeds = provers.Select(x => (double)x.Actual.CyclesPerSecond).ToArray();
        var stakes = provers.Select(x => (double)x.Stake).ToArray();
        var byStake = p.AllocationWeight == AllocationWeight.Stake;
        var exact = true;

        // The run's own arrivals, by program, from the first epoch whose snapshot holds every prover: a
        // prover joins at its join slot and is a member then (or once its join challenges pass, in the
        // slot after), and a snapshot frozen at an epoch's first slot holds the members of the slot before.
        var activeFrom = provers.Length == 0 ? 0 : provers.Max(x => x.JoinSlot) + (p.JoinChallenges == 0 ? 0 : 1);
        var firstSlot = ((activeFrom / p.EpochSlots) + 1) * p.EpochSlots;
        var setup = new RunSetup("expect", config.Seed, replication, config.Slots, config.MaxDrainSlots, p, config.Demand);
        var arrivals = new long[config.Demand.Programs.Length];
        for (var slot = firstSlot; slot < config.Slots; slot++)
        {
            foreach (var arrival in DemandGenerator.ArrivalsIn(slot, setup))
            {
                arrivals[arrival.ProgramIndex]++;
            }
        }

        var derived = ExplainCommand.Derive(scenario);
        var tiers = new double[provers.Length];
        var variance = new double[provers.Length];
        var fees = new double[provers.Length];
        var feeVariance = new double[provers.Length];
        for (var i = 0; i < config.Demand.Programs.Length; i++)
        {
            var program = config.Demand.Programs[i];
            var parameters = program.For(p);
            var k = Math.Min(parameters.K, provers.Length);
            var amounts = Rewards.TierShares(p.Reward, parameters.TiersPpm, k).Select(t => (double)t).ToArray();
            Theory.Moments[] moments;
            if (byStake)
            {
                (moments, var enumerated) = Theory.TierRewardsByStake(speeds, stakes, amounts);
                exact &= enumerated;
            }
            else
            {
                moments = Theory.TierRewards(speeds, amounts);
            }

            // Each drawn prover that completes earns the fee for the cycles the program runs.
            var fee = (double)derived.Programs[i].CompletingFee;
            for (var j = 0; j < provers.Length; j++)
            {
                tiers[j] += arrivals[i] * moments[j].Mean;
                variance[j] += arrivals[i] * moments[j].Variance;
                fees[j] += arrivals[i] * moments[j].Drawn * fee;
                feeVariance[j] += arrivals[i] * moments[j].Drawn * (1 - moments[j].Drawn) * fee * fee;
            }
        }

        var groups = scenario.Groups.Select(g =>
        {
            var members = Enumerable.Range(0, provers.Length).Where(j => provers[j].Group == g.Name).ToList();
            var (tierMean, tierSd) = Theory.GroupMean(members, tiers, variance);
            var (feeMean, feeSd) = Theory.GroupMean(members, fees, feeVariance);
            return new GroupExpectation(g.Name, members.Count, members.Count == 0 ? 0 : members.Average(j => speeds[j]), tierMean, tierSd, feeMean, feeSd);
        }).ToList();
        var method = !byStake ? "uniform allocation (closed form)"
            : exact ? "stake-weighted allocation (every ordered draw enumerated)" : $"stake-weighted allocation ({Theory.Samples:N0} draws sampled)";
        return new Expectation(scenario.Name, arrivals.Sum(), firstSlot, provers.Length, groups, Caveats(scenario, derived), method);
    }

    // What the theory assumes and the scenario breaks: every prover a member from the start, every drawn
    // prover proving at once (no declines, queues, failures, absences, requirements) in speed order.
    private static List<string> Caveats(ScenarioDefinition s, ExplainCommand.Derivation derived)
    {
        var caveats = new List<string>();
        var p = s.Parameters;
        foreach (var g in s.Groups)
        {
            if (g.Behaviour != Grains.Actors.Provers.Behaviours.Honest)
            {
                caveats.Add($"group {g.Name}: behaviour {g.Behaviour} (counted as an honest member that proves every job it is given)");
            }

            if (g.Actual is { } a && (a.CpuCores ?? a.MemoryGb ?? a.Gpus ?? a.BandwidthMbps ?? a.Speed) is not null)
            {
                caveats.Add($"group {g.Name}: its actual hardware differs from what it declares, so its challenges may remove it (counted as a member, at its actual speed)");
            }

            if (g.OfflineRate > 0)
            {
                caveats.Add($"group {g.Name}: offline_rate {g.OfflineRate.ToString(CultureInfo.InvariantCulture)} (counted as always online)");
            }

            if (g.LeaveSlot >= 0 || g.JoinSlot is not Quantity.Fixed { Value: 0 })
            {
                caveats.Add($"group {g.Name}: joins or leaves during the run (counted as a member throughout)");
            }
        }

        if (s.Demand.Programs.Any(x => x.Requirement != HardwareRequirement.None))
        {
            caveats.Add("a program requires hardware: only eligible provers are drawn for it (counted as all provers eligible)");
        }

        var load = derived.Groups.Where(g => g.Busy >= 0.2).ToList();
        foreach (var g in load)
        {
            caveats.Add($"group {g.Name}: its job slots are busy ≈ {g.Busy * 100:0}% of the time, so it may decline or queue (counted as proving at once)");
        }

        if (p.PowRatePpm > 0)
        {
            caveats.Add($"pow_rate {p.PowRatePpm / 1e6:0.######}: random challenges take job slots and may pre-empt or delay jobs (counted as never interrupting)");
        }

        if (p.JoinChallenges > 0)
        {
            caveats.Add("join challenges are judged at their deadlines: if one falls after the next epoch boundary, that epoch draws from fewer provers than counted");
        }

        if (p.JitterPpm > 0)
        {
            caveats.Add($"jitter {p.JitterPpm / 1e6:0.###}: provers whose speeds differ by less than it may finish out of speed order");
        }

        return caveats;
    }

    public static string Text(Expectation e)
    {
        var lines = new List<string>
        {
            $"# {e.Scenario}: expected earnings from the {e.Workloads} workloads its first run sees arrive from slot {e.FromSlot} (the first epoch whose snapshot holds every prover) over {e.Eligible} provers, {e.Method}",
            "# per prover, the mean over the group, ± one standard deviation of a run's group mean (the provers' draws taken as independent); every drawn prover completes",
        };
        foreach (var g in e.Groups)
        {
            lines.Add($"group {g.Group}: {g.Provers} provers at {g.MeanSpeed:0.#} cycles/s; tier rewards {g.TierRewards:0.##} ± {g.TierRewardsSd:0.##}, fees {g.Fees:0.##} ± {g.FeesSd:0.##}, total {g.TierRewards + g.Fees:0.##}");
        }

        lines.AddRange(e.Caveats.Select(c => $"assumption broken: {c}"));
        if (e.Caveats.Count == 0)
        {
            lines.Add("assumptions: all hold (every prover an honest member from the start, light load, no jitter)");
        }

        return string.Join('\n', lines) + "\n";
    }

    public static JsonObject Json(Expectation e) => new()
    {
        ["scenario"] = e.Scenario,
        ["workloads"] = e.Workloads,
        ["from_slot"] = e.FromSlot,
        ["eligible"] = e.Eligible,
        ["method"] = e.Method,
        ["groups"] = new JsonArray([.. e.Groups.Select(g => (JsonNode)new JsonObject
        {
            ["group"] = g.Group,
            ["provers"] = g.Provers,
            ["mean_speed"] = Math.Round(g.MeanSpeed, 6),
            ["tier_rewards"] = Math.Round(g.TierRewards, 6),
            ["tier_rewards_sd"] = Math.Round(g.TierRewardsSd, 6),
            ["fees"] = Math.Round(g.Fees, 6),
            ["fees_sd"] = Math.Round(g.FeesSd, 6),
        })]),
        ["caveats"] = new JsonArray([.. e.Caveats.Select(c => (JsonNode)c)]),
    };
}
