// `provsim bench kernel [--json]` and `provsim bench scenario`: benchmarks that print the figures
// BENCHMARKS.md records. The kernel's measurements are Benchmarks/KernelBenchmarks.cs.
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
        return new Command("bench", "Benchmarks that print figures for BENCHMARKS.md.\nExample: provsim bench scenario --provers 1000 --slots 200") { kernel, BenchScenario.Create() };
    }
}
