// Builds the six auxiliary columns (KERNEL.md §4 items 1–6) from the main trace and the challenges:
// running log-derivative sums for the instruction lookup, the memory permutation and the clock-jump
// lookup (each ends at 0 for an honest trace), and the program, input and output evaluations.
using ProverSim.Grains.Proving.Field;

namespace ProverSim.Grains.Proving.Air;

public static class AuxTraceBuilder
{
    public static Fp2[][] Build(ulong[][] main, AuxChallenges ch)
    {
        var height = main[0].Length;
        var aux = new Fp2[Columns.Aux][];
        for (var c = 0; c < aux.Length; c++)
        {
            aux[c] = new Fp2[height];
        }

        // Denominators of all three sums, inverted in one batch: (α − x), (α − y), (β − u), (β − w), (γ − Δ), (γ − clk).
        var denominators = new Fp2[6 * height];
        for (var i = 0; i < height; i++)
        {
            denominators[6 * i] = ch.Alpha - ch.Instruction(B(main, Columns.Ip, i), B(main, Columns.Ci, i), B(main, Columns.Ni, i));
            denominators[6 * i + 1] = ch.Alpha - ch.Instruction(B(main, Columns.ProgramIp, i), B(main, Columns.ProgramCi, i), B(main, Columns.ProgramNi, i));
            denominators[6 * i + 2] = ch.Beta - ch.Memory(B(main, Columns.Clk, i), B(main, Columns.Mp, i), B(main, Columns.Mv, i));
            denominators[6 * i + 3] = ch.Beta - ch.Memory(B(main, Columns.MemoryClk, i), B(main, Columns.MemoryMp, i), B(main, Columns.MemoryMv, i));
            var jump = i == 0 ? 0 : Goldilocks.Sub(main[Columns.MemoryClk][i], main[Columns.MemoryClk][i - 1]);
            denominators[6 * i + 4] = ch.Gamma - Fp2.FromBase(jump);
            denominators[6 * i + 5] = ch.Gamma - F(main, Columns.Clk, i);
        }

        var inverses = new Fp2[denominators.Length];
        Fp2.BatchInverse(denominators, inverses);

        Fp2 instruction = Fp2.Zero, memory = Fp2.Zero, jumps = Fp2.Zero, program = Fp2.Zero, input = Fp2.Zero, output = Fp2.Zero;
        for (var i = 0; i < height; i++)
        {
            var real = Real(main, i);
            instruction += inverses[6 * i] * real - inverses[6 * i + 1] * main[Columns.ProgramCount][i];
            memory += inverses[6 * i + 2] - inverses[6 * i + 3];
            var sameCell = i == 0 ? 0 : Goldilocks.Sub(1, Goldilocks.Sub(main[Columns.MemoryMp][i], main[Columns.MemoryMp][i - 1]));
            jumps += inverses[6 * i + 4] * sameCell - inverses[6 * i + 5] * main[Columns.ClockJumps][i];

            var tuple = ch.Instruction(B(main, Columns.ProgramIp, i), B(main, Columns.ProgramCi, i), B(main, Columns.ProgramNi, i));
            program = i == 0 ? tuple : ch.Eta * program + tuple;
            if (i > 0 && main[Columns.SRead][i - 1] == 1)
            {
                input = ch.LambdaIn * input + F(main, Columns.Mv, i);
            }

            if (main[Columns.SWrite][i] == 1)
            {
                output = ch.LambdaOut * output + F(main, Columns.Mv, i);
            }

            aux[Columns.InstructionSum][i] = instruction;
            aux[Columns.MemorySum][i] = memory;
            aux[Columns.ClockJumpSum][i] = jumps;
            aux[Columns.ProgramEval][i] = program;
            aux[Columns.InputEval][i] = input;
            aux[Columns.OutputEval][i] = output;
        }

        return aux;
    }

    private static Fp2 F(ulong[][] main, int column, int row) => Fp2.FromBase(main[column][row]);

    // A main-trace value as a base-field scalar: its product with a challenge is two base products.
    private static Fp B(ulong[][] main, int column, int row) => new(main[column][row]);

    private static ulong Real(ulong[][] main, int row)
    {
        ulong real = 0;
        foreach (var (column, _) in Columns.Selectors)
        {
            real = Goldilocks.Add(real, main[column][row]);
        }

        return real;
    }
}
