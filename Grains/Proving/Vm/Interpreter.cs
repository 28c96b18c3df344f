// Runs a VmProgram under a cycle budget (KERNEL.md §3): one cycle per executed instruction, cells in
// the Goldilocks field. The state (clk, ip, ci, ni, mp, mv) is the processor row the STARK will record.
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ProverSim.Grains.Proving.Field;

namespace ProverSim.Grains.Proving.Vm;

public enum RunStatus
{
    /// <summary>ip reached the program length.</summary>
    Halted,

    /// <summary>The budget ran out before the program halted.</summary>
    OutOfCycles,

    /// <summary>`&lt;` at mp = 0, or `,` past the end of the input.</summary>
    Fault,
}

/// <summary>
/// How a run ended. Cycles counts the executed instructions (a faulting instruction is not counted);
/// Output holds the values written by `.`; Fault says what went wrong when Status is Fault.
/// </summary>
public sealed record RunResult(RunStatus Status, long Cycles, ImmutableArray<ulong> Output, string? Fault)
{
    /// <summary>How many input values the run consumed with `,` (part of what a proof states).</summary>
    public int InputsRead { get; init; }
}

/// <summary>
/// Receives the processor state before each executed instruction (the trace rows of KERNEL.md §4).
/// A struct sink lets the JIT specialise the one VM loop: the plain run pays nothing for it.
/// </summary>
public interface ITraceSink
{
    void Step(int ip, int mp, ulong mv);
}

/// <summary>The sink of a plain run: records nothing.</summary>
public struct NoTrace : ITraceSink
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Step(int ip, int mp, ulong mv)
    {
    }
}

public static class Interpreter
{
    /// <summary>Budgets must stay below 2^32 cycles (KERNEL.md §3).</summary>
    public const long MaxCycleBudget = uint.MaxValue;

    private const int InitialCells = 64;

    public static RunResult Run(VmProgram program, ReadOnlySpan<ulong> input, long cycleBudget)
    {
        var sink = default(NoTrace);
        return Run(program, input, cycleBudget, ref sink);
    }

    /// <summary>The same run, reporting each cycle's starting state to <paramref name="sink"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RunResult Run<TSink>(VmProgram program, ReadOnlySpan<ulong> input, long cycleBudget, ref TSink sink)
        where TSink : struct, ITraceSink
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentOutOfRangeException.ThrowIfNegative(cycleBudget);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cycleBudget, MaxCycleBudget);
        foreach (var value in input)
        {
            if (!Goldilocks.IsCanonical(value))
            {
                throw new ArgumentOutOfRangeException(nameof(input), value, "input values must be field elements (< p)");
            }
        }

        var words = ImmutableCollectionsMarshal.AsArray(program.Words)!;
        var memory = new ulong[InitialCells];
        var output = new OutputBuffer();
        var inputPosition = 0;

        long clk = 0; // cycles executed so far
        var ip = 0;   // instruction pointer
        var mp = 0;   // memory pointer
        ulong mv = 0; // memory[mp], kept in a register and written back when mp moves
        string? fault = null;

        while ((uint)ip < (uint)words.Length)
        {
            if (clk == cycleBudget)
            {
                return new RunResult(RunStatus.OutOfCycles, clk, output.ToImmutable(), null) { InputsRead = inputPosition };
            }

            var ci = words[ip];
            sink.Step(ip, mp, mv);
            switch (ci)
            {
                case VmProgram.LoopStart:
                    ip = mv == 0 ? (int)words[ip + 1] : ip + 2; // ni = words[ip + 1]
                    break;
                case VmProgram.LoopEnd:
                    ip = mv != 0 ? (int)words[ip + 1] : ip + 2;
                    break;
                case VmProgram.Left:
                    if (mp == 0)
                    {
                        fault = $"'<' at mp = 0 (ip = {ip}, cycle {clk})";
                        goto Faulted;
                    }

                    memory[mp] = mv;
                    mv = memory[--mp];
                    ip++;
                    break;
                case VmProgram.Right:
                    memory[mp] = mv;
                    if (++mp == memory.Length)
                    {
                        if (memory.Length == Array.MaxLength)
                        {
                            fault = $"'>' past the interpreter's {Array.MaxLength}-cell memory (ip = {ip}, cycle {clk})";
                            goto Faulted;
                        }

                        Array.Resize(ref memory, (int)Math.Min(2L * memory.Length, Array.MaxLength));
                    }

                    mv = memory[mp];
                    ip++;
                    break;
                case VmProgram.Increment:
                    mv = Goldilocks.Add(mv, 1);
                    ip++;
                    break;
                case VmProgram.Decrement:
                    mv = Goldilocks.Sub(mv, 1);
                    ip++;
                    break;
                case VmProgram.Read:
                    if (inputPosition == input.Length)
                    {
                        fault = $"',' past the end of the {input.Length}-value input (ip = {ip}, cycle {clk})";
                        goto Faulted;
                    }

                    mv = input[inputPosition++];
                    ip++;
                    break;
                default: // VmProgram.Write: FromWords admits no other opcode
                    output.Add(mv);
                    ip++;
                    break;
            }

            clk++;
        }

        sink.Step(ip, mp, mv); // the halt row: the state after the last instruction
        return new RunResult(RunStatus.Halted, clk, output.ToImmutable(), null) { InputsRead = inputPosition };

    Faulted:
        return new RunResult(RunStatus.Fault, clk, output.ToImmutable(), fault) { InputsRead = inputPosition };
    }

    // A growable list of output values without List<T>'s per-call overhead.
    private struct OutputBuffer
    {
        private ulong[]? values;
        private int count;

        public void Add(ulong value)
        {
            values ??= new ulong[16];
            if (count == values.Length)
            {
                Array.Resize(ref values, 2 * count);
            }

            values[count++] = value;
        }

        public readonly ImmutableArray<ulong> ToImmutable() =>
            values is null ? [] : ImmutableArray.Create(values, 0, count);
    }
}
