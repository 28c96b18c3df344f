// The keys of copy protection in a replayable run: each user's X25519 key pair and each prover's
// temporary key pair per workload come from HPKE DeriveKeyPair over keying material drawn from a stream
// of its own (DESIGN.md §2: every stream derived from seed, replication, purpose and entity); so do the
// fresh bytes of each seal. Outside a run (`provsim keys new`, `capsule seal`) they come from the system RNG.
using ProverSim.Grains.Crypto;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Provers;

public static class CapsuleKeys
{
    public static (byte[] Secret, byte[] Public) User(long seed, int replication, long userId) =>
        Hpke.DeriveKeyPair(Material(new DerivedRandom(seed, replication, "user-key", userId)));

    /// <summary>The temporary key a prover makes for one workload and reveals when it closes.</summary>
    public static (byte[] Secret, byte[] Public) Temporary(long seed, int replication, long proverId, long workloadId) =>
        Hpke.DeriveKeyPair(Material(new DerivedRandom(seed, replication, $"temp-key/{workloadId}", proverId)));

    /// <summary>The fresh bytes of the prover's seal of its capsule for one workload.</summary>
    public static RandomFill SealRandom(long seed, int replication, long proverId, long workloadId) =>
        new DerivedRandom(seed, replication, $"capsule/{workloadId}", proverId).NextBytes;

    /// <summary>
    /// A prover's capsule for one workload in a run: its claim sealed to the user's key and to its temporary
    /// key for the workload, with the seal's fresh bytes from the run's streams.
    /// </summary>
    public static byte[] Seal(long seed, int replication, CapsuleBinding binding, byte[] userKey, ProofPayload claim) =>
        ProofCapsule.Seal(
            binding, userKey, Temporary(seed, replication, binding.ProverId, binding.WorkloadId).Public, claim.Encode(),
            SealRandom(seed, replication, binding.ProverId, binding.WorkloadId));

    private static byte[] Material(DerivedRandom random)
    {
        var ikm = new byte[Hpke.KeyLength];
        random.NextBytes(ikm);
        return ikm;
    }
}
