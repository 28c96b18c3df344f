// What `provsim run` prints: with --json only the summary (one JSON object, the same as summary.json
// plus where the results are), with --quiet only the final table.
using System.Text.Json.Nodes;

namespace ProverSim.Grains.Tests.Scenarios;

public sealed class RunOutputTests : IDisposable
{
    private readonly ScenarioFiles _files = new();

    [Fact]
    public void JsonPrintsTheSummaryAndNothingElse()
    {
        var results = _files.Results("json");
        var (code, stdout, _) = ProvsimProcess.Run("run", _files.Example("baseline", ("slots", "8")), "--out", results, "--json");
        Assert.Equal(0, code);
        var printed = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal(Path.GetFullPath(results), (string)printed["results"]!);
        printed.Remove("results");
        Assert.Equal(JsonNode.Parse(File.ReadAllText(Path.Combine(results, "summary.json")))!.ToJsonString(), printed.ToJsonString());
    }

    [Fact]
    public void QuietPrintsOnlyTheFinalTable()
    {
        var results = _files.Results("quiet");
        var (code, stdout, _) = ProvsimProcess.Run("run", _files.Example("baseline", ("slots", "8")), "--out", results, "--quiet");
        Assert.Equal(0, code);
        Assert.StartsWith("┌", stdout.TrimStart());
        Assert.Contains("conserved", stdout);
        Assert.DoesNotContain("active set", stdout);
        Assert.DoesNotContain("report:", stdout);
    }

    public void Dispose() => _files.Dispose();
}
