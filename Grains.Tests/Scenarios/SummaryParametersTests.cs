// The parameters block of summary.json: every protocol parameter under its scenario key, in the scenario
// file's units, so that the block pasted as a file's `protocol:` section reads back to the same parameters.
using ProverSim.Grains.Protocol;
using ProverSim.Scenarios.Files;
using ProverSim.Scenarios.Results;

namespace ProverSim.Grains.Tests.Scenarios;

public sealed class SummaryParametersTests : IDisposable
{
    private const string Scenario = """
        name: parameters
        protocol: PROTOCOL
        groups:
          - name: a
            hardware: { speed: 1000 }
        demand:
          programs:
            - file: ../programs/countdown.bf
              paid_cycles: 100
        """;

    private readonly ScenarioFiles _files = new();

    [Fact]
    public void TheDefaultsAreWrittenUnderTheirScenarioKeysInTheFilesUnits() =>
        Assert.Equal(
            """{"min_stake":1000,"join_challenges":1,"pow_rate":0.01,"pow_slack":0.2,"pow_slash":0,"pow_cycles":2000,"pow_transfer":0.1,"challenge_priority":"preempt","pow_reward":10,"cooldown":10,"k":3,"tiers":[0.6,0.25,0.15],"reward":1000,"fee_per_megacycle":100000,"allocation_weight":"uniform","slot_length":1,"epoch_slots":10,"market_candidates":3,"input_deadline":0.5,"jitter":0}""",
            Summary.Parameters(new ProtocolParameters()).ToJsonString());

    [Fact]
    public void TheBlockReadsBackAsAScenariosProtocolSection()
    {
        var written = Read("""{ pow_rate: 0.25, pow_slack: 0.000001, pow_slash: 1, k: 4, tiers: [0.4, 0.3, 0.2, 0.1], allocation_weight: stake, slot_length: 2.5, input_deadline: 0.125, jitter: 0.999999, cooldown: 1, min_stake: 1 }""");
        var block = Summary.Parameters(written).ToJsonString();
        Assert.Equal(ProtocolParameterTable.Keys, Summary.Parameters(written).Select(p => p.Key));
        Assert.Contains("\"pow_slack\":0.000001", block);
        Assert.Contains("\"tiers\":[0.4,0.3,0.2,0.1]", block);
        Assert.Equal(block, Summary.Parameters(Read(block)).ToJsonString());
    }

    public void Dispose() => _files.Dispose();

    private ProtocolParameters Read(string protocol) =>
        ScenarioParser.Load(_files.Write("parameters.yaml", Scenario.Replace("PROTOCOL", protocol))).Parameters;
}
