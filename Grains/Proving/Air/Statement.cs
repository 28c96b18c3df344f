// What a proof states (KERNEL.md §5 step 1): this program, on this input (of which the first
// InputsRead values were read), halts with this output after exactly Cycles cycles — for this
// workload and this prover. All of it seeds the transcript, so a proof binds to every field.
using System.Collections.Immutable;

namespace ProverSim.Grains.Proving.Air;

public sealed record Statement(
    ImmutableArray<ulong> Program,
    ImmutableArray<ulong> Input,
    ImmutableArray<ulong> Output,
    long Cycles,
    int InputsRead,
    long WorkloadId,
    long ProverId)
{
    /// <summary>The trace height: the next power of two ≥ max(cycles + 1, program length, 8).</summary>
    public int Height
    {
        get
        {
            var rows = Math.Max(Math.Max(Cycles + 1, Program.Length), 8);
            if (rows > 1 << 26)
            {
                throw new ArgumentException($"a run of {Cycles} cycles is beyond the prover's 2^26-row limit");
            }

            return (int)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)rows);
        }
    }
}
