// Proof-of-work challenges (DESIGN.md §1 "Active prover set"): who is drawn for one in a slot, what it
// asks of the hardware the prover declared, the per-lane nonces of its input, the deadline at the
// *declared* hardware, how long it takes on the hardware the prover really has, and the verdict: the
// answer must verify, run exactly the challenge's cycles and arrive by the deadline.
//
// Each declared hardware field has its test. Speed and cores: the challenge's cycles are spread over one
// independent lane per declared core, due after one lane's cycles at the declared speed (a core's speed);
// a machine with fewer cores runs the lanes in several waves, a slower one runs each lane longer.
// Bandwidth: the challenge carries an input sized to arrive in pow_transfer at the declared bandwidth.
// Memory and GPUs: the challenge needs the declared memory and GPUs; a prover with less cannot answer.
namespace ProverSim.Grains.Protocol;

/// <summary>
/// What one challenge asks of a prover: <paramref name="Lanes"/> lanes of <paramref name="LaneCycles"/>
/// cycles after <paramref name="SetupCycles"/>, an input of <paramref name="InputBytes"/>, and the
/// memory and GPUs it needs.
/// </summary>
public sealed record ChallengeTest(int Lanes, long LaneCycles, long SetupCycles, long InputBytes, int MemoryGb, int Gpus)
{
    public long ExactCycles => checked(SetupCycles + (Lanes * LaneCycles));

    /// <summary>Whether the hardware has the memory and GPUs the challenge needs.</summary>
    public bool CanRunOn(HardwareProfile hardware) => hardware.MemoryGb >= MemoryGb && hardware.Gpus >= Gpus;

    /// <summary>Waves of lanes the hardware's cores run one after the other.</summary>
    public long Waves(HardwareProfile hardware) => (Lanes + hardware.CpuCores - 1) / hardware.CpuCores;

    /// <summary>The compute time on the hardware: the setup, then the lanes in waves of as many as it has cores.</summary>
    public long ComputeMicros(HardwareProfile hardware) => hardware.ComputeMicros(checked(SetupCycles + (Waves(hardware) * LaneCycles)));

    /// <summary>The input's transfer time at the hardware's bandwidth.</summary>
    public long TransferMicros(HardwareProfile hardware) => hardware.TransferMicros(InputBytes);
}

/// <summary>PoW challenge rules: the test of the declared hardware, the deadline, the draw and the verdict.</summary>
public static class PowChallenges
{
    public const string Domain = "provsim/pow/v1";

    /// <summary>The largest challenge input, so that its transfer time cannot overflow.</summary>
    public const long MaxInputBytes = long.MaxValue / 16;

    /// <summary>One lane per declared core.</summary>
    public static int Lanes(HardwareProfile declared) => declared.CpuCores;

    /// <summary>The input that arrives in exactly pow_transfer (rounded down to whole bytes) at the declared bandwidth.</summary>
    public static long InputBytes(HardwareProfile declared, ProtocolParameters parameters) =>
        (long)Int128.Min((Int128)declared.BandwidthMbps * parameters.PowTransferMicros / 8, MaxInputBytes);

    /// <summary>Issued at <paramref name="issuedMicros"/>: due after the input and one wave of lanes at the declared hardware, plus the slack.</summary>
    public static long Deadline(long issuedMicros, ChallengeTest test, HardwareProfile declared, ProtocolParameters parameters) =>
        issuedMicros + test.TransferMicros(declared) + test.ComputeMicros(declared) + parameters.PowSlackMicros;

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

    /// <summary>The nonce of one lane of a prover's challenge, so that no two provers (or lanes) share an answer.</summary>
    public static ulong Nonce(ReadOnlySpan<byte> slotBeacon, long proverId, int index, int lane)
    {
        Span<byte> seed = stackalloc byte[slotBeacon.Length + 16];
        slotBeacon.CopyTo(seed);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(seed[slotBeacon.Length..], proverId);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(seed[(slotBeacon.Length + 8)..], index);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(seed[(slotBeacon.Length + 12)..], lane);
        return new HashStream(Domain + "/nonce", seed).NextBelow(0xFFFF_FFFF_0000_0001UL);
    }

    /// <summary>An answer is correct when its proof verifies and it ran exactly the challenge's cycles.</summary>
    public static bool IsCorrect(bool proofVerifies, long cycles, long exactCycles) => proofVerifies && cycles == exactCycles;

    /// <summary>A challenge passes when a correct answer finished by the deadline; anything else is a miss.</summary>
    public static bool Passes(bool answeredCorrectly, long finishMicros, long deadlineMicros) => answeredCorrectly && finishMicros <= deadlineMicros;
}
