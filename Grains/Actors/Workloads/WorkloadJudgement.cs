// The validators' view of a closed workload (DESIGN.md §1 "Copy protection", "Declines and the open
// market", "Cycles and outcomes"): an allocated slot counts its prover's valid proof, the open slots the
// first valid market proofs, one each (OpenMarket.Winners); completed when any proof counts (every valid proof
// states the same output and cycles: the program is deterministic), otherwise the outcome rule decides
// between failed and unserved, running the program within its paid cycles only when a prover ran it.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Actors.Validators;
using ProverSim.Grains.Protocol;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.Grains.Actors.Workloads;

/// <summary>The validators' view of a workload, with how many provers ran it (what a failure burns).</summary>
public sealed record JudgedWorkload(WorkloadExecution Execution, int ProversThatRan, int ProofsVerified, long ProofBytes, int CapsulesRejected, int MarketFills);

public static class WorkloadJudgement
{
    /// <summary>Whether a participant's capsule is a valid proof, by the validators' verdicts.</summary>
    public static Func<Participant, bool> Validity(ImmutableArray<PostVerdict> verdicts)
    {
        var valid = verdicts.Where(v => v.Verdict == CapsuleVerdict.Valid).Select(v => v.PosterId).ToHashSet();
        return p => valid.Contains(p.ProverId);
    }

    /// <summary>
    /// vrf-single-fallback: a proof counts only by its prover's deadline, and the fallback's (rank 1) only
    /// when the first's (rank 0) does not.
    /// </summary>
    public static Func<Participant, bool> FallbackCounts(ImmutableArray<Participant> participants, WorkloadFallback fallback, Func<Participant, bool> valid)
    {
        var firstInTime = participants.Any(p => p.Rank == 0 && valid(p) && p.FinishMicros <= fallback.FirstDeadlineMicros);
        return p => p.Rank == 0 ? firstInTime : p.Rank == 1 && !firstInTime && valid(p) && p.FinishMicros <= fallback.DeadlineMicros;
    }

    /// <summary>reverse-auction: each winner's valid proof counts by its own deadline.</summary>
    public static Func<Participant, bool> DeadlineCounts(ImmutableArray<WorkloadBid> bids, Func<Participant, bool> valid)
    {
        var deadlines = bids.ToDictionary(b => b.ProverId, b => b.DeadlineMicros);
        return p => valid(p) && deadlines.TryGetValue(p.ProverId, out var deadline) && p.FinishMicros <= deadline;
    }

    /// <summary>
    /// Judges the participants: by the protocol's rule (each allocated valid proof, the first valid market
    /// proofs for the open slots), or by an alternative mechanism's <paramref name="counts"/>.
    /// </summary>
    public static JudgedWorkload Judge(
        ImmutableArray<Participant> participants, ImmutableArray<PostVerdict> verdicts, long closeMicros, long? userOpenedMicros, ProgramSpec program,
        Func<Participant, bool>? counts = null)
    {
        var byPoster = verdicts.ToDictionary(v => v.PosterId);
        var isValid = Validity(verdicts);

        var openSlots = participants.Count(p => !p.Market && p.Outcome == JobOutcome.Declined);
        var winners = OpenMarket.Winners(participants.Where(p => p.Market && isValid(p)).Select(p => new MarketProof(p.ProverId, p.FinishMicros, p.VrfOrder)), openSlots)
            .Select(w => w.ProverId).ToHashSet();
        bool Won(Participant p) => counts is not null ? counts(p) : p.Market ? winners.Contains(p.ProverId) : isValid(p);
        var participations = participants.Select(p => new Participation(
            p.ProverId, p.Rank, p.Market, p.Outcome == JobOutcome.Declined, Won(p), p.FinishMicros, byPoster.GetValueOrDefault(p.ProverId)?.Verdict, p.Decline)).ToImmutableArray();

        var first = participants.Where(Won).OrderBy(p => p.FinishMicros).ThenBy(p => p.Rank).ThenBy(p => p.ProverId).FirstOrDefault();
        var runners = participants.Where(p => p.Outcome is JobOutcome.Halted or JobOutcome.OutOfCycles or JobOutcome.Fault).Select(p => p.ProverId).Distinct().Count();
        var ran = runners > 0;
        long cycles = 0;
        var outcome = WorkloadOutcomes.Classify(first is not null, ran, () =>
        {
            var run = Interpreter.Run(VmProgram.FromWords([.. program.Words]), program.Input.AsSpan(), program.PaidCycles);
            cycles = run.Cycles;
            return run.Status == RunStatus.Halted;
        });

        var execution = first is not null
            ? new WorkloadExecution(outcome, byPoster[first.ProverId].Cycles, byPoster[first.ProverId].Output, closeMicros, participations, first.FinishMicros, userOpenedMicros, closeMicros)
            : new WorkloadExecution(outcome, cycles, [], closeMicros, participations, null, userOpenedMicros, verdicts.Length > 0 ? closeMicros : null);
        return new JudgedWorkload(
            execution,
            runners,
            verdicts.Count(v => v.Verdict == CapsuleVerdict.Valid),
            verdicts.Sum(v => (long)v.CapsuleBytes),
            verdicts.Count(v => v.Verdict != CapsuleVerdict.Valid),
            participations.Count(p => p.Market && p.Won));
    }
}
