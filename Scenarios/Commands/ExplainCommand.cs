// `provsim explain FILE`: the scenario as the simulator reads it — every key, defaults made explicit, in
// the file's units — and the quantities a designer checks first: what each workload costs and pays (its
// programs really run on the VM for their exact cycles), the tier amounts in base units, the load each
// group of provers should expect under uniform allocation, and the market share it implies.
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Protocol;
using ProverSim.Grains.Proving.Vm;
using ProverSim.Scenarios.Files;

namespace ProverSim.Scenarios.Commands;

public static class ExplainCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The scenario file (YAML)." };
        var json = new Option<bool>("--json") { Description = "Print the protocol parameters and the derived quantities as one JSON object." };
        var command = new Command("explain", "Print the scenario with every default made explicit and the quantities a designer checks first.\nExample: provsim explain Scenarios/examples/baseline.yaml") { file, json };
        command.SetAction(parse =>
        {
            var plan = Experiments.ExperimentPlan.Load(parse.GetValue(file)!.FullName);
            Console.Write(parse.GetValue(json) ? Json(plan.Runs[0].Scenario).ToJsonString() + "\n" : Explain(plan.Runs[0].Scenario));
            return 0;
        });
        return command;
    }

    public static string Explain(ScenarioDefinition s)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        var p = s.Parameters;
        Line($"# {s.File}, every key with its value (defaults made explicit)");
        Line($"name: {s.Name}");
        Line($"seed: {s.Seed}");
        Line($"slots: {s.Slots}");
        Line($"drain_slots: {s.DrainSlots}");
        Line("protocol:");
        foreach (var parameter in ProtocolParameterTable.All)
        {
            Line($"  {parameter.Key}: {parameter.Show(p).Replace(",", "", StringComparison.Ordinal)}");
        }

        Line("groups:");
        foreach (var g in s.Groups)
        {
            Line($"  - name: {g.Name}");
            Line($"    count: {g.Count}");
            var h = g.Declared;
            Line($"    hardware: {{ cpu_cores: {Show(h.CpuCores)}, memory_gb: {Show(h.MemoryGb)}, gpus: {Show(h.Gpus)}, bandwidth_mbps: {Show(h.BandwidthMbps)}, speed: {Show(h.Speed)} }}");
            var a = g.Actual;
            var actual = new[] { ("cpu_cores", a.CpuCores), ("memory_gb", a.MemoryGb), ("gpus", a.Gpus), ("bandwidth_mbps", a.BandwidthMbps), ("speed", a.Speed) }
                .Where(f => f.Item2 is not null).Select(f => $"{f.Item1}: {Show(f.Item2!)}").ToList();
            Line($"    actual: {(actual.Count == 0 ? "as declared" : "{ " + string.Join(", ", actual) + " }")}");
            Line($"    lie_factor: {N(g.LieFactor)}");
            Line($"    stake: {Show(g.Stake)}");
            Line($"    balance: {g.Balance}");
            Line($"    job_slots: {g.JobSlots}");
            Line($"    behaviour: {g.Behaviour}");
            Line($"    takes_market: {(g.TakesMarket ? "true" : "false")}");
            Line($"    join_slot: {Show(g.JoinSlot)}");
            Line($"    leave_slot: {g.LeaveSlot}");
            Line($"    offline_rate: {N(g.OfflineRate)}");
            Line($"    offline_slots: {g.OfflineSlots}");
        }

        var d = s.Demand;
        Line("demand:");
        Line($"  process: {d.Process.ToString().ToLowerInvariant()}");
        Line($"  rate: {N(d.RatePerSlot)}");
        Line($"  start_slot: {d.StartSlot}");
        Line($"  users: {d.Users}");
        Line($"  user_funds: {d.UserFunds}");
        Line("  programs:");
        foreach (var program in d.Programs)
        {
            var r = program.Requirement;
            Line($"    - {{ name: {program.Name}, input: [{string.Join(", ", program.Input)}], paid_cycles: {program.PaidCycles}, input_bytes: {program.InputBytes}, " +
                $"weight: {N(program.Weight)}, k: {program.For(p).K}, requires: {{ cpu_cores: {r.MinCpuCores}, memory_gb: {r.MinMemoryGb}, gpus: {r.MinGpus}, bandwidth_mbps: {r.MinBandwidthMbps}, speed: {r.MinCyclesPerSecond} }} }}");
        }

        Line();
        foreach (var line in Derived(s))
        {
            Line(line);
        }

        return text.ToString();
    }

    /// <summary>What one program costs and pays (it is run on the VM for its exact cycles).</summary>
    public sealed record ProgramFigures(string Name, long Cycles, bool Halts, double Share, long Escrow, int K, long Fee, long CompletingFee, IReadOnlyList<long> Tiers);

    /// <summary>The load one group should expect: its actual speed, how busy its job slots are, how often it declines.</summary>
    public sealed record GroupFigures(string Name, int Count, double Speed, int JobSlots, double Busy, double? Declines);

    /// <summary>The quantities a designer checks first (means of the distributions; uniform allocation; every prover a member).</summary>
    public sealed record Derivation(
        IReadOnlyList<ProgramFigures> Programs, double RatePerSlot, double SlotSeconds, double JobsPerSlot, double MeanCycles, int Provers,
        double JobsPerProver, IReadOnlyList<GroupFigures> Groups, double OpenSlotsPerSlot, double MarketShare, int MarketCandidates, int MarketTakers, long Reward);

    public static Derivation Derive(ScenarioDefinition s)
    {
        var p = s.Parameters;
        var d = s.Demand;
        var slotSeconds = p.SlotMicros / 1e6;
        var totalWeight = d.Programs.Sum(x => x.Weight);
        var programs = d.Programs.Select(program =>
        {
            var run = Interpreter.Run(VmProgram.FromWords([.. program.Words]), [.. program.Input], program.PaidCycles);
            var k = program.For(p).K;
            return new ProgramFigures(
                program.Name, run.Cycles, run.Status == RunStatus.Halted, program.Weight / totalWeight, Rewards.Escrow(program.PaidCycles, k, p.FeePerMegacycle), k,
                Rewards.Fee(program.PaidCycles, p.FeePerMegacycle), Rewards.Fee(run.Cycles, p.FeePerMegacycle), [.. Rewards.TierShares(p.Reward, program.For(p).TiersPpm, k)]);
        }).ToList();
        var jobsPerSlot = programs.Sum(x => d.RatePerSlot * x.Share * x.K);
        var meanCycles = programs.Sum(x => x.Share * x.K * x.Cycles) / Math.Max(programs.Sum(x => x.Share * x.K), 1e-12);
        var provers = s.ProverCount;
        var perProver = provers == 0 ? 0 : jobsPerSlot / provers;
        var declinesPerSlot = 0.0;
        var groups = new List<GroupFigures>();
        foreach (var g in s.Groups)
        {
            var speed = Mean(g.Actual.Speed ?? g.Declared.Speed);
            var busy = Math.Min(perProver * meanCycles / Math.Max(speed, 1e-12) / slotSeconds / g.JobSlots, 1);
            double? decline = g.DeclineWhenBusy ? Math.Pow(busy, g.JobSlots) : null;
            declinesPerSlot += g.Count * perProver * (decline ?? 0);
            groups.Add(new GroupFigures(g.Name, g.Count, speed, g.JobSlots, busy, decline));
        }

        return new Derivation(
            programs, d.RatePerSlot, slotSeconds, jobsPerSlot, meanCycles, provers, perProver, groups, declinesPerSlot,
            jobsPerSlot == 0 ? 0 : declinesPerSlot / jobsPerSlot, p.MarketCandidates, s.Groups.Where(g => g.TakesMarket).Sum(g => g.Count), p.Reward);
    }

    /// <summary>The quantities a designer checks first, one per line.</summary>
    public static IEnumerable<string> Derived(ScenarioDefinition s)
    {
        var x = Derive(s);
        yield return "# derived (means of the distributions; uniform allocation; every prover a member)";
        foreach (var program in x.Programs)
        {
            yield return $"program {program.Name}: runs {program.Cycles} cycles ({(program.Halts ? "halts" : "runs out of its paid cycles: fails")}); " +
                $"{Percent(program.Share)} of workloads; escrow {program.Escrow} = {program.K} × fee {program.Fee}; " +
                $"a completing prover's fee {program.CompletingFee}; tiers pay [{string.Join(", ", program.Tiers)}] base units of reward {x.Reward}";
        }

        yield return $"demand: {N(x.RatePerSlot)} workloads per slot of {N(x.SlotSeconds)} s, {N(x.JobsPerSlot)} prover jobs per slot, {N(x.MeanCycles)} cycles per job on average";
        yield return $"load: {N(x.JobsPerProver)} jobs per prover per slot ({N(x.JobsPerSlot)} jobs over {x.Provers} provers)";
        foreach (var g in x.Groups)
        {
            yield return $"group {g.Name}: {g.Count} provers at {N(g.Speed)} cycles/s (actual), each busy ≈ {Percent(g.Busy)} of its {g.JobSlots} job slot(s)" +
                (g.Declines is { } decline ? $", so it declines ≈ {Percent(decline)} of its offers" : "");
        }

        yield return $"market: ≈ {N(x.OpenSlotsPerSlot)} open slots per slot ({Percent(x.MarketShare)} of prover jobs go to the open market), " +
            $"raced for by up to {x.MarketCandidates} of the {x.MarketTakers} market-taking provers";
    }

    /// <summary>The scenario's protocol parameters (in the file's units) and the derived quantities, as one JSON object.</summary>
    public static JsonObject Json(ScenarioDefinition s)
    {
        var x = Derive(s);
        var protocol = new JsonObject();
        foreach (var parameter in ProtocolParameterTable.All)
        {
            protocol[parameter.Key] = parameter.Show(s.Parameters).Replace(",", "", StringComparison.Ordinal);
        }

        static double R(double value) => Math.Round(value, 6);
        return new JsonObject
        {
            ["file"] = s.File,
            ["name"] = s.Name,
            ["seed"] = s.Seed,
            ["slots"] = s.Slots,
            ["provers"] = x.Provers,
            ["protocol"] = protocol,
            ["programs"] = new JsonArray([.. x.Programs.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name,
                ["cycles"] = p.Cycles,
                ["halts"] = p.Halts,
                ["share"] = R(p.Share),
                ["k"] = p.K,
                ["escrow"] = p.Escrow,
                ["fee"] = p.Fee,
                ["completing_fee"] = p.CompletingFee,
                ["tiers"] = new JsonArray([.. p.Tiers.Select(t => (JsonNode)t)]),
            })]),
            ["reward"] = x.Reward,
            ["workloads_per_slot"] = R(x.RatePerSlot),
            ["slot_seconds"] = R(x.SlotSeconds),
            ["jobs_per_slot"] = R(x.JobsPerSlot),
            ["mean_cycles_per_job"] = R(x.MeanCycles),
            ["jobs_per_prover_per_slot"] = R(x.JobsPerProver),
            ["groups"] = new JsonArray([.. x.Groups.Select(g => (JsonNode)new JsonObject
            {
                ["name"] = g.Name,
                ["provers"] = g.Count,
                ["speed"] = R(g.Speed),
                ["job_slots"] = g.JobSlots,
                ["busy"] = R(g.Busy),
                ["declines"] = g.Declines is { } v ? R(v) : null,
            })]),
            ["market"] = new JsonObject
            {
                ["open_slots_per_slot"] = R(x.OpenSlotsPerSlot),
                ["share_of_jobs"] = R(x.MarketShare),
                ["candidates"] = x.MarketCandidates,
                ["takers"] = x.MarketTakers,
            },
        };
    }

    private static double Mean(Quantity q) => q switch
    {
        Quantity.Fixed f => f.Value,
        Quantity.Normal n => n.Mean,
        Quantity.LogNormal l => Math.Exp(l.Mu + (l.Sigma * l.Sigma / 2)),
        Quantity.Uniform u => (u.Low + u.High) / 2,
        Quantity.Choice c => c.Values.Zip(c.Weights).Sum(v => v.First * v.Second) / c.Weights.Sum(),
        _ => double.NaN,
    };

    private static string Show(Quantity q) => q switch
    {
        Quantity.Fixed f => N(f.Value),
        Quantity.Normal n => $"{{ normal: {{ mean: {N(n.Mean)}, sd: {N(n.Sd)} }} }}",
        Quantity.LogNormal l => $"{{ lognormal: {{ mu: {N(l.Mu)}, sigma: {N(l.Sigma)} }} }}",
        Quantity.Uniform u => $"{{ uniform: [{N(u.Low)}, {N(u.High)}] }}",
        Quantity.Choice c => $"{{ choice: [{string.Join(", ", c.Values.Select(N))}], weights: [{string.Join(", ", c.Weights.Select(N))}] }}",
        _ => q.ToString(),
    };

    private static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string N(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);
}
