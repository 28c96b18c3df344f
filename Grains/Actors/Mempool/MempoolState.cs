// The mempool's persisted state: capsules and reveals per workload until the workload settles.
namespace ProverSim.Grains.Actors.Mempool;

[GenerateSerializer, Alias("provsim.MempoolState")]
public sealed class MempoolState
{
    [Id(0)] public SortedDictionary<long, SortedDictionary<long, CapsulePost>> Capsules { get; set; } = [];
    [Id(1)] public SortedDictionary<long, SortedDictionary<long, KeyReveal>> Reveals { get; set; } = [];
    [Id(2)] public long LastSlot { get; set; } = -1;
}
