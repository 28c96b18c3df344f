// `provsim explain FILE`: the scenario as the simulator reads it — every key, defaults made explicit, in
// the file's units — and the quantities a designer checks first: what each workload costs and pays (its
// programs really run on the VM for their exact cycles), the tier amounts in base units, the load each
// group of provers should expect under uniform allocation, and the market share it implies.
using System.CommandLine;
using System.Globalization;
using System.Text;
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
        var command = new Command("explain", "Print the scenario with every default made explicit and the quantities a designer checks first.\nExample: provsim explain Scenarios/examples/baseline.yaml") { file };
        command.SetAction(parse =>
        {
            var plan = Experiments.ExperimentPlan.Load(parse.GetValue(file)!.FullName);
            Console.Write(Explain(plan.Runs[0].Scenario));
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

    /// <summary>The quantities a designer checks first, one per line.</summary>
    public static IEnumerable<string> Derived(ScenarioDefinition s)
    {
        var p = s.Parameters;
        var d = s.Demand;
        var slotSeconds = p.SlotMicros / 1e6;
        var provers = s.ProverCount;
        yield return "# derived (means of the distributions; uniform allocation; every prover a member)";
        var totalWeight = d.Programs.Sum(x => x.Weight);
        var jobsPerSlot = 0.0;
        var cycleSeconds = new Dictionary<string, double>();
        foreach (var program in d.Programs)
        {
            var run = Interpreter.Run(VmProgram.FromWords([.. program.Words]), [.. program.Input], program.PaidCycles);
            var k = program.For(p).K;
            var share = program.Weight / totalWeight;
            jobsPerSlot += d.RatePerSlot * share * k;
            cycleSeconds[program.Name] = run.Cycles;
            var tiers = Rewards.TierShares(p.Reward, program.For(p).TiersPpm, k);
            yield return $"program {program.Name}: runs {run.Cycles} cycles ({(run.Status == RunStatus.Halted ? "halts" : "runs out of its paid cycles: fails")}); " +
                $"{Percent(share)} of workloads; escrow {Rewards.Escrow(program.PaidCycles, k, p.FeePerMegacycle)} = {k} × fee {Rewards.Fee(program.PaidCycles, p.FeePerMegacycle)}; " +
                $"a completing prover's fee {Rewards.Fee(run.Cycles, p.FeePerMegacycle)}; tiers pay [{string.Join(", ", tiers)}] base units of reward {p.Reward}";
        }

        var meanCycles = d.Programs.Sum(x => x.Weight / totalWeight * x.For(p).K * cycleSeconds[x.Name]) / Math.Max(d.Programs.Sum(x => x.Weight / totalWeight * x.For(p).K), 1e-12);
        yield return $"demand: {N(d.RatePerSlot)} workloads per slot of {N(slotSeconds)} s, {N(jobsPerSlot)} prover jobs per slot, {N(meanCycles)} cycles per job on average";
        var perProver = provers == 0 ? 0 : jobsPerSlot / provers;
        yield return $"load: {N(perProver)} jobs per prover per slot ({N(jobsPerSlot)} jobs over {provers} provers)";
        var declinesPerSlot = 0.0;
        foreach (var g in s.Groups)
        {
            var speed = Mean(g.Actual.Speed ?? g.Declared.Speed);
            var busy = perProver * meanCycles / Math.Max(speed, 1e-12) / slotSeconds / g.JobSlots;
            var decline = g.DeclineWhenBusy ? Math.Pow(Math.Min(busy, 1), g.JobSlots) : 0;
            declinesPerSlot += g.Count * perProver * decline;
            yield return $"group {g.Name}: {g.Count} provers at {N(speed)} cycles/s (actual), each busy ≈ {Percent(Math.Min(busy, 1))} of its {g.JobSlots} job slot(s)" +
                (g.DeclineWhenBusy ? $", so it declines ≈ {Percent(decline)} of its offers" : "");
        }

        var takers = s.Groups.Where(g => g.TakesMarket).Sum(g => g.Count);
        yield return $"market: ≈ {N(declinesPerSlot)} open slots per slot ({Percent(jobsPerSlot == 0 ? 0 : declinesPerSlot / jobsPerSlot)} of prover jobs go to the open market), " +
            $"raced for by up to {p.MarketCandidates} of the {takers} market-taking provers";
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
