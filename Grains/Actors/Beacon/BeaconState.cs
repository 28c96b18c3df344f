// The beacon's persisted key pair.
namespace ProverSim.Grains.Actors.Beacon;

[GenerateSerializer, Alias("provsim.BeaconState")]
public sealed class BeaconState
{
    [Id(0)] public byte[] Secret { get; set; } = [];
    [Id(1)] public byte[] PublicKey { get; set; } = [];
}
