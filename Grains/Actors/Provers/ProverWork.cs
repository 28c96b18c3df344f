// One prover's decisions on a batch of offers (DESIGN.md §1 "Declines", §2.1 phase 4): offline,
// copying, bandwidth and capacity declines, placing the job on a job slot, running and proving it, and
// sealing a workload's proof in a capsule. It works on a copy of the prover's job slots and counters.
using System.Collections.Immutable;
using System.Diagnostics;
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Actors.Mempool;
using ProverSim.Grains.Actors.Runs;
using ProverSim.Grains.Actors.Validators;
using ProverSim.Grains.Crypto;
using ProverSim.Grains.Proving.Stark;
using ProverSim.Grains.Proving.Vm;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Provers;

internal sealed class ProverWork(ProverSetup setup, RunContext context, long slot, JobSlots slots, ProverCounters counters)
{
    private readonly JobSlots _slots = Prune(slots, slot * context.Parameters.SlotMicros);

    /// <summary>The job slots' intervals after the batch, to commit.</summary>
    public long[][] Busy => _slots.Busy;

    /// <summary>The jobs the intervals of <see cref="Busy"/> belong to, to commit.</summary>
    public long[][] Jobs => _slots.Jobs;

    public ProverCounters Counters { get; private set; } = counters;

    public List<CapsulePost> Capsules { get; } = [];

    /// <summary>Challenge answers for the validators, with the index of their report.</summary>
    public List<(int ReportIndex, IssuedChallenge Challenge, ChallengeClaim Claim)> Answers { get; } = [];

    private int _taken;

