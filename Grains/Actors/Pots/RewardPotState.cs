// What the pots hold between slots, persisted at every deposit: per epoch the amount and each prover's
// claimed cycles, and which workloads were recorded (a retried slot records them again).
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Pots;

[GenerateSerializer, Alias("provsim.RewardPotState")]
public sealed class RewardPotState
{
    [Id(0)]
    public SortedDictionary<long, long> Deposits { get; set; } = [];

    [Id(1)]
    public SortedDictionary<long, SortedDictionary<long, long>> Cycles { get; set; } = [];

    [Id(2)]
    public SortedSet<long> Workloads { get; set; } = [];
}
