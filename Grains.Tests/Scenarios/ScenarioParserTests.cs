// Bad scenario files get one clear error naming the file, the line, the key path and what is allowed.
using ProverSim.Scenarios.Files;

namespace ProverSim.Grains.Tests.Scenarios;

public sealed class ScenarioParserTests : IDisposable
{
    private const string Valid = """
        name: tiny
        seed: 3
        slots: 5
        protocol:
          k: 2
          tiers: [0.7, 0.3]
        groups:
          - name: a
            count: 2
            hardware: { speed: 1000 }
        demand:
          rate: 1
          programs:
            - file: ../programs/countdown.bf
              input: [3]
              paid_cycles: 100
        """;

    private readonly ScenarioFiles _files = new();

    [Fact]
    public void AValidFileReadsWithItsValuesAndDefaults()
    {
        var scenario = ScenarioParser.Load(_files.Write("ok.yaml", Valid));
        Assert.Equal("tiny", scenario.Name);
        Assert.Equal(2, scenario.Parameters.K);
        Assert.Equal([700_000L, 300_000L], scenario.Parameters.TiersPpm.ToArray());
        Assert.Equal(new Grains.Protocol.ProtocolParameters().MinStake, scenario.Parameters.MinStake);
        Assert.Equal(2, scenario.ProverCount);
        Assert.Equal(",[.-]", ProverSim.Grains.Proving.Vm.VmProgram.FromWords([.. scenario.Demand.Programs[0].Words]).ToSource());
        Assert.Equal(ProverSim.Grains.Actors.Simulation.ArrivalProcess.Poisson, scenario.Demand.Process);
    }

