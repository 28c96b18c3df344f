// The network's randomness beacon (DESIGN.md §1 "Allocation", §3.1): the one grain that holds the VRF
// secret key. Everyone else sends it a public VRF input (alpha) and gets back the proof and output.
namespace ProverSim.Grains.Actors.Beacon;

[Alias("provsim.IBeaconGrain")]
public interface IBeaconGrain : IGrainWithStringKey
{
    /// <summary>Derives and stores the run's key pair (once); returns the public key (SEC1 compressed).</summary>
    [Alias("Initialize")]
    Task<byte[]> InitializeAsync();

    /// <summary>The ECVRF proof over <paramref name="alpha"/>; proofs are made in parallel.</summary>
    [Alias("Prove"), Orleans.Concurrency.AlwaysInterleave]
    Task<VrfOutput> ProveAsync(byte[] alpha);
}

/// <summary>A VRF evaluation anyone holding the public key can check: input, proof, output.</summary>
[GenerateSerializer, Immutable, Alias("provsim.VrfOutput")]
public sealed record VrfOutput(byte[] Alpha, byte[] Pi, byte[] Beta);
