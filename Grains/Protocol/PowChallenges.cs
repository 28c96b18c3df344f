// Proof-of-work challenges (DESIGN.md §1 "Active prover set"): who is drawn for one in a slot, the
// per-prover nonce of its input, the deadline from the exact cycles at the *declared* speed, and the
// verdict: the answer must verify, run exactly the challenge's cycles and arrive by the deadline.
namespace ProverSim.Grains.Protocol;

/// <summary>PoW challenge timing: the deadline follows from the exact cycles at the declared speed.</summary>
public static class PowChallenges
{
    public const string Domain = "provsim/pow/v1";

    /// <summary>Issued at <paramref name="issuedMicros"/>: due after the exact cycles at the declared speed plus the slack.</summary>
    public static long Deadline(long issuedMicros, long exactCycles, HardwareProfile declared, ProtocolParameters parameters) =>
        issuedMicros + declared.ComputeMicros(exactCycles) + parameters.PowSlackMicros;

    /// <summary>Whether a member receives a random challenge this slot, drawn from the slot's beacon output.</summary>
    public static bool IsSelected(ReadOnlySpan<byte> slotBeacon, long proverId, ProtocolParameters parameters)
    {
        if (parameters.PowRatePpm == 0)
        {
            return false;
        }

        Span<byte> seed = stackalloc byte[slotBeacon.Length + 8];
        slotBeacon.CopyTo(seed);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(seed[slotBeacon.Length..], proverId);
        return new HashStream(Domain, seed).NextChance(parameters.PowRatePpm);
    }

    /// <summary>The per-prover challenge nonce (the program's second input), so no two provers share an answer.</summary>
    public static ulong Nonce(ReadOnlySpan<byte> slotBeacon, long proverId, int index)
    {
        Span<byte> seed = stackalloc byte[slotBeacon.Length + 12];
        slotBeacon.CopyTo(seed);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(seed[slotBeacon.Length..], proverId);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(seed[(slotBeacon.Length + 8)..], index);
        return new HashStream(Domain + "/nonce", seed).NextBelow(0xFFFF_FFFF_0000_0001UL);
    }

    /// <summary>An answer is correct when its proof verifies and it ran exactly the challenge's cycles.</summary>
    public static bool IsCorrect(bool proofVerifies, long cycles, long exactCycles) => proofVerifies && cycles == exactCycles;

    /// <summary>A challenge passes when a correct answer finished by the deadline; anything else is a miss.</summary>
    public static bool Passes(bool answeredCorrectly, long finishMicros, long deadlineMicros) => answeredCorrectly && finishMicros <= deadlineMicros;
}
