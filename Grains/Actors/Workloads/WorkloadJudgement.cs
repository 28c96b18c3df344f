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
    /// <summary>
    /// Judges the participants. Under vrf-single-fallback (<paramref name="fallback"/> given) a proof counts
    /// only by its prover's deadline, and the fallback's (rank 1) only when the first's (rank 0) does not;
    /// under reverse-auction (<paramref name="bids"/> given) each winner's by its own deadline; under
    /// ramp-and-lock the proof <paramref name="counts"/> picks (the lock's, or the race's first).
    /// </summary>
    public static JudgedWorkload Judge(
        ImmutableArray<Participant> participants, ImmutableArray<PostVerdict> verdicts, long closeMicros, long? userOpenedMicros, ProgramSpec program,
        WorkloadFallback? fallback = null, ImmutableArray<WorkloadBid> bids = default, Func<Participant, bool>? counts = null)
    {
        var deadlines = bids.IsDefault ? null : bids.ToDictionary(b => b.ProverId, b => b.DeadlineMicros);
        var byPoster = verdicts.ToDictionary(v => v.PosterId);
        bool IsValid(Participant p) => byPoster.GetValueOrDefault(p.ProverId)?.Verdict == CapsuleVerdict.Valid;

        var openSlots = participants.Count(p => !p.Market && p.Outcome == JobOutcome.Declined);
        var winners = OpenMarket.Winners(participants.Where(p => p.Market && IsValid(p)).Select(p => new MarketProof(p.ProverId, p.FinishMicros, p.VrfOrder)), openSlots)
            .Select(w => w.ProverId).ToHashSet();
        var firstInTime = fallback is not null && participants.Any(p => p.Rank == 0 && IsValid(p) && p.FinishMicros <= fallback.FirstDeadlineMicros);
        bool Won(Participant p) =>
            counts is not null ? counts(p)
            : fallback is not null ? p.Rank == 0 ? firstInTime : p.Rank == 1 && !firstInTime && IsValid(p) && p.FinishMicros <= fallback.DeadlineMicros
            : deadlines is not null ? IsValid(p) && deadlines.TryGetValue(p.ProverId, out var deadline) && p.FinishMicros <= deadline
            : p.Market ? winners.Contains(p.ProverId) : IsValid(p);
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
