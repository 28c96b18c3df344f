// The Workload grain on the test cluster, in a run set up by the Simulation grain: on arrival it
// escrows fee × k from its user, its allocation carries a VRF proof over the documented alpha that
// verifies under the beacon's public key, its k provers are distinct members of the epoch snapshot,
// and a repeated arrival returns the first allocation without escrowing twice.
using System.Collections.Immutable;
using ProverSim.Grains.Actors;
using ProverSim.Grains.Actors.Ledger;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Actors.Workloads;
using ProverSim.Grains.Crypto;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Actors;

[Collection(ClusterCollection.Name)]
public sealed class WorkloadGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AllocationIsAVerifiableDrawFromTheSnapshotAndEscrowsOnce()
    {
        var run = $"alloc-{Guid.NewGuid():N}";
        var parameters = new ProtocolParameters { JoinChallenges = 0, PowRatePpm = 0, K = 3, EpochSlots = 1, FeePerMegacycle = 100_000 };
        var hardware = new HardwareProfile(8, 32, 0, 100, 1_000);
        ImmutableArray<ProverSetup> provers = [.. Enumerable.Range(0, 10).Select(i => new ProverSetup(i, "g", "honest", hardware, hardware, 1_000 + i, 0, 1, false, true, 0, -1))];
        var demand = new DemandSpec(ArrivalProcess.Constant, 0, 100, 1, 1_000, [TestRuns.Countdown(10, paidCycles: 50)]);
        var simulation = fixture.Client.GetGrain<ISimulationGrain>(run);
        await simulation.InitializeAsync(new SimulationConfig(run, 3, 0, 10, 0, parameters, provers, demand));
        await simulation.RunSlotAsync(0);
        var slot1 = await simulation.RunSlotAsync(1);
        var epoch = slot1.NewEpoch!;
        Assert.Equal(10, slot1.NewSnapshot.Length);

        // Slot 2 begins (as the clock would begin it) and workload 42 arrives in it.
        var ledger = fixture.Client.GetGrain<ILedgerGrain>(run);
        await ledger.BeginSlotAsync(2);
        var workload = fixture.Client.GetGrain<IWorkloadGrain>(RunKeys.Of(run, 42));
        var arrival = new WorkloadArrival(42, 0, 2, 2_500_000, 0);
        var allocated = await workload.ArriveAsync(arrival, epoch, []);
        var again = await workload.ArriveAsync(arrival, epoch, []);

        var allocation = allocated.Allocation!;
        var publicKey = (await simulation.GetRunInfoAsync()).BeaconPublicKey;
        Assert.Equal(Beacon.AllocationAlpha(epoch.Seed, 42), allocation.Alpha);
        Assert.True(Ecvrf.Verify(publicKey, allocation.Alpha, allocation.Pi, out var beta));
        Assert.Equal(beta, allocation.Beta);
        Assert.Equal(3, allocation.Provers.Distinct().Count());
        Assert.All(allocation.Provers, p => Assert.InRange(p, 0, 9));
        Assert.Equal(allocation.Provers.ToArray(), again.Allocation!.Provers.ToArray());

        // 50 paid cycles at 0.1 per cycle is a fee of 5 per prover; 3 provers: 15 held in escrow, once.
        Assert.Equal(15, allocated.Escrow);
        await ledger.CommitAsync(2);
        var view = await ledger.ViewAsync();
        Assert.Contains((AccountId.Escrow(42), 15L), view.Balances);
        Assert.Contains((AccountId.User(0), 1_000L - 15), view.Balances);
    }
}
