// A batch the ledger refused (overdraft, negative amount, broken conservation), carried across grain
// calls; Protocol's LedgerException stays free of Orleans serialization.
namespace ProverSim.Grains.Actors.Ledger;

[GenerateSerializer, Alias("provsim.LedgerRejectedException")]
public sealed class LedgerRejectedException : Exception
{
    public LedgerRejectedException()
    {
    }

    public LedgerRejectedException(string message) : base(message)
    {
    }

    public LedgerRejectedException(string message, Exception inner) : base(message, inner)
    {
    }
}
