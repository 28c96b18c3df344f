// The provsim command line as a user meets it: bad input is one line on stderr and exit code 2, never
// a stack trace; a results folder that verifies exits 0.

namespace ProverSim.Grains.Tests.Scenarios;

public sealed class CommandLineTests : IDisposable
{
    private readonly ScenarioFiles _files = new();

    [Theory]
    [InlineData("validate", "name: x\nslots: 5\ngroups: []\ndemand: { programs: [] }\n", "groups: needs at least one prover group")]
    [InlineData("run", "name: x\nslotz: 5\n", "slotz: unknown key; did you mean 'slots'?")]
    [InlineData("validate", "name: [x\n", "(yaml): not valid YAML")]
    public void BadScenarioIsOneLineAndExitCodeTwo(string verb, string yaml, string expected)
    {
        var path = _files.Write("bad.yaml", yaml);
        var (code, stdout, stderr) = Provsim(verb, path);
        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"provsim: {path}:", line);
        Assert.Contains(expected, line);
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", stdout + stderr);
    }

    [Fact]
    public void UnknownVerbIsAUsageErrorWithCodeTwo()
    {
        var (code, _, stderr) = Provsim("frobnicate");
        Assert.Equal(2, code);
        Assert.Contains("provsim:", stderr);
    }

    [Fact]
    public void VerifyOfAFolderThatIsNotResultsIsCodeTwo()
    {
        var (code, _, stderr) = Provsim("verify", _files.Directory);
        Assert.Equal(2, code);
        Assert.Contains("not a results folder (missing summary.json", stderr);
    }

    [Fact]
    public void ValidateAcceptsTheBaselineExample()
    {
        var (code, stdout, _) = Provsim("validate", Path.Combine(RepoPaths.Examples, "baseline.yaml"));
        Assert.Equal(0, code);
        Assert.Contains("valid — 'baseline', 36 provers in 3 groups", stdout);
    }

    // Replications without a sweep are said as such, and the mechanisms the file compares are named.
    [Fact]
    public void ValidateNamesTheReplicationsAndTheMechanismsCompared()
    {
        var (code, stdout, _) = Provsim("validate", Path.Combine(RepoPaths.Examples, "mechanisms.yaml"));
        Assert.Equal(0, code);
        Assert.Contains("; 3 replications; then compares vrf-tiered, vrf-single-fallback, reverse-auction, ramp-and-lock, proportional-lottery on each run's trace", stdout);
        var json = System.Text.Json.Nodes.JsonNode.Parse(Provsim("validate", Path.Combine(RepoPaths.Examples, "mechanisms.yaml"), "--json").Stdout)!;
        Assert.Equal(5, json["mechanisms"]!.AsArray().Count);
    }

    private static (int Code, string Stdout, string Stderr) Provsim(params string[] args) => ProvsimProcess.Run(args);

    public void Dispose() => _files.Dispose();
}
