// The active set's proof-of-work program: it reads a loop count n and a prover nonce x, runs exactly
// CyclesFor(n) = 5n + 7 cycles and outputs x + n mod p, so every prover's output is its own.
using ProverSim.Grains.Proving.Field;

namespace ProverSim.Grains.Proving.Vm;

public static class ChallengeProgram
{
    /// <summary>
    /// Cycles: `,>,<` 4, `[` 1, then per iteration `->+<` and `]` 5, then `>.` 2: 5n + 7
    /// (for n = 0 the `[` jumps straight past the loop, which the same formula covers).
    /// </summary>
    public const string Source = ",>,<[->+<]>.";

    public const long CyclesPerIteration = 5;
    public const long FixedCycles = 7;

    public static VmProgram Program { get; } = Assembler.Assemble(Source);

    /// <summary>Exact cycle count of a run with loop count n (n &lt; p).</summary>
    public static long CyclesFor(ulong n) => checked((long)(CyclesPerIteration * n) + FixedCycles);

    /// <summary>The largest n with CyclesFor(n) ≤ targetCycles, and at least 1.</summary>
    public static ulong LoopCountFor(long targetCycles) =>
        targetCycles < FixedCycles + CyclesPerIteration
            ? 1
            : (ulong)((targetCycles - FixedCycles) / CyclesPerIteration);

    /// <summary>The input [n, x] for a run of about targetCycles; x is the nonce reduced mod p.</summary>
    public static ulong[] InputFor(long targetCycles, ulong nonce) =>
        [LoopCountFor(targetCycles), nonce % Goldilocks.P];
}
