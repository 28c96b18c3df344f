// Phase 7 of a slot (DESIGN.md §1 "Copy protection", §2.1): for the workloads whose close falls in this
// slot, each participant reveals its temporary key, the validators open and check every capsule, and
// only the valid proofs are paid — allocated ones, and for each market slot the earliest valid one —
// in (close time, id) order by the reward rules.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Validators;
using ProverSim.Grains.Actors.Workloads;
using ProverSim.Grains.Protocol;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.Grains.Actors.Simulation;

public sealed partial class SimulationGrain
{
    private IValidatorGrain Validator => GrainFactory.GetGrain<IValidatorGrain>(RunId);

    private async Task SettleAsync(SlotTick tick)
    {
        var closing = S.Pending.Values.Where(w => w.CloseMicros < tick.End).OrderBy(w => w.CloseMicros).ThenBy(w => w.WorkloadId).ToList();
        if (closing.Count == 0)
        {
            return;
        }

        var reveals = closing.SelectMany(w => w.Participants.Where(p => p.Posted).Select(p => (p.ProverId, Request: new RevealRequest(w.WorkloadId, w.CloseMicros))))
            .GroupBy(r => r.ProverId).OrderBy(g => g.Key);
        await Task.WhenAll(reveals.Select(g => Prover(g.Key).RevealAsync(tick.Slot, [.. g.Select(r => r.Request)])));
        var verdicts = await Task.WhenAll(closing.Select(w => Validator.ValidateAsync(new ValidationRequest(w.WorkloadId, w.Spec.Slot, w.Spec.Program, w.Spec.Input))));

        var settled = closing.Zip(verdicts, (w, v) => (Workload: w, Execution: Execute(w, v, tick))).ToList();
        var entries = settled.Select(s => Rewards.Settle(
            s.Workload.WorkloadId, s.Workload.Spec.UserId, s.Workload.Spec.Escrow, completed: s.Execution.Outcome != WorkloadOutcome.Failed,
            s.Execution.Cycles, Counted(s.Execution), P)).ToList();
        await LedgerGrain.ApplyAsync($"{tick.Slot}/settle", [.. entries.SelectMany(e => e)]);
        await Task.WhenAll(settled.Zip(entries).Select(async x =>
        {
            var workload = Workload(x.First.Workload.WorkloadId);
            await workload.RecordExecutionAsync(x.First.Execution);
            await workload.SettleAsync(new WorkloadSettlement(tick.Slot, [.. x.Second]));
        }));
        foreach (var (workload, _) in settled)
        {
            S.Pending.Remove(workload.WorkloadId);
            S.SettledThisSlot.Add(workload.WorkloadId);
        }

        tick.Completed = settled.Count(s => s.Execution.Outcome == WorkloadOutcome.Completed);
        tick.Failed = settled.Count(s => s.Execution.Outcome == WorkloadOutcome.Failed);
        tick.Unserved = settled.Count(s => s.Execution.Outcome == WorkloadOutcome.Unserved);
    }

    private ImmutableArray<CountedProof> Counted(WorkloadExecution execution) =>
        [.. OpenMarket.Counted(execution.Participants.Where(p => p.Won).Select(p => new CountedProof(p.ProverId, p.FinishMicros, p.Rank)), P.K)];

    // The validators' view of a workload: completed when at least one proof verified (every verified
    // proof states the same output and cycles: the program is deterministic); otherwise, when a prover
    // ran it and the program does not halt within its paid cycles (confirmed by running it), failed;
    // otherwise nobody delivered a valid proof (unserved).
    private static WorkloadExecution Execute(PendingWorkload workload, ImmutableArray<PostVerdict> verdicts, SlotTick tick)
    {
        var spec = workload.Spec;
        var byPoster = verdicts.ToDictionary(v => v.PosterId);
        bool IsValid(PendingParticipant p) => byPoster.GetValueOrDefault(p.ProverId)?.Verdict == CapsuleVerdict.Valid;

        // An allocated slot counts its prover's valid proof; a market slot, its earliest valid contender's.
        var marketWinners = workload.Participants.Where(p => p.Market && IsValid(p)).GroupBy(p => p.Rank)
            .Select(g => g.OrderBy(p => p.FinishMicros).ThenBy(p => p.VrfOrder).First()).ToHashSet();
        var won = workload.Participants.Where(p => (!p.Market && IsValid(p)) || marketWinners.Contains(p)).ToHashSet();
        var participations = workload.Participants.Select(p => new Participation(
            p.ProverId, p.Rank, p.Market, p.Outcome == JobOutcome.Declined, won.Contains(p), p.FinishMicros, byPoster.GetValueOrDefault(p.ProverId)?.Verdict)).ToImmutableArray();

        tick.MarketFills += marketWinners.Count;
        tick.ProofsVerified += verdicts.Count(v => v.Verdict == CapsuleVerdict.Valid);
        tick.ProofBytes += verdicts.Sum(v => (long)v.CapsuleBytes);
        tick.CapsulesRejected += verdicts.Count(v => v.Verdict != CapsuleVerdict.Valid);

        var first = won.OrderBy(p => p.FinishMicros).ThenBy(p => p.Rank).ThenBy(p => p.ProverId).FirstOrDefault();
        if (first is not null)
        {
            var claim = byPoster[first.ProverId];
            return new WorkloadExecution(
                WorkloadOutcome.Completed, claim.Cycles, claim.Output, workload.CloseMicros, participations, first.FinishMicros, workload.UserOpenedMicros, workload.CloseMicros);
        }

        var ran = workload.Participants.Any(p => p.Outcome is JobOutcome.Halted or JobOutcome.OutOfCycles or JobOutcome.Fault);
        var outcome = WorkloadOutcome.Unserved;
        long cycles = 0;
        if (ran)
        {
            var run = Interpreter.Run(VmProgram.FromWords([.. spec.Program]), spec.Input.AsSpan(), spec.PaidCycles);
            outcome = run.Status == RunStatus.Halted ? WorkloadOutcome.Unserved : WorkloadOutcome.Failed;
            cycles = run.Cycles;
        }

        return new WorkloadExecution(outcome, cycles, [], workload.CloseMicros, participations, null, workload.UserOpenedMicros, verdicts.Length > 0 ? workload.CloseMicros : null);
    }
}
