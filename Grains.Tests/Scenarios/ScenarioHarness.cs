// Runs a scenario file on a given cluster client and writes its results folder, as `provsim run` does.
using ProverSim.Scenarios.Files;
using ProverSim.Scenarios.Results;
using ProverSim.Scenarios.Running;
using ProverSim.Reports;

namespace ProverSim.Grains.Tests.Scenarios;

public static class ScenarioHarness
{
    public static async Task<RunOutcome> RunAsync(IClusterClient client, string scenarioFile, string resultsDirectory)
    {
        var scenario = ScenarioParser.Load(scenarioFile);
        return await ScenarioRunner.RunAsync(client, scenario, replication: 0, resultsDirectory, "test");
    }

    /// <summary>The rows of a results CSV as column → value maps.</summary>
    public static List<Dictionary<string, string>> Rows(string directory, string file)
    {
        var table = CsvTable.Load(Path.Combine(directory, file));
        return [.. Enumerable.Range(0, table.Rows.Count).Select(r => table.Header.ToDictionary(c => c, c => table.Get(r, c)))];
    }
}
