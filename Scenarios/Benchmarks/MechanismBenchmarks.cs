// `provsim bench mechanisms FILE [--json]`: how long the mechanism model takes on a scenario's first run —
// building the trace (arrivals, beacon randomness on the run's ECVRF key, challenge draws, exact program
// cycles) and replaying it under each mechanism the scenario lists (all five when it lists none) —
// without running the engine. The figures BENCHMARKS.md records for the design studio.
using System.Diagnostics;
using System.Text.Json.Nodes;
using ProverSim.Grains.Mechanisms;
using ProverSim.Scenarios.Experiments;

namespace ProverSim.Scenarios.Benchmarks;

public static class MechanismBenchmarks
{
    public static JsonObject Run(ExperimentPlan plan, TextWriter? log)
    {
        var run = plan.Runs[0];
        var scenario = run.Scenario;
        var mechanisms = scenario.Mechanisms.IsEmpty ? [.. MechanismCatalog.All.Select(m => m.Kind)] : scenario.Mechanisms;
        var watch = Stopwatch.StartNew();
        var trace = scenario.Trace(run.RunId, run.Replication);
        var traceSeconds = watch.Elapsed.TotalSeconds;
        log?.WriteLine($"{scenario.Name}: {scenario.ProverCount} provers, {scenario.Slots} slots, {trace.Workloads.Length} workloads; trace built in {traceSeconds:0.00} s");
        var replays = new JsonObject();
        foreach (var mechanism in mechanisms)
        {
            watch.Restart();
            var result = MechanismModel.Run(trace, mechanism, scenario.MechanismParameters);
            var seconds = watch.Elapsed.TotalSeconds;
            var completed = result.Workloads.Count(w => w.Outcome == ModelOutcome.Completed);
            log?.WriteLine($"  {MechanismCatalog.Name(mechanism)}: {seconds:0.000} s ({trace.Workloads.Length / seconds:0} workloads/s), {completed} completed");
            replays[MechanismCatalog.Name(mechanism)] = Math.Round(seconds, 4);
        }

        return new JsonObject
        {
            ["scenario"] = scenario.Name,
            ["provers"] = scenario.ProverCount,
            ["slots"] = scenario.Slots,
            ["workloads"] = trace.Workloads.Length,
            ["trace_s"] = Math.Round(traceSeconds, 4),
            ["replay_s"] = replays,
        };
    }
}
