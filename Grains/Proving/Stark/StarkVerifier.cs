// The STARK verifier (KERNEL.md §5, §10). It takes H, the FRI shape and the terminals from its own
// computation over the public statement, replays the transcript, checks the constraints at z against
// the composition columns, every opened row against its commitment, the DEEP values at the queries
// against FRI layer 0, and FRI itself. It shares only the AIR definition with the prover.
using ProverSim.Grains.Proving.Air;
using ProverSim.Grains.Proving.Core;
using ProverSim.Grains.Proving.Field;
using ProverSim.Grains.Proving.Fri;
using ProverSim.Grains.Proving.Merkle;

namespace ProverSim.Grains.Proving.Stark;

public static class StarkVerifier
{
    /// <summary>Null when the proof holds for the statement, else the first thing that failed.</summary>
    public static string? Verify(Statement statement, ReadOnlySpan<byte> proofBytes, StarkOptions? options = null)
    {
        options ??= StarkOptions.Default;
        options.Validate();
        if (statement.Cycles < 1 || statement.Cycles >= 1L << 32 || statement.InputsRead < 0 || statement.InputsRead > statement.Input.Length)
        {
            return "the statement is out of range (cycles, inputs read)";
        }

        if (statement.Program.Any(w => w >= Goldilocks.P) || statement.Input.Any(w => w >= Goldilocks.P) || statement.Output.Any(w => w >= Goldilocks.P))
        {
            return "the statement holds values that are not field elements";
        }

        StarkProof proof;
        try
        {
            proof = StarkProof.FromBytes(proofBytes);
        }
        catch (FormatException e)
        {
            return $"malformed proof: {e.Message}";
        }

        var height = statement.Height;
        var domain = Domain.For(height, options.Blowup);
        var transcript = new Transcript(AirEvaluation.Seed(statement, options, height));
        transcript.Absorb(proof.MainRoot);
        var ch = AuxChallenges.Draw(transcript);
        transcript.Absorb(proof.AuxRoot);
        var coefficients = new Fp2[VmAir.Count];
        for (var i = 0; i < coefficients.Length; i++)
        {
            coefficients[i] = transcript.DrawExtension();
        }

        transcript.Absorb(proof.CompositionRoot);
        var z = StarkProver.DrawOutOfDomainPoint(transcript);
        var gz = z * domain.TraceGenerator;

        // The constraints at z, from the claimed column values, must equal the composition at z.
        var terminals = Terminals.Compute(statement, height, ch);
        Span<Fp2> values = stackalloc Fp2[VmAir.Count];
        AirEvaluation.Evaluate(
            proof.MainOod.AsSpan(0, Columns.Main), proof.MainOod.AsSpan(Columns.Main), proof.AuxOod.AsSpan(0, Columns.Aux), proof.AuxOod.AsSpan(Columns.Aux),
            ch, terminals, statement.Program.Length, values);
        var expected = AirEvaluation.Combine(values, coefficients, AirEvaluation.Zerofiers.At(z, domain, statement.Cycles));
        var zH = z.Pow((ulong)height);
        var claimed = proof.CompositionOod[0] + zH * proof.CompositionOod[1] + zH * zH * proof.CompositionOod[2];
        if (expected != claimed)
        {
            return "the constraints at the out-of-domain point do not match the composition polynomial";
        }

        transcript.Absorb(proof.MainOod);
        transcript.Absorb(proof.AuxOod);
        transcript.Absorb(proof.CompositionOod);
        var gamma = Deep.Coefficients(transcript);
        if (FriVerifier.ReadCommitments(proof.Fri, height, options, transcript) is not { } alphas)
        {
            return "the FRI proof has the wrong shape for this statement";
        }

        if (!transcript.IsValidNonce(proof.Nonce, options.GrindingBits))
        {
            return "the grinding nonce is not valid";
        }

        transcript.Absorb(proof.Nonce);
        var positions = Queries.Draw(transcript, options.Queries, domain.Size);
        if (proof.MainRows.Length != positions.Length)
        {
            return "wrong number of query openings";
        }

        var depth = domain.LogSize;
        if (!MerkleTree.Verify(proof.MainRoot, depth, positions, [.. proof.MainRows.Select(r => Encoding.ToBytes(r))], proof.MainNodes)
            || !MerkleTree.Verify(proof.AuxRoot, depth, positions, [.. proof.AuxRows.Select(Encoding.ToBytes)], proof.AuxNodes)
            || !MerkleTree.Verify(proof.CompositionRoot, depth, positions, [.. proof.CompositionRows.Select(Encoding.ToBytes)], proof.CompositionNodes))
        {
            return "an opened trace row does not match its commitment";
        }

        var deepValues = positions.Select((q, i) => Deep.At(
            domain.Point(q), z, gz, gamma, proof.MainRows[i], proof.AuxRows[i], proof.CompositionRows[i], proof.MainOod, proof.AuxOod, proof.CompositionOod)).ToArray();
        return FriVerifier.CheckQueries(proof.Fri, alphas, positions, deepValues, domain.Size, Domain.Shift, options);
    }
}
