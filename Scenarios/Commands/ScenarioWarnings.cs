// Warnings about a scenario (values the protocol's text advises against), printed once per distinct
// warning over every run of the plan, on standard error, before anything runs.
using ProverSim.Scenarios.Experiments;

namespace ProverSim.Scenarios.Commands;

public static class ScenarioWarnings
{
    public static void Print(ExperimentPlan plan)
    {
        foreach (var warning in plan.Runs.SelectMany(r => r.Scenario.Warnings).Distinct())
        {
            Console.Error.WriteLine($"provsim: warning: {warning}");
        }
    }
}
