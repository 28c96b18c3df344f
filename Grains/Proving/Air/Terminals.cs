// The terminal values of the auxiliary columns' arguments (KERNEL.md §4) that the verifier derives from
// the public statement and the auxiliary challenges.
using ProverSim.Grains.Proving.Field;

namespace ProverSim.Grains.Proving.Air;

/// <summary>
/// The values the verifier computes itself from the public statement (never taken from the prover):
/// the program table's evaluation over all H rows and the Horner evaluations of input and output.
/// </summary>
public sealed record Terminals(Fp2 Program, Fp2 Input, Fp2 Output)
{
    public static Terminals Compute(Statement statement, int height, AuxChallenges ch)
    {
        var words = statement.Program;
        var program = Fp2.Zero;
        var end = Math.Min(height, words.Length);
        for (var i = 0; i < end; i++)
        {
            var ni = i + 1 < words.Length ? words[i + 1] : 0;
            program = ch.Eta * program + ch.Instruction(Fp2.FromBase((ulong)i), Fp2.FromBase(words[i]), Fp2.FromBase(ni));
        }

        // Past the program, ci = ni = 0: the row's tuple is a·ip, which rises by a from row to row.
        var tuple = ch.A * (ulong)end;
        for (var i = end; i < height; i++)
        {
            program = ch.Eta * program + tuple;
            tuple += ch.A;
        }

        return new Terminals(program, Horner(statement.Input.AsSpan(0, statement.InputsRead), ch.LambdaIn), Horner(statement.Output.AsSpan(), ch.LambdaOut));
    }

    private static Fp2 Horner(ReadOnlySpan<ulong> values, Fp2 point)
    {
        var acc = Fp2.Zero;
        foreach (var v in values)
        {
            acc = point * acc + Fp2.FromBase(v);
        }

        return acc;
    }
}
