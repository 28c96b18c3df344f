// Builds the main trace (KERNEL.md §4) of a run: the processor rows recorded by the VM through a trace
// sink, the halt row and padding; the program table with its lookup multiplicities; the memory table
// (the processor's (clk, mp, mv) sorted by mp, then clk) and the clock-jump multiplicities.
using System.Collections.Immutable;
using ProverSim.Grains.Proving.Field;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.Grains.Proving.Air;

public static class TraceBuilder
{
    /// <summary>Runs the program under the budget; returns the run and, if it halted, the trace columns.</summary>
    public static (RunResult Run, ulong[][]? Columns) Build(VmProgram program, ReadOnlySpan<ulong> input, long cycleBudget)
    {
        var recorder = new Recorder(1024);
        var run = Interpreter.Run(program, input, cycleBudget, ref recorder);
        if (run.Status != RunStatus.Halted)
        {
            return (run, null);
        }

        var statement = new Statement(program.Words, [.. input], run.Output, run.Cycles, run.InputsRead, 0, 0);
        return (run, Columns(program.Words, recorder, statement.Height));
    }

    private static ulong[][] Columns(ImmutableArray<ulong> words, Recorder recorder, int height)
    {
        var columns = new ulong[Air.Columns.Main][];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = new ulong[height];
        }

        var rows = recorder.Count; // cycles + 1 (the halt row)
        var length = words.Length;
        var clk = columns[Air.Columns.Clk];
        var ip = columns[Air.Columns.Ip];
        var ci = columns[Air.Columns.Ci];
        var ni = columns[Air.Columns.Ni];
        var mp = columns[Air.Columns.Mp];
        var mv = columns[Air.Columns.Mv];
        var inv = columns[Air.Columns.Inv];
        var programCount = columns[Air.Columns.ProgramCount];
        for (var i = 0; i < height; i++)
        {
            var source = Math.Min(i, rows - 1); // padding repeats the halt row's ip, mp and mv
            clk[i] = (ulong)i;
            ip[i] = (ulong)recorder.Ip[source];
            mp[i] = (ulong)recorder.Mp[source];
            mv[i] = recorder.Mv[source];
            if (i < rows - 1)
            {
                var at = recorder.Ip[i];
                ci[i] = words[at];
                ni[i] = at + 1 < length ? words[at + 1] : 0;
                foreach (var (column, opcode) in Air.Columns.Selectors)
                {
                    columns[column][i] = ci[i] == opcode ? 1UL : 0UL;
                }

                programCount[at]++;
            }
        }

        var values = (ulong[])mv.Clone();
        var inverses = new ulong[height];
        BatchInverseNonZero(values, inverses);
        inverses.CopyTo(inv, 0);

        for (var i = 0; i < height; i++)
        {
            columns[Air.Columns.ProgramIp][i] = (ulong)i;
            columns[Air.Columns.ProgramCi][i] = i < length ? words[i] : 0;
            columns[Air.Columns.ProgramNi][i] = i + 1 < length ? words[i + 1] : 0;
        }

        // Memory table: processor rows sorted by (mp, clk); same-mp clock jumps counted by value.
        var order = Enumerable.Range(0, height).OrderBy(i => mp[i]).ThenBy(i => i).ToArray();
        var jumps = columns[Air.Columns.ClockJumps];
        for (var r = 0; r < height; r++)
        {
            var i = order[r];
            columns[Air.Columns.MemoryClk][r] = clk[i];
            columns[Air.Columns.MemoryMp][r] = mp[i];
            columns[Air.Columns.MemoryMv][r] = mv[i];
            if (r > 0 && mp[order[r - 1]] == mp[i])
            {
                jumps[i - order[r - 1]]++;
            }
        }

        return columns;
    }

    // Inverts the non-zero entries (zeros stay zero): the `inv` column of the is-zero gadget.
    private static void BatchInverseNonZero(ulong[] values, ulong[] result)
    {
        var nonZero = values.Select((v, i) => (v, i)).Where(x => x.v != 0).ToArray();
        var compact = nonZero.Select(x => x.v).ToArray();
        var inverted = new ulong[compact.Length];
        if (compact.Length > 0)
        {
            Goldilocks.BatchInverse(compact, inverted);
        }

        for (var k = 0; k < nonZero.Length; k++)
        {
            result[nonZero[k].i] = inverted[k];
        }
    }

    /// <summary>Records (ip, mp, mv) before every cycle, and the halt row.</summary>
    internal struct Recorder(int capacity) : ITraceSink
    {
        public int[] Ip = new int[capacity];
        public int[] Mp = new int[capacity];
        public ulong[] Mv = new ulong[capacity];
        public int Count;

        public void Step(int ip, int mp, ulong mv)
        {
            if (Count == Ip.Length)
            {
                Array.Resize(ref Ip, 2 * Count);
                Array.Resize(ref Mp, 2 * Count);
                Array.Resize(ref Mv, 2 * Count);
            }

            Ip[Count] = ip;
            Mp[Count] = mp;
            Mv[Count] = mv;
            Count++;
        }
    }
}
