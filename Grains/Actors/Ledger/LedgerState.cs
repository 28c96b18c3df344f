// The ledger's persisted figures; restoring them re-checks conservation.
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Ledger;

[GenerateSerializer, Alias("provsim.LedgerState")]
public sealed class LedgerState
{
    [Id(0)] public long Minted { get; set; }
    [Id(1)] public long Burned { get; set; }
    [Id(2)] public List<(AccountId Account, long Balance)> Balances { get; set; } = [];
    [Id(3)] public List<(AccountId Account, EntryKind Kind, long Amount)> Credits { get; set; } = [];
    [Id(4)] public HashSet<string> Applied { get; set; } = [];
    [Id(5)] public List<(AccountId Account, EntryKind Kind, long Amount)> Debits { get; set; } = [];
}
