// A problem with a scenario file: which file, where, which key and what is allowed. Printed as one
// line; `provsim` exits with code 2.
namespace ProverSim.Scenarios.Files;

public sealed class ScenarioError(string file, long line, string keyPath, string message)
    : Exception($"{file}:{line}: {keyPath}: {message}")
{
    public string File { get; } = file;

    public long Line { get; } = line;

    public string KeyPath { get; } = keyPath;

    public string Problem { get; } = message;
}
