// `provsim validate FILE`: reads and checks a scenario file without running it.
using System.CommandLine;
using ProverSim.Scenarios.Files;

namespace ProverSim.Scenarios.Commands;

public static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The scenario file (YAML)." };
        var command = new Command("validate", "Check a scenario file and print what it describes.") { file };
        command.SetAction(parse =>
        {
            var plan = Experiments.ExperimentPlan.Load(parse.GetValue(file)!.FullName);
            var scenario = plan.Runs[0].Scenario;
            ScenarioWarnings.Print(plan);
            Console.WriteLine($"{scenario.File}: valid — '{scenario.Name}', {scenario.ProverCount} provers in {scenario.Groups.Length} groups, " +
                $"{scenario.Slots} slots, {scenario.Demand.RatePerSlot} workloads/slot over {scenario.Demand.Programs.Length} programs, k = {scenario.Parameters.K}" +
                (plan.IsSingleRun ? "" : $"; {plan.Runs.Count} runs: {plan.Runs.Count / plan.Replications} {plan.Mode} sweep points over {string.Join(", ", plan.Keys)} × {plan.Replications} replications"));
            return 0;
        });
        return command;
    }
}
