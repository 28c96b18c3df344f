// `provsim validate FILE`: reads and checks a scenario file without running it.
using System.CommandLine;
using System.Text.Json.Nodes;
using ProverSim.Scenarios.Files;

namespace ProverSim.Scenarios.Commands;

public static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The scenario file (YAML)." };
        var json = new Option<bool>("--json") { Description = "Print what the file describes as one JSON object." };
        var command = new Command("validate", "Check a scenario file and print what it describes (errors name the file, line and key; exit 2).\nExample: provsim validate Scenarios/examples/baseline.yaml") { file, json };
        command.SetAction(parse =>
        {
            var plan = Experiments.ExperimentPlan.Load(parse.GetValue(file)!.FullName);
            var scenario = plan.Runs[0].Scenario;
            ScenarioWarnings.Print(plan);
            if (parse.GetValue(json))
            {
                Console.WriteLine(new JsonObject
                {
                    ["file"] = scenario.File,
                    ["valid"] = true,
                    ["name"] = scenario.Name,
                    ["provers"] = scenario.ProverCount,
                    ["groups"] = new JsonArray([.. scenario.Groups.Select(g => (JsonNode)new JsonObject { ["name"] = g.Name, ["count"] = g.Count, ["behaviour"] = g.Behaviour })]),
                    ["slots"] = scenario.Slots,
                    ["workloads_per_slot"] = scenario.Demand.RatePerSlot,
                    ["programs"] = new JsonArray([.. scenario.Demand.Programs.Select(p => (JsonNode)p.Name)]),
                    ["k"] = scenario.Parameters.K,
                    ["runs"] = plan.Runs.Count,
                    ["replications"] = plan.Replications,
                    ["sweep_mode"] = plan.IsSingleRun ? null : plan.Mode,
                    ["sweep_keys"] = new JsonArray([.. plan.Keys.Select(k => (JsonNode)k)]),
                    ["mechanism"] = Grains.Mechanisms.MechanismCatalog.Name(scenario.Mechanism),
                    ["mechanisms"] = new JsonArray([.. scenario.Mechanisms.Select(m => (JsonNode)Grains.Mechanisms.MechanismCatalog.Name(m))]),
                }.ToJsonString());
                return 0;
            }

            Console.WriteLine($"{scenario.File}: valid — '{scenario.Name}', {scenario.ProverCount} provers in {scenario.Groups.Length} groups, " +
                $"{scenario.Slots} slots, {scenario.Demand.RatePerSlot} workloads/slot over {scenario.Demand.Programs.Length} programs, k = {scenario.Parameters.K}" +
                (scenario.Mechanism == Grains.Mechanisms.Mechanism.VrfTiered ? "" : $", under {Grains.Mechanisms.MechanismCatalog.Name(scenario.Mechanism)}") +
                (plan.IsSingleRun ? "" : plan.Keys.Count == 0 ? $"; {plan.Runs.Count} replications"
                    : $"; {plan.Runs.Count} runs: {plan.Runs.Count / plan.Replications} {plan.Mode} sweep points over {string.Join(", ", plan.Keys)} × {plan.Replications} replications") +
                (scenario.Mechanisms.IsEmpty ? "" : $"; then compares {string.Join(", ", scenario.Mechanisms.Select(Grains.Mechanisms.MechanismCatalog.Name))} on each run's trace"));
            return 0;
        });
        return command;
    }
}
