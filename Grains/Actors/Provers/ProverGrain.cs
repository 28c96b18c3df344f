// A virtual prover (DESIGN.md §1, §2.1 phases 3–5). It holds its job-slot schedule in virtual time,
// takes offers in canonical order, and really runs and proves each accepted job (VM + STARK); the virtual duration is
// input transfer + cycles ÷ its *actual* speed (± seeded jitter), whatever the host's load.
using System.Collections.Immutable;
using System.Diagnostics;
using ProverSim.Grains.Proving.Stark;
using ProverSim.Grains.Proving.Vm;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Provers;

public sealed class ProverGrain(
    [PersistentState("prover", "simulation")] IPersistentState<ProverState> state) : Grain, IProverGrain
{
    private ProverState S => state.State;

    private ProverSetup Setup => S.Setup ?? throw new InvalidOperationException($"prover {this.GetPrimaryKeyString()} is not initialized");

    public async Task InitializeAsync(ProverSetup setup, long masterSeed, int replication, ProtocolParameters parameters)
    {
        state.State = new ProverState
        {
            Setup = setup,
            MasterSeed = masterSeed,
            Replication = replication,
            Parameters = parameters,
            BusyUntil = new long[setup.JobSlots],
        };
        await state.WriteStateAsync();
    }

    public Task OfferAsync(long slot, ImmutableArray<JobOffer> offers)
    {
        if (S.OffersSlot != slot)
        {
            S.OffersSlot = slot;
            S.Offers = offers;
        }

        return Task.CompletedTask;
    }

    public async Task<ImmutableArray<JobReport>> DecideAsync(long slot)
    {
        if (S.DecidedSlot == slot)
        {
            return S.Decided;
        }

        var offers = S.OffersSlot == slot ? S.Offers : [];
        var reports = Work(offers, market: false);
        S.DecidedSlot = slot;
        S.Decided = reports;
        S.Offers = [];
        await state.WriteStateAsync();
        return reports;
    }

    public async Task<ImmutableArray<JobReport>> MarketAsync(long slot, ImmutableArray<JobOffer> offers)
    {
        if (S.MarketSlot == slot)
        {
            return S.MarketReplies;
        }

        var reports = Work(offers, market: true);
        S.MarketSlot = slot;
        S.MarketReplies = reports;
        await state.WriteStateAsync();
        return reports;
    }

    public Task<ProverRecord> GetRecordAsync() =>
        Task.FromResult(new ProverRecord(Setup, S.JobsRun, S.CyclesRun, S.Declines, S.MarketAttempts, S.ChallengesRun));

    private ImmutableArray<JobReport> Work(ImmutableArray<JobOffer> offers, bool market)
    {
        var setup = Setup;
        var parameters = S.Parameters!;
        var slots = new JobSlots(S.BusyUntil);
        var reports = ImmutableArray.CreateBuilder<JobReport>(offers.Length);
        foreach (var offer in offers.OrderBy(o => o.ArrivalMicros).ThenBy(o => o.Kind).ThenBy(o => o.JobId).ThenBy(o => o.Rank))
        {
            reports.Add(Take(offer, slots, setup, parameters, market));
        }

        S.BusyUntil = [.. slots.BusyUntil];
        return reports.MoveToImmutable();
    }

    private JobReport Take(JobOffer offer, JobSlots slots, ProverSetup setup, ProtocolParameters parameters, bool market)
    {
        var transfer = setup.Actual.TransferMicros(offer.InputBytes);
        if (offer.Kind != JobKind.Challenge && transfer > parameters.InputDeadlineMicros)
        {
            return Declined(offer, DeclineReason.Bandwidth);
        }

        // Challenges cannot be declined; allocated work queues unless the prover declines at capacity;
        // market work is only raced for with a job slot free at the moment the slot opened.
        var mayQueue = offer.Kind == JobKind.Challenge || (!market && !setup.DeclineWhenBusy);
        var (slot, start) = slots.Place(offer.ArrivalMicros, mayQueue);
        if (slot < 0)
        {
            return Declined(offer, DeclineReason.Capacity);
        }

        var watch = Stopwatch.StartNew();
        var (run, _, proof) = StarkProver.Prove(
            VmProgram.FromWords([.. offer.Program]), offer.Input.AsSpan(), offer.CycleBudget, StatementIds.For(offer.Kind, offer.JobId), setup.ProverId, parallelism: 1);
        var wall = (long)watch.Elapsed.TotalMicroseconds;
        var finish = start + transfer + Jittered(setup.Actual.ComputeMicros(run.Cycles), offer, parameters);
        slots.Book(slot, finish);

        S.JobsRun++;
        S.CyclesRun += run.Cycles;
        S.MarketAttempts += market ? 1 : 0;
        S.ChallengesRun += offer.Kind == JobKind.Challenge ? 1 : 0;
        var outcome = run.Status switch
        {
            RunStatus.Halted => JobOutcome.Halted,
            RunStatus.OutOfCycles => JobOutcome.OutOfCycles,
            _ => JobOutcome.Fault,
        };
        return new JobReport(offer.Kind, offer.JobId, offer.Rank, setup.ProverId, outcome, DeclineReason.None, start, finish, run.Cycles, run.Output, run.InputsRead, proof, wall);
    }

    private JobReport Declined(JobOffer offer, DeclineReason reason)
    {
        S.Declines += offer.Kind == JobKind.Allocated ? 1 : 0;
        return new JobReport(offer.Kind, offer.JobId, offer.Rank, Setup.ProverId, JobOutcome.Declined, reason, offer.ArrivalMicros, offer.ArrivalMicros, 0, [], 0, null, 0);
    }

    // Multiplicative jitter in [1 − j, 1 + j], from a stream of its own per (prover, job).
    private long Jittered(long compute, JobOffer offer, ProtocolParameters parameters)
    {
        if (parameters.JitterPpm == 0 || compute == 0)
        {
            return compute;
        }

        var random = new DerivedRandom(S.MasterSeed, S.Replication, $"jitter/{offer.Kind}/{offer.JobId}/{offer.Rank}", Setup.ProverId);
        var ppm = random.NextInt64(-parameters.JitterPpm, parameters.JitterPpm + 1);
        return Math.Max(1, compute + (long)((Int128)compute * ppm / ProtocolParameters.Ppm));
    }
}
