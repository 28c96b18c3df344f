// The active set's proof-of-work program: independent lanes, one per declared core. Each lane reads a
// loop count n and its own nonce x and outputs x + n mod p; a zero loop count ends the run. A run of
// L lanes takes exactly CyclesFor(n, L) = 2 + L(5n + 9) cycles, and every prover's outputs are its own.
using ProverSim.Grains.Proving.Field;

namespace ProverSim.Grains.Proving.Vm;

public static class ChallengeProgram
{
    /// <summary>
    /// Cycles: `,[` 2 once; per lane `>,<` 3, `[` 1, per iteration `->+<]` 5, `>.` 2, `>,` 2 (the next
    /// lane's count, or the closing 0) and `]` 1: 5n + 9. Each lane works on two fresh cells.
    /// </summary>
    public const string Source = ",[>,<[->+<]>.>,]";

    public const long CyclesPerIteration = 5;
    public const long FixedCycles = 2;
    public const long LaneFixedCycles = 9;

    public static VmProgram Program { get; } = Assembler.Assemble(Source);

    /// <summary>Exact cycles of one lane with loop count n (1 ≤ n &lt; p).</summary>
    public static long LaneCyclesFor(ulong n) => checked((long)(CyclesPerIteration * n) + LaneFixedCycles);

    /// <summary>Exact cycle count of a run of <paramref name="lanes"/> lanes with loop count n (1 ≤ n &lt; p).</summary>
    public static long CyclesFor(ulong n, int lanes = 1) => checked(FixedCycles + (lanes * LaneCyclesFor(n)));

    /// <summary>The largest n ≥ 1 with CyclesFor(n, lanes) ≤ targetCycles, and 1 when even n = 1 is over it.</summary>
    public static ulong LoopCountFor(long targetCycles, int lanes = 1)
    {
        var perLane = (targetCycles - FixedCycles) / lanes;
        return perLane < LaneFixedCycles + CyclesPerIteration ? 1 : (ulong)((perLane - LaneFixedCycles) / CyclesPerIteration);
    }

    /// <summary>
    /// The input for a run of about <paramref name="targetCycles"/> over one lane per nonce: each lane's
    /// loop count and nonce (reduced mod p), then the 0 that ends the run.
    /// </summary>
    public static ulong[] InputFor(long targetCycles, ReadOnlySpan<ulong> nonces)
    {
        ArgumentOutOfRangeException.ThrowIfZero(nonces.Length);
        var n = LoopCountFor(targetCycles, nonces.Length);
        var input = new ulong[(2 * nonces.Length) + 1];
        for (var lane = 0; lane < nonces.Length; lane++)
        {
            input[2 * lane] = n;
            input[(2 * lane) + 1] = nonces[lane] % Goldilocks.P;
        }

        return input;
    }

    /// <summary>The input of a one-lane run of about <paramref name="targetCycles"/>.</summary>
    public static ulong[] InputFor(long targetCycles, ulong nonce) => InputFor(targetCycles, [nonce]);
}