    [Theory]
    [InlineData("  k: 2\n", "  kk: 2\n", 5, "protocol.kk", "did you mean 'k'?")]
    [InlineData("  tiers: [0.7, 0.3]", "  tiers: [0.7, 0.2]", 6, "protocol.tiers", "must sum to 1")]
    [InlineData("  tiers: [0.7, 0.3]", "  tiers: [1.0]", 6, "protocol.tiers", "exactly k = 2 shares")]
    [InlineData("  k: 2\n", "  k: 65\n", 5, "protocol.k", "must be between 1 and 64 (got 65)")]
    [InlineData("  k: 2\n", "  k: 2\n  jitter: 1\n", 6, "protocol.jitter", "must be between 0 and 0.999999 (got 1)")]
    [InlineData("  k: 2\n", "  k: 2\n  pow_cycles: 15\n", 6, "protocol.pow_cycles", "must be between 16 and 4294967295 (got 15)")]
    [InlineData("  k: 2\n", "  k: 2\n  slot_length: 0\n", 6, "protocol.slot_length", "must be between 1E-06 and 1000000000 (got 0)")]
    [InlineData("  k: 2\n", "  k: 2\n  allocation_weight: stakes\n", 6, "protocol.allocation_weight", "did you mean 'stake'? (allowed: uniform, stake)")]
    [InlineData("  k: 2\n  tiers: [0.7, 0.3]", "  k: 4", 5, "protocol", "k = 4 needs its own 'tiers' list of 4 shares")]
    [InlineData("  k: 2\n", "  k: 2\n  cooldown: 0\n", 6, "protocol.cooldown", "must be between 1 and")]
    [InlineData("paid_cycles: 100", "paid_cycles: 100\n      k: 3", 14, "demand.programs[0]", "k = 3 needs its own 'tiers' list of 3 shares")]
    [InlineData("paid_cycles: 100", "paid_cycles: 100\n      k: 1\n      tiers: [0.5]", 18, "demand.programs[0].tiers", "must sum to 1")]
    // A reward of 1 split 0.7 / 0.3 rounds to 0 and 0, the remainder (1) to the first: the second tier pays nothing.
    [InlineData("  k: 2\n", "  k: 2\n  reward: 1\n", 7, "protocol.tiers", "tier 2 pays 0 base units of reward 1")]
    [InlineData("  k: 2\n", "  k: 2\n  allocation_weight: stake\n  min_stake: 0\n", 6, "protocol.allocation_weight", "stake weighting needs min_stake ≥ 1")]
    [InlineData("    count: 2", "    count: two", 9, "groups[0].count", "must be a whole number (got 'two')")]
    [InlineData("    count: 2", "    count: -1", 9, "groups[0].count", "must be between 0 and")]
    [InlineData("    hardware: { speed: 1000 }", "    hardware: { cpu_cores: 4 }", 10, "groups[0].hardware", "missing required key 'speed'")]
    [InlineData("    count: 2", "    count: 2\n    behaviour: lazy", 10, "groups[0].behaviour", "allowed: honest, capacity-limited")]
    [InlineData("countdown.bf", "nothere.bf", 14, "demand.programs[0].file", "not found")]
    [InlineData("  rate: 1", "  rate: 1\n  process: constant\n  start_slot: x", 14, "demand.start_slot", "must be a whole number")]
    // A '[' left open on line 2 is only noticed at the end of the file, reported as its last line (16 of 16);
    // an indented key under the scalar on line 2 is an error on its own line, 3, as is a stray ']' on line 6.
    [InlineData("seed: 3", "seed: [3", 16, "(yaml)", "not valid YAML: a '[' or '{' is not closed before the end of the file")]
    [InlineData("seed: 3", "seed: 3\n  bad: indent", 3, "(yaml)", "not valid YAML")]
    [InlineData("  tiers: [0.7, 0.3]", "  tiers: [0.7, 0.3]]", 6, "(yaml)", "not valid YAML")]
    [InlineData("seed: 3", "seed: 3\nmechanisms: [vrf-tiered, dutch-auction]", 3, "mechanisms[1]", "allowed: vrf-tiered, vrf-single-fallback, reverse-auction, ramp-and-lock, proportional-lottery")]
    [InlineData("seed: 3", "seed: 3\nmechanisms: [ramp-and-lock, ramp-and-lock]", 3, "mechanisms[1]", "'ramp-and-lock' is listed twice")]
    [InlineData("seed: 3", "seed: 3\nmechanisms: []", 3, "mechanisms", "needs at least one mechanism")]
    [InlineData("seed: 3", "seed: 3\nmechanism: lottery", 3, "mechanism", "allowed: vrf-tiered, vrf-single-fallback, reverse-auction, ramp-and-lock, proportional-lottery")]
    [InlineData("seed: 3", "seed: 3\nmechanism_parameters: { min_price: 500, max_price: 100 }", 3, "mechanism_parameters.max_price", "must be at least min_price (500)")]
    [InlineData("seed: 3", "seed: 3\nmechanism_parameters: { min_price: 200000 }", 3, "mechanism_parameters.min_price", "which is protocol.fee_per_megacycle (100000) when not given")]
    [InlineData("seed: 3", "seed: 3\nmechanism_parameters: { ramps: 2 }", 3, "mechanism_parameters.ramps", "did you mean 'ramp'?")]
    [InlineData("    count: 2", "    count: 2\n    cost: { utilisation: 0 }", 10, "groups[0].cost.utilisation", "must be between 0.001 and 1")]
    public void AnInvalidFileNamesFileLineKeyAndWhatIsAllowed(string find, string replace, long line, string keyPath, string problem)
    {
        var path = _files.Write("bad.yaml", Valid.Replace(find, replace));
        var error = Assert.Throws<ScenarioError>(() => ScenarioParser.Load(path));
        Assert.Equal(path, error.File);
        Assert.Equal(keyPath, error.KeyPath);
        Assert.Contains(problem, error.Problem);
        Assert.Equal(line, error.Line);
        Assert.StartsWith($"{path}:{line}: {keyPath}: ", error.Message);
    }

