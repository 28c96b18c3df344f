// The network a load test allocates over (issue 7): n provers that all declare the same server (every
// other one with a GPU), a chosen share of them on a link too slow for the input (they decline every
// offer for bandwidth, DESIGN.md §1 "Declines"), one epoch snapshot holding them all, and the beacon
// key. Workloads run the loop program of the PoW challenge, whose exact cycle count (5n + 7) is known
// before it runs, with a drawn length (100 to 3,000 cycles, 2,000 paid, so about one in eight runs out
// of cycles): the skip-execution mode takes that known run instead of executing and proving it.
using System.Collections.Immutable;
using ProverSim.Grains.Actors;
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Actors.Workloads;
using ProverSim.Grains.Crypto;
using ProverSim.Grains.Protocol;
using ProverSim.Grains.Proving.Vm;

namespace ProverSim.Scenarios.LoadTest;

/// <summary>What a workload would do on the VM, known from its drawn loop count.</summary>
public readonly record struct DrawnRun(long Cycles, bool Halts);

public sealed class LoadTestWorld
{
    /// <summary>Input size: 0.8 ms at 1 Gbps, 800 ms at 1 Mbps — past the 0.5 s input deadline.</summary>
    public const long InputBytes = 100_000;

    public const long PaidCycles = 2_000;
    public const long MinCycles = 100;
    public const long MaxCycles = 3_000;

    /// <summary>Share of workloads that need a GPU (half the provers declare one).</summary>
    public const double GpuShare = 0.25;

    public static readonly HardwareRequirement GpuRequirement = new(0, 0, 1, 0, 0);

    private static readonly ImmutableArray<ulong> LoopProgram = ChallengeProgram.Program.Words;

    // The one load-test user's public key: provers in execute mode seal their proofs to it.
    private readonly Lazy<byte[]> _userKey;

    private readonly LoadTestOptions _options;
    private readonly EcvrfKeyPair _beacon;

    public LoadTestWorld(LoadTestOptions options, string runId)
    {
        _options = options;
        _userKey = new(() => Grains.Actors.Provers.CapsuleKeys.User(options.Seed, 0, 0).Public);
        RunId = runId;
        Parameters = new ProtocolParameters
        {
            JoinChallenges = 0,
            PowRatePpm = 0,
            K = options.K,
            TiersPpm = EvenTiers(options.K),
            AllocationWeight = options.Weight,
        };

        var genesis = Beacon.GenesisSeed(options.Seed, 0);
        _beacon = EcvrfKeyPair.Derive(genesis);
        var alpha = Beacon.EpochAlpha(genesis, 0);
        var pi = Ecvrf.Prove(_beacon, alpha);
        Epoch = new EpochInfo(0, 0, alpha, pi, Ecvrf.ProofToHash(pi));
    }

    public string RunId { get; }

    public ProtocolParameters Parameters { get; }

    public EpochInfo Epoch { get; }

    public byte[] BeaconSecret => _beacon.Secret;

    public IActiveSetGrain ActiveSet(IGrainFactory grains) => grains.GetGrain<IActiveSetGrain>(RunId);

    /// <summary>The run's mempool: in execute mode provers post their capsules there; the driver drops them once tallied.</summary>
    public Grains.Actors.Mempool.IMempoolGrain Mempool(IGrainFactory grains) => grains.GetGrain<Grains.Actors.Mempool.IMempoolGrain>(RunId);

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
        return new ProverSetup(id, "loadtest", declines ? "bandwidth-limited" : "honest", declared, actual, stake, 0, 4, false, true, 0, -1);
    }

    /// <summary>Workload <paramref name="id"/> arriving at <paramref name="arrivalMicros"/>, and what its run would be.</summary>
    public (WorkloadSpec Spec, DrawnRun Run) Workload(long id, long arrivalMicros)
    {
        var random = new DerivedRandom(_options.Seed, 0, "loadtest/workload", id);
        var requirement = random.NextDouble() < GpuShare ? GpuRequirement : HardwareRequirement.None;
        var target = (long)Math.Round(MinCycles * Math.Pow((double)MaxCycles / MinCycles, random.NextDouble()));
        var loops = ChallengeProgram.LoopCountFor(target);
        var cycles = ChallengeProgram.CyclesFor(loops);
        var nonce = (ulong)random.NextInt64(0, long.MaxValue);
        var spec = new WorkloadSpec(id, 0, 0, arrivalMicros, "loop", LoopProgram, [loops, nonce], PaidCycles, InputBytes, requirement, 0, _userKey.Value);
        return (spec, new DrawnRun(Math.Min(cycles, PaidCycles), cycles <= PaidCycles));
    }

    /// <summary>
    /// The offer of <paramref name="spec"/> to its prover of rank <paramref name="rank"/>. To skip execution
    /// the offer's cycle budget is 0: the prover decides and books the job as ever, but its VM stops before
    /// the first instruction and there is nothing to prove.
    /// </summary>
    public JobOffer Offer(WorkloadSpec spec, int rank) =>
        new(JobKind.Allocated, spec.WorkloadId, rank, spec.ArrivalMicros, spec.Program, spec.Input,
            _options.Mode == LoadTestMode.Execute ? spec.PaidCycles : 0, spec.InputBytes, spec.UserPublicKey);

    /// <summary>
    /// Initializes the active set and every prover grain, joins them all (no join challenges) and
    /// freezes the epoch-0 snapshot; reports how many provers are initialized as it goes.
    /// </summary>
    public async Task InitializeAsync(IGrainFactory grains, IProgress<long> initialized, CancellationToken cancellationToken)
    {
        await ActiveSet(grains).InitializeAsync(Parameters);
        const int batch = 1_000;
        var joins = ImmutableArray.CreateBuilder<JoinRequest>(_options.Provers);
        for (var start = 0; start < _options.Provers; start += batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var setups = Enumerable.Range(start, Math.Min(batch, _options.Provers - start)).Select(i => Prover((long)i)).ToList();
            await Task.WhenAll(setups.Select(s => Prover(grains, s.ProverId).InitializeAsync(s, _options.Seed, 0, Parameters)));
            joins.AddRange(setups.Select(s => new JoinRequest(s.ProverId, s.Stake, s.Declared, s.TakesMarket)));
            initialized.Report(start + setups.Count);
        }

        var lifecycle = await ActiveSet(grains).LifecycleAsync(0, joins.MoveToImmutable(), [], new byte[32]);
        var snapshot = await ActiveSet(grains).FreezeSnapshotAsync(Epoch.Epoch);
        if (lifecycle.Joined.Length != _options.Provers || snapshot.Length != _options.Provers)
        {
            throw new InvalidOperationException($"{snapshot.Length} of {_options.Provers} provers reached the snapshot");
        }
    }

    // k equal tiers, the rounding remainder to the first (only for the parameters' own invariants).
    private static ImmutableArray<long> EvenTiers(int k)
    {
        var tiers = Enumerable.Repeat(ProtocolParameters.Ppm / k, k).ToArray();
        tiers[0] += ProtocolParameters.Ppm - tiers.Sum();
        return [.. tiers];
    }
}
