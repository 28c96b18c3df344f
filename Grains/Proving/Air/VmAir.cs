// The algebraic intermediate representation of the VM (KERNEL.md §4): every constraint a valid trace
// satisfies, written once and used by the prover (on the LDE coset, and as a self-check on the trace
// domain) and by the verifier (at the out-of-domain point z). Constraints on the main trace alone are
// generic over the field, so the prover evaluates them in F_p; those with auxiliary columns or
// challenges are in F_p2, with main-trace values from either field.
using ProverSim.Grains.Proving.Field;
using C = ProverSim.Grains.Proving.Air.Columns;

namespace ProverSim.Grains.Proving.Air;

public static class VmAir
{
    /// <summary>Constraints on every row (zerofier x^H − 1): booleans, ci, the is-zero gadget.</summary>
    public const int AllRowCount = 12;

    /// <summary>Transitions on the main trace alone: processor, program and memory tables.</summary>
    public const int MainTransitionCount = 9;

    /// <summary>Transitions of the auxiliary columns: three sums, three evaluations.</summary>
    public const int AuxTransitionCount = 6;

    /// <summary>Constraints between each row and the next (zerofier (x^H − 1)/(x − g^(H−1))).</summary>
    public const int TransitionCount = MainTransitionCount + AuxTransitionCount;

    public const int MainFirstRowCount = 8;

    public const int AuxFirstRowCount = 6;

    /// <summary>Row 0: registers, program and memory tables start, every argument starts.</summary>
    public const int FirstRowCount = MainFirstRowCount + AuxFirstRowCount;

    /// <summary>Row C − 1: the last instruction is real.</summary>
    public const int LastInstructionCount = 1;

    /// <summary>Row C: halted, with ip at the program's end.</summary>
    public const int HaltCount = 2;

    /// <summary>Row H − 1: the sums end at 0, the evaluations at the verifier's terminals.</summary>
    public const int LastRowCount = 6;

    public const int Count = AllRowCount + TransitionCount + FirstRowCount + LastInstructionCount + HaltCount + LastRowCount;

    /// <summary>The highest constraint degree in the trace polynomials (so the composition has degree &lt; 3H).</summary>
    public const int MaxDegree = 4;

    public static T Real<T>(ReadOnlySpan<T> m)
        where T : struct, IFieldElement<T> =>
        m[C.SLoopStart] + m[C.SLoopEnd] + m[C.SLeft] + m[C.SRight] + m[C.SIncrement] + m[C.SDecrement] + m[C.SRead] + m[C.SWrite];

    public static void EvaluateAllRows<T>(ReadOnlySpan<T> m, Span<T> result)
        where T : struct, IFieldElement<T>
    {
        var k = 0;
        var ci = T.Zero;
        foreach (var (column, opcode) in C.Selectors)
        {
            var s = m[column];
            result[k++] = s * (T.One - s);
            ci += s * T.Lift(opcode);
        }

        var real = Real(m);
        result[k++] = real * (T.One - real);
        result[k++] = m[C.Ci] - ci;
        var mv = m[C.Mv];
        var isZero = T.One - mv * m[C.Inv];
        result[k++] = mv * isZero;
        result[k] = m[C.Inv] * isZero;
    }

