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
            var scenario = ScenarioParser.Load(parse.GetValue(file)!.FullName);
            Console.WriteLine($"{scenario.File}: valid — '{scenario.Name}', {scenario.ProverCount} provers in {scenario.Groups.Length} groups, " +
                $"{scenario.Slots} slots, {scenario.Demand.RatePerSlot} workloads/slot over {scenario.Demand.Programs.Length} programs, k = {scenario.Parameters.K}");
            return 0;
        });
        return command;
    }
}
