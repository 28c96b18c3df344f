// The verifier's random challenges for the auxiliary columns (KERNEL.md §4), all drawn from F_p2 after
// the main trace is committed: tuple weights a..f and the arguments' points α, β, γ, η, λ_in, λ_out.
using ProverSim.Grains.Proving.Field;
using ProverSim.Grains.Proving.Stark;

namespace ProverSim.Grains.Proving.Air;

public sealed record Challenges(Fp2 A, Fp2 B, Fp2 C, Fp2 D, Fp2 E, Fp2 F, Fp2 Alpha, Fp2 Beta, Fp2 Gamma, Fp2 Eta, Fp2 LambdaIn, Fp2 LambdaOut)
{
    public static Challenges Draw(Transcript transcript) => new(
        transcript.DrawExtension(), transcript.DrawExtension(), transcript.DrawExtension(),
        transcript.DrawExtension(), transcript.DrawExtension(), transcript.DrawExtension(),
        transcript.DrawExtension(), transcript.DrawExtension(), transcript.DrawExtension(),
        transcript.DrawExtension(), transcript.DrawExtension(), transcript.DrawExtension());

    /// <summary>The instruction tuple a·ip + b·ci + c·ni (base-field registers cost two products per term).</summary>
    public Fp2 Instruction<T>(T ip, T ci, T ni)
        where T : struct, IFieldElement<T>, IExtensionScalar<T> => T.Scale(A, ip) + T.Scale(B, ci) + T.Scale(C, ni);

    /// <summary>The memory tuple d·clk + e·mp + f·mv.</summary>
    public Fp2 Memory<T>(T clk, T mp, T mv)
        where T : struct, IFieldElement<T>, IExtensionScalar<T> => T.Scale(D, clk) + T.Scale(E, mp) + T.Scale(F, mv);
}

/// <summary>
/// The values the verifier computes itself from the public statement (never taken from the prover):
/// the program table's evaluation over all H rows and the Horner evaluations of input and output.
/// </summary>
public sealed record Terminals(Fp2 Program, Fp2 Input, Fp2 Output)
{
    public static Terminals Compute(Statement statement, int height, Challenges ch)
    {
        var words = statement.Program;
        var program = Fp2.Zero;
        for (var i = 0; i < height; i++)
        {
            var ci = i < words.Length ? words[i] : 0;
            var ni = i + 1 < words.Length ? words[i + 1] : 0;
            program = ch.Eta * program + ch.Instruction(Fp2.FromBase((ulong)i), Fp2.FromBase(ci), Fp2.FromBase(ni));
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
