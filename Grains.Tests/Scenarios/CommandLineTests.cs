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

    // A scenario under another mechanism than the protocol's: validate names it, and expect and tune (the
    // theory and search of the tiers) refuse it with one line and code 2.
    [Fact]
    public void TheEngineMechanismIsNamedAndWhatCannotUseItRefusesIt()
    {
        var baseline = File.ReadAllText(_files.Example("baseline"));
        var lottery = _files.Write("lottery.yaml", baseline.Replace("seed: 42", "seed: 42\nmechanism: proportional-lottery", StringComparison.Ordinal));
        var auction = _files.Write("auction.yaml", baseline.Replace("seed: 42", "seed: 42\nmechanism: reverse-auction", StringComparison.Ordinal));
        var ramp = _files.Write("ramp.yaml", baseline.Replace("seed: 42", "seed: 42\nmechanism: ramp-and-lock", StringComparison.Ordinal));
        var fallback = _files.Write("fallback.yaml", baseline.Replace("seed: 42", "seed: 42\nmechanism: vrf-single-fallback", StringComparison.Ordinal));

        foreach (var (file, name) in new[] { (lottery, "proportional-lottery"), (auction, "reverse-auction"), (fallback, "vrf-single-fallback"), (ramp, "ramp-and-lock") })
        {
            var (code, stdout, _) = Provsim("validate", file);
            Assert.Equal(0, code);
            Assert.Contains($", under {name}", stdout);
        }

        foreach (var (args, expected) in new[]
        {
            (new[] { "expect", lottery }, "runs proportional-lottery, whose reward does not follow the tiers"),
            (new[] { "tune", lottery, "--objective", "gini" }, "runs proportional-lottery, whose reward does not follow the tiers tune searches"),
            (new[] { "expect", fallback }, "runs vrf-single-fallback, whose reward does not follow the tiers"),
            (new[] { "tune", auction, "--objective", "gini" }, "runs reverse-auction, whose reward does not follow the tiers tune searches"),
            (new[] { "expect", ramp }, "runs ramp-and-lock, whose reward does not follow the tiers"),
        })
        {
            var (refused, output, stderr) = Provsim(args);
            Assert.Equal(2, refused);
            Assert.Contains(expected, Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
            Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", output + stderr);
        }
    }

    private static (int Code, string Stdout, string Stderr) Provsim(params string[] args) => ProvsimProcess.Run(args);

    public void Dispose() => _files.Dispose();
}
