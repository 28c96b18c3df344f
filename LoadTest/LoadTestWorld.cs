// The network a load test allocates over: n provers that all declare the same server (every other one
// with a GPU), a chosen share of them on a link too slow for the input (they decline every offer for
// bandwidth, DESIGN.md §1 "Declines"), set up by the engine itself: the Simulation grain initializes the
// run (provers, active set, beacon, ledger), slot 0 joins every prover and slot 1 freezes the epoch
// snapshot that allocation draws from. Workloads run the loop program of the PoW challenge on one of 64
// inputs whose exact cycle counts (100 to 3,000, log-spaced; 2,000 paid, so about one in eight runs out
// of cycles) are known before they run: the skip-execution mode takes that known run instead of
// executing and proving it. A quarter of the programs need a GPU.
using System.Collections.Immutable;
using ProverSim.Grains.Actors;
using ProverSim.Grains.Actors.Ledger;
using ProverSim.Grains.Actors.Mempool;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Actors.Workloads;
using ProverSim.Grains.Protocol;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.LoadTest;

/// <summary>What a workload would do on the VM, known from its program's loop count.</summary>
public readonly record struct DrawnRun(long Cycles, bool Halts);

public sealed class LoadTestWorld
{
    /// <summary>Input size: 0.8 ms at 1 Gbps, 800 ms at 1 Mbps — past the 0.5 s input deadline.</summary>
    public const long InputBytes = 100_000;

    public const long PaidCycles = 2_000;
    public const long MinCycles = 100;
    public const long MaxCycles = 3_000;
    public const int Programs = 64;

    /// <summary>The slot the load test's allocations and offer rounds count from (slots 0 and 1 set the network up).</summary>
    public const long FirstSlot = 2;

    public static readonly HardwareRequirement GpuRequirement = new(0, 0, 1, 0, 0);

    private readonly LoadTestOptions _options;
    private readonly ImmutableArray<ProgramSpec> _programs;

    public LoadTestWorld(LoadTestOptions options, string runId)
    {
        _options = options;
        RunId = runId;
        Parameters = new ProtocolParameters
        {
            JoinChallenges = 0,
            PowRatePpm = 0,
            K = options.K,
            TiersPpm = EvenTiers(options.K),
            AllocationWeight = options.Weight,
            EpochSlots = 1,
        };
        _programs = [.. Enumerable.Range(0, Programs).Select(Program)];
    }

    public string RunId { get; }

    public ProtocolParameters Parameters { get; }

    public EpochInfo Epoch { get; private set; } = null!;

    public byte[] UserPublicKey { get; private set; } = [];

    public IMempoolGrain Mempool(IGrainFactory grains) => grains.GetGrain<IMempoolGrain>(RunId);

    public ILedgerGrain Ledger(IGrainFactory grains) => grains.GetGrain<ILedgerGrain>(RunId);

    public IProverGrain Prover(IGrainFactory grains, long id) => grains.GetGrain<IProverGrain>(RunKeys.Of(RunId, id));

    public IWorkloadGrain Workload(IGrainFactory grains, long id) => grains.GetGrain<IWorkloadGrain>(RunKeys.Of(RunId, id));

    /// <summary>Whether prover <paramref name="id"/> is one of the bandwidth-limited share.</summary>
    public bool Declines(long id) => new DerivedRandom(_options.Seed, 0, "loadtest/link", id).NextDouble() < _options.DeclineFraction;

    public ProverSetup Prover(long id)
    {
        var declared = new HardwareProfile(16, 64, (int)(id % 2), 1_000, 1_000_000);
        var declines = Declines(id);
        var actual = declines ? declared with { BandwidthMbps = 1 } : declared;
        var stake = 1_000 + new DerivedRandom(_options.Seed, 0, "loadtest/stake", id).NextInt64(0, 9_000);
        return new ProverSetup(id, "loadtest", declines ? Behaviours.BandwidthLimited : Behaviours.Honest, declared, actual, stake, 0, 4, false, true, 0, -1);
    }