    // Every mechanism runs in the engine: `mechanism` takes each name, and the protocol's when absent.
    [Theory]
    [InlineData(null, Grains.Mechanisms.Mechanism.VrfTiered)]
    [InlineData("vrf-tiered", Grains.Mechanisms.Mechanism.VrfTiered)]
    [InlineData("vrf-single-fallback", Grains.Mechanisms.Mechanism.VrfSingleFallback)]
    [InlineData("reverse-auction", Grains.Mechanisms.Mechanism.ReverseAuction)]
    [InlineData("ramp-and-lock", Grains.Mechanisms.Mechanism.RampAndLock)]
    [InlineData("proportional-lottery", Grains.Mechanisms.Mechanism.ProportionalLottery)]
    public void TheEngineRunsTheMechanismNamed(string? name, Grains.Mechanisms.Mechanism expected)
    {
        var text = name is null ? Valid : Valid.Replace("seed: 3", $"seed: 3\nmechanism: {name}", StringComparison.Ordinal);
        Assert.Equal(expected, ScenarioParser.Load(_files.Write("m.yaml", text)).Mechanism);
    }

    [Fact]
    public void TiersThatRiseOrGiveTheFirstNoMajorityAreWarnedAboutNotRefused()
    {
        var rising = _files.Write("rising.yaml", Valid.Replace("tiers: [0.7, 0.3]", "tiers: [0.3, 0.7]"));
        Assert.Equal(
            [
                $"{rising}:6: protocol.tiers: a later finisher earns more than an earlier one (the protocol pays by speed: tiers should not increase)",
                $"{rising}:6: protocol.tiers: the first tier is not the majority of the reward (the protocol gives the first proof the majority)",
            ],
            ScenarioParser.Load(rising).Warnings.ToArray());

        var even = _files.Write("even.yaml", Valid.Replace("tiers: [0.7, 0.3]", "tiers: [0.5, 0.5]"));
        Assert.Equal([$"{even}:6: protocol.tiers: the first tier is not the majority of the reward (the protocol gives the first proof the majority)"], ScenarioParser.Load(even).Warnings.ToArray());
        Assert.Empty(ScenarioParser.Load(_files.Write("ok.yaml", Valid)).Warnings);
    }

    [Fact]
    public void ProtocolValuesAreReadInTheFilesUnits()
    {
        var protocol = "  k: 2\n  pow_rate: 0.02\n  pow_slack: 0.3\n  slot_length: 2\n  jitter: 0.05\n  allocation_weight: stake\n  cooldown: 7\n  pow_cycles: ~\n";
        var p = ScenarioParser.Load(_files.Write("units.yaml", Valid.Replace("  k: 2\n", protocol))).Parameters;
        Assert.Equal((20_000L, 300_000L, 2_000_000L, 50_000L), (p.PowRatePpm, p.PowSlackMicros, p.SlotMicros, p.JitterPpm));
        Assert.Equal((Grains.Protocol.AllocationWeight.Stake, 7), (p.AllocationWeight, p.CooldownSlots));
        Assert.Equal(new Grains.Protocol.ProtocolParameters().PowCycles, p.PowCycles);
    }

    [Fact]
    public void AProgramThatDoesNotAssembleIsNamed()
    {
        File.WriteAllText(Path.Combine(_files.Directory, "programs", "broken.bf"), "+[\n-");
        var error = Assert.Throws<ScenarioError>(() => ScenarioParser.Load(_files.Write("bad.yaml", Valid.Replace("countdown.bf", "broken.bf"))));
        Assert.Equal("demand.programs[0].file", error.KeyPath);
        Assert.Contains("does not assemble", error.Problem);
        Assert.Contains("'[' has no matching ']'", error.Problem);
    }

    [Fact]
    public void AMissingFileIsAnError() =>
        Assert.Contains("file not found", Assert.Throws<ScenarioError>(() => ScenarioParser.Load(Path.Combine(_files.Directory, "none.yaml"))).Message);

    public void Dispose() => _files.Dispose();
}