    public JobReport Take(JobOffer offer)
    {
        var index = _taken++;
        var parameters = context.Parameters;
        var market = offer.Kind is JobKind.Market or JobKind.Race;

        // An offline prover answers nothing: offers are declined, a challenge goes unanswered (and is missed).
        // A fallback, a lock or a race starts later: whether the prover is online then decides.
        var later = offer.Kind is JobKind.Fallback or JobKind.Lock or JobKind.Race;
        var at = later ? Math.Max(slot, offer.ArrivalMicros / parameters.SlotMicros) : slot;
        if (ProverBehaviour.IsOffline(setup, context.Setup, at))
        {
            return Declined(offer, DeclineReason.Offline);
        }

        // One that will have left the set by then does not take it.
        if (later && setup.LeaveSlot >= 0 && at >= setup.LeaveSlot)
        {
            return Declined(offer, DeclineReason.Left);
        }

        // A copier takes any workload (it runs nothing, so it needs no free job slot); challenges it
        // must really answer, or it is removed.
        if (setup.Copies && offer.Kind != JobKind.Challenge)
        {
            Counters = Counters with { MarketAttempts = Counters.MarketAttempts + (market ? 1 : 0) };
            return new JobReport(offer.Kind, offer.JobId, offer.Rank, setup.ProverId, JobOutcome.Copying, DeclineReason.None, offer.ArrivalMicros, 0, 0);
        }

        // Memory and GPUs a job needs cannot be made up for by time: a prover that really has less declines
        // the job, and cannot answer a challenge that tests them (it is missed).
        var test = offer.Challenge?.Test;
        var fits = test is not null ? test.CanRunOn(setup.Actual) : FitsProgram(context.Program(offer.ProgramIndex).Requirement, setup.Actual);
        if (!fits)
        {
            return Declined(offer, DeclineReason.Hardware);
        }

        var transfer = setup.Actual.TransferMicros(offer.InputBytes);
        if (offer.Kind != JobKind.Challenge && transfer > parameters.InputDeadlineMicros)
        {
            return Declined(offer, DeclineReason.Bandwidth);
        }

        // The run's length at this prover's actual speed is known before it is taken (the VM runs first;
        // the proof, the costly part, only for a job taken); a challenge's lanes run in waves of as many as
        // the prover really has cores. Challenges cannot be declined; allocated work queues unless the
        // prover declines at capacity; market work is only raced for with a job slot free for the whole
        // run from the moment the slot opened (a market hunter queues instead).
        var (words, input) = offer.Challenge is { } challenge
            ? (ChallengeProgram.Program.Words, challenge.Input)
            : (context.Program(offer.ProgramIndex).Words, context.Program(offer.ProgramIndex).Input);
        var program = VmProgram.FromWords([.. words]);
        var cycles = Interpreter.Run(program, input.AsSpan(), offer.CycleBudget).Cycles;
        var compute = test is not null ? test.ComputeMicros(setup.Actual) : setup.Actual.ComputeMicros(cycles);
        var duration = transfer + ProverBehaviour.Jittered(compute, offer, setup, context.Setup);

        // A challenge with priority runs at once, delaying the job it interrupts; it is booked before it
        // is proven (it cannot be declined). Anything else is placed, proven only if taken, then booked.
        ImmutableArray<DelayedJob> delayed = [];
        int jobSlot;
        long start;
        if (offer.Kind == JobKind.Challenge && parameters.ChallengePriority == ChallengePriority.Preempt)
        {
            IReadOnlyList<JobDelay> delays;
            (jobSlot, start, delays) = _slots.BookPreempting(offer.ArrivalMicros, duration, JobSlots.ChallengeTag(offer.JobId));
            delayed = [.. delays.Select(d => new DelayedJob(d.Job, d.FinishMicros))];
        }
        else
        {
            var mayQueue = offer.Kind switch
            {
                JobKind.Challenge => true,
                JobKind.Market or JobKind.Lock or JobKind.Race => setup.QueuesMarketWork,
                JobKind.Bid => false,
                _ => !setup.DeclineWhenBusy,
            };
            (jobSlot, start) = _slots.Place(offer.ArrivalMicros, duration, mayQueue);
            if (jobSlot < 0)
            {
                return Declined(offer, DeclineReason.Capacity);
            }

            _slots.Book(jobSlot, start, start + duration, offer.Kind == JobKind.Challenge ? JobSlots.ChallengeTag(offer.JobId) : offer.JobId);
        }

        var watch = Stopwatch.StartNew();
        var (run, _, proof) = StarkProver.Prove(program, input.AsSpan(), offer.CycleBudget, StatementIds.For(offer.Kind, offer.JobId), setup.ProverId, parallelism: 1);
        var wall = (long)watch.Elapsed.TotalMicroseconds;
        var finish = start + duration;

        Counters = Counters with
        {
            JobsRun = Counters.JobsRun + 1,
            CyclesRun = Counters.CyclesRun + run.Cycles,
            MarketAttempts = Counters.MarketAttempts + (market ? 1 : 0),
            ChallengesRun = Counters.ChallengesRun + (offer.Kind == JobKind.Challenge ? 1 : 0),
        };
        var outcome = run.Status switch
        {
            RunStatus.Halted => JobOutcome.Halted,
            RunStatus.OutOfCycles => JobOutcome.OutOfCycles,
            _ => JobOutcome.Fault,
        };
        if (offer.Challenge is { } issued)
        {
            if (outcome == JobOutcome.Halted && proof is not null)
            {
                Answers.Add((index, issued, new ChallengeClaim(setup.ProverId, run.Cycles, run.InputsRead, run.Output, proof)));
            }

            return new JobReport(offer.Kind, offer.JobId, offer.Rank, setup.ProverId, outcome, DeclineReason.None, finish, run.Cycles, wall) { Delayed = delayed };
        }

        // A workload's claim and proof leave the prover only inside a capsule, at the finish time.
        if (proof is not null)
        {
            var userKey = offer.UserPublicKey ?? throw new InvalidOperationException($"workload {offer.JobId} was offered without its user's public key");
            var sealedProof = CapsuleKeys.Seal(
                context.Setup.Seed, context.Setup.Replication, new CapsuleBinding(offer.JobId, setup.ProverId, slot), userKey,
                new ProofPayload(run.Cycles, run.InputsRead, run.Output, proof));
            Capsules.Add(new CapsulePost(offer.JobId, setup.ProverId, market, offer.Rank, finish, sealedProof));
        }

        return new JobReport(offer.Kind, offer.JobId, offer.Rank, setup.ProverId, outcome, DeclineReason.None, finish, run.Cycles, wall);
    }

    private static bool FitsProgram(HardwareRequirement requirement, HardwareProfile actual) =>
        actual.MemoryGb >= requirement.MinMemoryGb && actual.Gpus >= requirement.MinGpus;

    // Intervals that ended before this slot began can hold no offer of this slot or later.
    private static JobSlots Prune(JobSlots slots, long slotStart)
    {
        slots.ForgetBefore(slotStart);
        return slots;
    }

    private JobReport Declined(JobOffer offer, DeclineReason reason)
    {
        // A job offered to it (not a race it may sit out) counts as declined.
        Counters = Counters with { Declines = Counters.Declines + (offer.Kind is JobKind.Allocated or JobKind.Fallback or JobKind.Bid or JobKind.Lock ? 1 : 0) };
        return new JobReport(offer.Kind, offer.JobId, offer.Rank, setup.ProverId, JobOutcome.Declined, reason, offer.ArrivalMicros, 0, 0);
    }
}
