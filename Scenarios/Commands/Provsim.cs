// The command tree of `provsim`: every verb, each with its options and an example in its help.
using System.CommandLine;

namespace ProverSim.Scenarios.Commands;

public static class Provsim
{
    public static RootCommand Root() => new("ProverSim: a simulator of a decentralized prover network.\nExample: provsim run Scenarios/examples/baseline.yaml")
    {
        RunCommand.Create(),
        ValidateCommand.Create(),
        VerifyCommand.Create(),
        LoadTestCommand.Create(),
        BenchCommand.Create(),
        KeysCommand.Create(),
        CapsuleCommand.Create(),
        ReportCommand.Create(),
        ReportCommand.Compare(),
        DbCommand.Create(),
        NewCommand.Create(),
        ExplainCommand.Create(),
        ExpectCommand.Create(),
        TuneCommand.Create(),
        CompletionCommand.Create(),
    };
}
