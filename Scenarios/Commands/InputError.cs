// Bad input to a command that is not a scenario file (a key, a file to seal or open): one line naming
// the option or file and what is allowed; `provsim` exits with code 2.
namespace ProverSim.Scenarios.Commands;

public sealed class InputError(string message) : Exception(message);