    public static void EvaluateMainTransitions<T>(ReadOnlySpan<T> m, ReadOnlySpan<T> n, Span<T> result)
        where T : struct, IFieldElement<T>
    {
        var one = T.One;
        var two = one + one;
        var notReal = one - Real(m);
        var mv = m[C.Mv];
        var isZero = one - mv * m[C.Inv];
        var dIp = n[C.Ip] - m[C.Ip];
        var dMp = n[C.Mp] - m[C.Mp];
        var dMv = n[C.Mv] - mv;

        // Processor (KERNEL.md §4): clk, ip, mp, mv per instruction; halting is final.
        result[0] = n[C.Clk] - m[C.Clk] - one;
        var stepOne = m[C.SLeft] + m[C.SRight] + m[C.SIncrement] + m[C.SDecrement] + m[C.SRead] + m[C.SWrite];
        result[1] = m[C.SLoopStart] * (mv * (dIp - two) + isZero * (n[C.Ip] - m[C.Ni]))
            + m[C.SLoopEnd] * (isZero * (dIp - two) + mv * (n[C.Ip] - m[C.Ni]))
            + stepOne * (dIp - one)
            + notReal * dIp;
        var keepMp = m[C.SLoopStart] + m[C.SLoopEnd] + m[C.SIncrement] + m[C.SDecrement] + m[C.SRead] + m[C.SWrite] + notReal;
        result[2] = m[C.SLeft] * (dMp + one) + m[C.SRight] * (dMp - one) + keepMp * dMp;
        var keepMv = m[C.SLoopStart] + m[C.SLoopEnd] + m[C.SWrite] + notReal;
        result[3] = m[C.SIncrement] * (dMv - one) + m[C.SDecrement] * (dMv + one) + keepMv * dMv;
        result[4] = notReal * Real(n);

        // Program table: addresses count up.
        result[5] = n[C.ProgramIp] - m[C.ProgramIp] - one;

        // Memory table: mp rises by 0 or 1; a fresh cell starts at 0; a jump in clk keeps mv.
        var memoryStep = n[C.MemoryMp] - m[C.MemoryMp];
        var sameCell = one - memoryStep;
        result[6] = memoryStep * sameCell;
        result[7] = memoryStep * n[C.MemoryMv];
        result[8] = sameCell * (n[C.MemoryClk] - m[C.MemoryClk] - one) * (n[C.MemoryMv] - m[C.MemoryMv]);
    }

    /// <summary>
    /// Transitions of the auxiliary columns. Main-trace values are <typeparamref name="T"/>: the base field
    /// on the prover's coset (a product with a challenge is then two base products), F_p2 at the verifier's z,
    /// or eight points of the coset in lanes (<typeparamref name="E"/> then holds eight F_p2 values).
    /// </summary>
    public static void EvaluateAuxTransitions<T, E>(ReadOnlySpan<T> m, ReadOnlySpan<T> n, ReadOnlySpan<E> a, ReadOnlySpan<E> an, AuxChallenges ch, Span<E> result)
        where T : struct, IFieldElement<T>, IExtensionScalar<T, E>
        where E : struct, IExtensionField<E>
    {
        // Log-derivative sums: (A' − A)·(δ − x')·(δ − y') = flag'·(δ − y') − m'·(δ − x').
        var alpha = E.From(ch.Alpha);
        var x = alpha - ch.Instruction<T, E>(n[C.Ip], n[C.Ci], n[C.Ni]);
        var programTuple = ch.Instruction<T, E>(n[C.ProgramIp], n[C.ProgramCi], n[C.ProgramNi]);
        var y = alpha - programTuple;
        result[0] = (an[C.InstructionSum] - a[C.InstructionSum]) * x * y - (T.Scale(y, Real(n)) - T.Scale(x, n[C.ProgramCount]));
        var beta = E.From(ch.Beta);
        var u = beta - ch.Memory<T, E>(n[C.Clk], n[C.Mp], n[C.Mv]);
        var w = beta - ch.Memory<T, E>(n[C.MemoryClk], n[C.MemoryMp], n[C.MemoryMv]);
        result[1] = (an[C.MemorySum] - a[C.MemorySum]) * u * w - (w - u);
        var sameCell = T.One - (n[C.MemoryMp] - m[C.MemoryMp]);
        var gamma = E.From(ch.Gamma);
        var jump = gamma - T.Extend(n[C.MemoryClk] - m[C.MemoryClk]);
        var clk = gamma - T.Extend(n[C.Clk]);
        result[2] = (an[C.ClockJumpSum] - a[C.ClockJumpSum]) * jump * clk - (T.Scale(clk, sameCell) - T.Scale(jump, n[C.ClockJumps]));
        // Evaluation arguments: program table rows, values read by `,` (next mv), values written by `.`.
        result[3] = an[C.ProgramEval] - E.From(ch.Eta) * a[C.ProgramEval] - programTuple;
        var read = m[C.SRead];
        var nextMv = T.Extend(n[C.Mv]);
        result[4] = an[C.InputEval] - T.Scale(E.From(ch.LambdaIn) * a[C.InputEval] + nextMv, read) - T.Scale(a[C.InputEval], T.One - read);
        var write = n[C.SWrite];
        result[5] = an[C.OutputEval] - T.Scale(E.From(ch.LambdaOut) * a[C.OutputEval] + nextMv, write) - T.Scale(a[C.OutputEval], T.One - write);
    }

