// `provsim bench kernel [--json]`, `provsim bench scenario` and `provsim bench mechanisms FILE`: benchmarks
// that print the figures BENCHMARKS.md records. The kernel's measurements are Benchmarks/KernelBenchmarks.cs.
using System.CommandLine;
using System.Text.Json;
using ProverSim.Scenarios.Benchmarks;

namespace ProverSim.Scenarios.Commands;

public static class BenchCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object." };
        var kernel = new Command("kernel", "Measure the proving kernel: NTT, Merkle hashing, proving, verifying.\nExample: provsim bench kernel --json") { json };
        kernel.SetAction(parse =>
        {
            var figures = KernelBenchmarks.Run(KernelBenchmarkSizes.Standard, parse.GetValue(json) ? null : Console.Out);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(figures.ToJson()));
            }

            return 0;
        });
        var file = new Argument<FileInfo>("file") { Description = "The scenario file (YAML); its first run's trace is replayed under each mechanism it lists (all five when none)." };
        var json2 = new Option<bool>("--json") { Description = "Print the figures as one JSON object." };
        var mechanisms = new Command(
            "mechanisms",
            "Measure the mechanism model on a scenario: building its trace, and replaying it under each mechanism (no engine run).\nExample: provsim bench mechanisms Scenarios/examples/mechanisms.yaml --json")
        {
            file, json2,
        };
        mechanisms.SetAction(parse =>
        {
            var figures = MechanismBenchmarks.Run(Experiments.ExperimentPlan.Load(parse.GetValue(file)!.FullName), parse.GetValue(json2) ? null : Console.Out);
            if (parse.GetValue(json2))
            {
                Console.WriteLine(figures.ToJsonString());
            }

            return 0;
        });
        return new Command("bench", "Benchmarks that print figures for BENCHMARKS.md.\nExample: provsim bench scenario --provers 1000 --slots 200") { kernel, BenchScenario.Create(), mechanisms };
    }
}
