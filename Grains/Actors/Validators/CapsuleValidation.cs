// The validators' rule for one workload (DESIGN.md §1 "Copy protection"): each posted capsule must be
// bound to this workload, its slot and its poster, open with the key its poster revealed (and seal the
// same data key to the user), and carry a STARK proof that verifies for the claimed output and cycles
// under the poster's id. A copy fails one of these whatever the copier does.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.Mempool;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Crypto;
using ProverSim.Grains.Proving.Air;
using ProverSim.Grains.Proving.Stark;

namespace ProverSim.Grains.Actors.Validators;

public static class CapsuleValidation
{
    /// <summary>
    /// Verdicts on the capsules posted by the close, in the order of <paramref name="posts"/>' capsules
    /// (later ones are ignored); the STARKs are checked in parallel.
    /// </summary>
    public static ImmutableArray<PostVerdict> Check(ValidationRequest request, Simulation.ProgramSpec program, WorkloadPosts posts)
    {
        var reveals = posts.Reveals.ToDictionary(r => r.ProverId);
        var onTime = posts.Capsules.Where(p => p.PostedMicros <= request.CloseMicros).ToList();
        var verdicts = new PostVerdict[onTime.Count];
        Parallel.For(0, verdicts.Length, i => verdicts[i] = CheckOne(request, program, onTime[i], reveals.GetValueOrDefault(onTime[i].PosterId)));
        return [.. verdicts];
    }

    public static PostVerdict CheckOne(ValidationRequest request, Simulation.ProgramSpec program, CapsulePost post, KeyReveal? reveal)
    {
        PostVerdict Verdict(CapsuleVerdict verdict, ProofPayload? claim = null) =>
            new(post.PosterId, post.Market, post.Rank, post.PostedMicros, post.Capsule.Length, verdict, claim?.Cycles ?? 0, claim?.Output ?? []);

        var header = ProofCapsule.ReadHeader(post.Capsule);
        if (header is null)
        {
            return Verdict(CapsuleVerdict.Tampered);
        }

        if (header.Binding != new CapsuleBinding(request.WorkloadId, post.PosterId, request.Slot))
        {
            return Verdict(CapsuleVerdict.BindingMismatch);
        }

        if (reveal is null)
        {
            return Verdict(CapsuleVerdict.NotRevealed);
        }

        var opening = ProofCapsule.Open(post.Capsule, reveal.Secret, CapsuleRecipient.Temporary);
        switch (opening.Error)
        {
            case CapsuleError.NotARecipient:
                return Verdict(CapsuleVerdict.WrongKey);
            case CapsuleError.UserCannotOpen:
                return Verdict(CapsuleVerdict.UserCannotOpen);
            case CapsuleError.Malformed or CapsuleError.Tampered:
                return Verdict(CapsuleVerdict.Tampered);
        }

        if (ProofPayload.Decode(opening.Payload) is not { } claim)
        {
            return Verdict(CapsuleVerdict.InvalidProof);
        }

        var statement = new Statement(program.Words, program.Input, claim.Output, claim.Cycles, claim.InputsRead, request.WorkloadId, post.PosterId);
        return StarkVerifier.Verify(statement, claim.Proof) is null ? Verdict(CapsuleVerdict.Valid, claim) : Verdict(CapsuleVerdict.InvalidProof);
    }
}
