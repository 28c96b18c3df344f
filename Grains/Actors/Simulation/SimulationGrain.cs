// The Simulation grain (DESIGN.md §2.1): ticks one slot through the barrier phases. Each phase starts
// its grain calls in parallel, awaits them all and sorts what came back canonically before the next
// phase starts, so message arrival order never decides an outcome.
using System.Collections.Immutable;
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Actors.Ledger;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Workloads;
using ProverSim.Grains.Crypto;
using ProverSim.Grains.Protocol;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.Grains.Actors.Simulation;

public sealed partial class SimulationGrain(
    [PersistentState("simulation-setup", "simulation")] IPersistentState<SimulationSetup> setup,
    [PersistentState("simulation", "simulation")] IPersistentState<SimulationState> state) : Grain, ISimulationGrain
{
    private SimulationState S => state.State;

    private SimulationSetup Setup => setup.State;

    private SimulationConfig Config => Setup.Config ?? throw new InvalidOperationException($"run {RunId} is not initialized");

    private ProtocolParameters P => Config.Parameters;

    private string RunId => this.GetPrimaryKeyString();

    private IActiveSetGrain ActiveSet => GrainFactory.GetGrain<IActiveSetGrain>(RunId);

    private ILedgerGrain LedgerGrain => GrainFactory.GetGrain<ILedgerGrain>(RunId);

    private IProverGrain Prover(long id) => GrainFactory.GetGrain<IProverGrain>(RunKeys.Of(RunId, id));

    private IWorkloadGrain Workload(long id) => GrainFactory.GetGrain<IWorkloadGrain>(RunKeys.Of(RunId, id));

    public async Task InitializeAsync(SimulationConfig config)
    {
        if (Setup.Config is not null)
        {
            throw new InvalidOperationException($"run {RunId} is already initialized");
        }

        var beacon = EcvrfKeyPair.Derive(Beacon.GenesisSeed(config.Seed, config.Replication));
        await ActiveSet.InitializeAsync(config.Parameters);
        await Task.WhenAll(config.Provers.Select(p => Prover(p.ProverId).InitializeAsync(p, config.Seed, config.Replication, config.Parameters)));

        var genesis = config.Provers
            .Select(p => new LedgerEntry(null, AccountId.Prover(p.ProverId), checked(p.Balance + p.Stake), EntryKind.Genesis))
            .Concat(Enumerable.Range(0, config.Demand.Users).Select(u => new LedgerEntry(null, AccountId.User(u), config.Demand.UserFunds, EntryKind.Genesis)));
        await LedgerGrain.ApplyAsync("genesis", [.. genesis]);

        setup.State = new SimulationSetup { Config = config, BeaconSecret = beacon.Secret, BeaconPublicKey = beacon.PublicKey };
        await setup.WriteStateAsync();
        state.State = new SimulationState();
        await state.WriteStateAsync();
    }

    public Task<RunInfo> GetRunInfoAsync() =>
        Task.FromResult(new RunInfo(Setup.BeaconPublicKey, [.. S.Epochs], S.NextWorkloadId, S.NextSlot - 1));

    public async Task<SlotReport> RunSlotAsync(long slot)
    {
        if (S.LastReport is { } last && last.Slot == slot)
        {
            return last;
        }

        if (slot != S.NextSlot)
        {
            throw new InvalidOperationException($"run {RunId}: slot {slot} requested, but the next slot is {S.NextSlot}");
        }

        var tick = new SlotTick(slot, P.SlotMicros, slot < Config.Slots);

        // Phase 0: epoch boundary.
        if (tick.InHorizon && slot % P.EpochSlots == 0)
        {
            await StartEpochAsync(tick);
        }

        var epoch = S.Epochs[^1];
        var slotVrf = SlotBeacon(epoch, slot);
        var offers = new List<(long ProverId, JobOffer Offer)>();
        var arrived = new List<(WorkloadSpec Spec, WorkloadAllocation Allocation)>();
        if (tick.InHorizon)
        {
            offers.AddRange(await LifecycleAsync(tick, slotVrf.Beta));   // phase 1
            arrived = await ArrivalsAsync(tick, epoch);                   // phase 2
            offers.AddRange(AllocatedOffers(arrived));
        }

        var decided = await OffersAndDecisionsAsync(tick, offers);       // phases 3 and 4
        var market = await MarketAsync(tick, epoch, arrived, decided);   // phase 5
        await CompleteAsync(tick, arrived, decided, market);             // phase 6
        await SettleAsync(tick);                                         // phase 7
        await JudgeChallengesAsync(tick);

        // Phase 8: the slot's row; state persisted at the slot boundary, the settled workloads' capsules dropped.
        await Mempool.EndSlotAsync(slot, [.. S.SettledThisSlot]);
        S.SettledThisSlot.Clear();
        var drained = !tick.InHorizon && S.Pending.Count == 0 && S.Challenges.Count == 0;
        var report = tick.Report(epoch, slotVrf, S.Pending.Count, S.SnapshotSize, drained || slot >= Config.Slots + Config.MaxDrainSlots - 1);
        S.LastReport = report;
        S.NextSlot = slot + 1;
        await state.WriteStateAsync();
        return report;
    }

    private async Task StartEpochAsync(SlotTick tick)
    {
        var number = tick.Slot / P.EpochSlots;
        var previous = S.Epochs.Count == 0 ? Beacon.GenesisSeed(Config.Seed, Config.Replication) : S.Epochs[^1].Seed;
        var (alpha, pi, beta) = Prove(Beacon.EpochAlpha(previous, number));
        var info = new EpochInfo(number, tick.Slot, alpha, pi, beta);
        var snapshot = await ActiveSet.FreezeSnapshotAsync(number);
        S.Epochs.Add(info);
        S.SnapshotSize = snapshot.Length;
        tick.NewEpoch = info;
        tick.Snapshot = snapshot;
    }

    private (byte[] Alpha, byte[] Pi, byte[] Beta) SlotBeacon(EpochInfo epoch, long slot) => Prove(Beacon.SlotAlpha(epoch.Seed, slot));

    private (byte[] Alpha, byte[] Pi, byte[] Beta) Prove(byte[] alpha)
    {
        var pi = Ecvrf.Prove(EcvrfKeyPair.FromSecret(Setup.BeaconSecret), alpha);
        return (alpha, pi, Ecvrf.ProofToHash(pi));
    }
}