    public static void EvaluateMainFirstRow<T>(ReadOnlySpan<T> m, Span<T> result)
        where T : struct, IFieldElement<T>
    {
        result[0] = m[C.Clk];
        result[1] = m[C.Ip];
        result[2] = m[C.Mp];
        result[3] = m[C.Mv];
        result[4] = m[C.ProgramIp];
        result[5] = m[C.MemoryClk];
        result[6] = m[C.MemoryMp];
        result[7] = m[C.MemoryMv];
    }

    public static void EvaluateAuxFirstRow<T, E>(ReadOnlySpan<T> m, ReadOnlySpan<E> a, AuxChallenges ch, Span<E> result)
        where T : struct, IFieldElement<T>, IExtensionScalar<T, E>
        where E : struct, IExtensionField<E>
    {
        var x = E.From(ch.Alpha) - ch.Instruction<T, E>(m[C.Ip], m[C.Ci], m[C.Ni]);
        var programTuple = ch.Instruction<T, E>(m[C.ProgramIp], m[C.ProgramCi], m[C.ProgramNi]);
        var y = E.From(ch.Alpha) - programTuple;
        result[0] = a[C.InstructionSum] * x * y - (T.Scale(y, Real(m)) - T.Scale(x, m[C.ProgramCount]));
        var u = E.From(ch.Beta) - ch.Memory<T, E>(m[C.Clk], m[C.Mp], m[C.Mv]);
        var w = E.From(ch.Beta) - ch.Memory<T, E>(m[C.MemoryClk], m[C.MemoryMp], m[C.MemoryMv]);
        result[1] = a[C.MemorySum] * u * w - (w - u);
        result[2] = a[C.ClockJumpSum] * (E.From(ch.Gamma) - T.Extend(m[C.Clk])) + T.Extend(m[C.ClockJumps]);
        result[3] = a[C.ProgramEval] - programTuple;
        result[4] = a[C.InputEval];
        result[5] = a[C.OutputEval] - T.Extend(m[C.SWrite] * m[C.Mv]);
    }

    public static void EvaluateLastInstruction<T>(ReadOnlySpan<T> m, Span<T> result)
        where T : struct, IFieldElement<T> => result[0] = Real(m) - T.One;

    public static void EvaluateHalt<T>(ReadOnlySpan<T> m, int programLength, Span<T> result)
        where T : struct, IFieldElement<T>
    {
        result[0] = Real(m);
        result[1] = m[C.Ip] - T.Lift((ulong)programLength);
    }

    public static void EvaluateLastRow<E>(ReadOnlySpan<E> a, Terminals terminals, Span<E> result)
        where E : struct, IExtensionField<E>
    {
        result[0] = a[C.InstructionSum];
        result[1] = a[C.MemorySum];
        result[2] = a[C.ClockJumpSum];
        result[3] = a[C.ProgramEval] - E.From(terminals.Program);
        result[4] = a[C.InputEval] - E.From(terminals.Input);
        result[5] = a[C.OutputEval] - E.From(terminals.Output);
    }
}
