// What the pots hold between slots, written once per slot with deposits: per epoch the amount and each
// prover's claimed cycles, and the last slot recorded (a retried slot records nothing twice).
namespace ProverSim.Grains.Actors.Pots;

[GenerateSerializer, Alias("provsim.RewardPotState")]
public sealed class RewardPotState
{
    [Id(0)]
    public SortedDictionary<long, long> Deposits { get; set; } = [];

    [Id(1)]
    public SortedDictionary<long, SortedDictionary<long, long>> Cycles { get; set; } = [];

    [Id(2)]
    public long LastSlot { get; set; } = -1;
}
