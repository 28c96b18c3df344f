// The verifier's random challenges for the auxiliary columns (KERNEL.md §4), all drawn from F_p2 by the
// Fiat–Shamir transcript after the main trace is committed: tuple weights a..f and the arguments'
// points α, β, γ, η, λ_in, λ_out. (Not the proof-of-work challenges of the protocol.)
using ProverSim.Grains.Proving.Core;
using ProverSim.Grains.Proving.Field;

namespace ProverSim.Grains.Proving.Air;

public sealed record AuxChallenges(Fp2 A, Fp2 B, Fp2 C, Fp2 D, Fp2 E, Fp2 F, Fp2 Alpha, Fp2 Beta, Fp2 Gamma, Fp2 Eta, Fp2 LambdaIn, Fp2 LambdaOut)
{
    public static AuxChallenges Draw(Transcript transcript) => new(
        transcript.DrawExtension(), transcript.DrawExtension(), transcript.DrawExtension(),
        transcript.DrawExtension(), transcript.DrawExtension(), transcript.DrawExtension(),
        transcript.DrawExtension(), transcript.DrawExtension(), transcript.DrawExtension(),
        transcript.DrawExtension(), transcript.DrawExtension(), transcript.DrawExtension());

    /// <summary>The instruction tuple a·ip + b·ci + c·ni (base-field registers cost two products per term).</summary>
    public Fp2 Instruction<T>(T ip, T ci, T ni)
        where T : struct, IFieldElement<T>, IExtensionScalar<T, Fp2> => Instruction<T, Fp2>(ip, ci, ni);

    /// <summary>The instruction tuple of one point or of several in lanes.</summary>
    public TExtension Instruction<T, TExtension>(T ip, T ci, T ni)
        where T : struct, IFieldElement<T>, IExtensionScalar<T, TExtension>
        where TExtension : struct, IExtensionField<TExtension> =>
        T.Scale(TExtension.From(A), ip) + T.Scale(TExtension.From(B), ci) + T.Scale(TExtension.From(C), ni);

    /// <summary>The memory tuple d·clk + e·mp + f·mv.</summary>
    public Fp2 Memory<T>(T clk, T mp, T mv)
        where T : struct, IFieldElement<T>, IExtensionScalar<T, Fp2> => Memory<T, Fp2>(clk, mp, mv);

    /// <summary>The memory tuple of one point or of several in lanes.</summary>
    public TExtension Memory<T, TExtension>(T clk, T mp, T mv)
        where T : struct, IFieldElement<T>, IExtensionScalar<T, TExtension>
        where TExtension : struct, IExtensionField<TExtension> =>
        T.Scale(TExtension.From(D), clk) + T.Scale(TExtension.From(E), mp) + T.Scale(TExtension.From(F), mv);
}
