// FRI on its own (KERNEL.md §8): a codeword of degree < H passes; one of degree exactly H, and a random
// vector, are caught — by the prover's remainder check, and by the verifier when the prover cheats.
using ProverSim.Grains.Proving.Core;
using ProverSim.Grains.Proving.Field;
using ProverSim.Grains.Proving.Fri;
using ProverSim.Grains.Proving.Ntt;
using ProverSim.Grains.Proving.Stark;

namespace ProverSim.Grains.Tests.Proving;

public sealed class FriTests
{
    private const int Height = 256;
    private static readonly StarkOptions Options = StarkOptions.Default;

    // Values of a polynomial with the given number of random coefficients on the LDE coset, bit-reversed.
    private static Fp2[] Codeword(int coefficients, int seed)
    {
        var random = new Random(seed);
        var n = Height * Options.Blowup;
        var c0 = new ulong[Height * 2];
        var c1 = new ulong[Height * 2];
        for (var i = 0; i < coefficients; i++)
        {
            c0[i] = (ulong)random.NextInt64(1, long.MaxValue);
            c1[i] = (ulong)random.NextInt64(1, long.MaxValue);
        }

        var e0 = new ulong[n];
        var e1 = new ulong[n];
        Lde.ExtendCoefficients(c0, n / c0.Length, Domain.Shift, e0);
        Lde.ExtendCoefficients(c1, n / c1.Length, Domain.Shift, e1);
        return [.. Enumerable.Range(0, n).Select(i => new Fp2(e0[i], e1[i]))];
    }

    private static string? ProveAndVerify(Fp2[] codeword)
    {
        var prover = FriProver.Commit(codeword, Height, Domain.Shift, Options, new Transcript([1, 2, 3]));
        var transcript = new Transcript([1, 2, 3]);
        var positions = Queries.Draw(new Transcript([9]), Options.Queries, codeword.Length);
        var proof = prover.Open(positions, prover.Roots);
        var alphas = FriVerifier.ReadCommitments(proof, Height, Options, transcript);
        Assert.NotNull(alphas);
        return FriVerifier.CheckQueries(proof, alphas, positions, [.. positions.Select(p => codeword[p])], codeword.Length, Domain.Shift, Options);
    }

    [Fact]
    public void ALowDegreeCodewordPasses() => Assert.Null(ProveAndVerify(Codeword(Height, 1)));

    [Fact]
    public void TheProverRefusesACodewordOfDegreeH() =>
        Assert.Throws<InvalidOperationException>(() => FriProver.Commit(Codeword(Height + 1, 2), Height, Domain.Shift, Options, new Transcript([1])));

    [Fact]
    public void TheProverRefusesARandomVector()
    {
        var random = new Random(3);
        var vector = Enumerable.Range(0, Height * Options.Blowup).Select(_ => new Fp2((ulong)random.NextInt64(0, long.MaxValue), 0)).ToArray();
        Assert.Throws<InvalidOperationException>(() => FriProver.Commit(vector, Height, Domain.Shift, Options, new Transcript([1])));
    }

    [Fact]
    public void TheVerifierCatchesACheatingRemainderAndWrongLayerZeroValues()
    {
        // A prover that fits the remainder to a degree-H codeword (truncating it) is caught at the queries.
        var high = Codeword(Height + 1, 4);
        var low = Codeword(Height, 4);
        var prover = FriProver.Commit(low, Height, Domain.Shift, Options, new Transcript([1, 2, 3]));
        var positions = Queries.Draw(new Transcript([9]), Options.Queries, low.Length);
        var proof = prover.Open(positions, prover.Roots);
        var alphas = FriVerifier.ReadCommitments(proof, Height, Options, new Transcript([1, 2, 3]))!;
        // Both codewords share their first H coefficients (one seed), so high − low = c_H·x^H is nonzero at
        // every point of the coset: the first query already differs from the committed layer 0.
        Assert.Equal(
            $"FRI layer 0: the opened value at position {positions[0]} is not the one folded into it",
            FriVerifier.CheckQueries(proof, alphas, positions, [.. positions.Select(p => high[p])], low.Length, Domain.Shift, Options));

        var tampered = new FriProof { LayerRoots = proof.LayerRoots, Remainder = [.. proof.Remainder.Select((c, i) => i == 0 ? c + Fp2.One : c)], LayerLeaves = proof.LayerLeaves, LayerNodes = proof.LayerNodes };
        Assert.StartsWith("FRI remainder: the last fold at position ", FriVerifier.CheckQueries(tampered, alphas, positions, [.. positions.Select(p => low[p])], low.Length, Domain.Shift, Options));
    }
}