    /// <summary>Workload <paramref name="id"/> arriving at <paramref name="arrivalMicros"/>, and what its run would be.</summary>
    public (WorkloadArrival Arrival, DrawnRun Run) Workload(long id, long arrivalMicros)
    {
        var index = (int)new DerivedRandom(_options.Seed, 0, "loadtest/workload", id).NextInt64(0, Programs);
        var cycles = ChallengeProgram.CyclesFor(_programs[index].Input[0]);
        return (new WorkloadArrival(id, 0, FirstSlot, arrivalMicros, index), new DrawnRun(Math.Min(cycles, PaidCycles), cycles <= PaidCycles));
    }

    /// <summary>
    /// The offer of an allocated workload to its prover of rank <paramref name="rank"/>. To skip execution
    /// the offer's cycle budget is 0: the prover decides and books the job as ever, but its VM stops before
    /// the first instruction and there is nothing to prove.
    /// </summary>
    public JobOffer Offer(WorkloadArrival arrival, int rank) =>
        new(JobKind.Allocated, arrival.WorkloadId, rank, arrival.ArrivalMicros, arrival.ProgramIndex,
            _options.Mode == LoadTestMode.Execute ? PaidCycles : 0, InputBytes, UserPublicKey);

    /// <summary>
    /// Has the Simulation grain initialize the run with every prover (no join challenges, one slot per
    /// epoch), then runs slots 0 (every prover joins) and 1 (the snapshot of them all is frozen).
    /// </summary>
    public async Task InitializeAsync(IGrainFactory grains, IProgress<long> initialized, CancellationToken cancellationToken)
    {
        var provers = Enumerable.Range(0, _options.Provers).Select(i => Prover((long)i)).ToImmutableArray();
        var demand = new DemandSpec(ArrivalProcess.Constant, 0, long.MaxValue, 1, long.MaxValue / 4, _programs);
        var config = new SimulationConfig(RunId, _options.Seed, 0, long.MaxValue / 2, 0, Parameters, provers, demand);
        var simulation = grains.GetGrain<ISimulationGrain>(RunId);
        await simulation.InitializeAsync(config);
        initialized.Report(_options.Provers);
        cancellationToken.ThrowIfCancellationRequested();
        await simulation.RunSlotAsync(0);
        var slot1 = await simulation.RunSlotAsync(1);
        Epoch = slot1.NewEpoch ?? throw new InvalidOperationException("slot 1 froze no epoch snapshot");
        if (slot1.NewSnapshot.Length != _options.Provers)
        {
            throw new InvalidOperationException($"{slot1.NewSnapshot.Length} of {_options.Provers} provers reached the snapshot");
        }

        UserPublicKey = Grains.Actors.Provers.CapsuleKeys.User(_options.Seed, 0, 0).Public;
    }

    // The loop program on input [n, nonce] runs exactly CyclesFor(n) cycles; program i aims at a length
    // log-spaced between MinCycles and MaxCycles, with its own nonce.
    private ProgramSpec Program(int index)
    {
        var target = (long)Math.Round(MinCycles * Math.Pow((double)MaxCycles / MinCycles, index / (double)(Programs - 1)));
        var nonce = (ulong)new DerivedRandom(_options.Seed, 0, "loadtest/nonce", index).NextInt64(0, long.MaxValue);
        var requirement = index % 4 == 0 ? GpuRequirement : HardwareRequirement.None;
        return new ProgramSpec($"loop{index}", ChallengeProgram.Program.Words, [.. ChallengeProgram.InputFor(target, nonce)], PaidCycles, InputBytes, requirement, 1);
    }

    // k equal tiers, the rounding remainder to the first (only for the parameters' own invariants).
    private static ImmutableArray<long> EvenTiers(int k)
    {
        var tiers = Enumerable.Repeat(ProtocolParameters.Ppm / k, k).ToArray();
        tiers[0] += ProtocolParameters.Ppm - tiers.Sum();
        return [.. tiers];
    }
}
