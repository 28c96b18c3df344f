// The Workload grain on the test cluster: its allocation carries a VRF proof over the documented alpha
// that verifies under the beacon's public key, and the provers are exactly those the pure allocation
// rule draws from the epoch snapshot with that VRF output.
using ProverSim.Grains.Actors;
using ProverSim.Grains.Actors.ActiveSet;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Actors.Workloads;
using ProverSim.Grains.Crypto;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Actors;

[Collection(ClusterCollection.Name)]
public sealed class WorkloadGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AllocationIsAVerifiableVrfDrawFromTheSnapshot()
    {
        var run = $"alloc-{Guid.NewGuid():N}";
        var parameters = new ProtocolParameters { JoinChallenges = 0, K = 3 };
        var set = fixture.Client.GetGrain<IActiveSetGrain>(run);
        await set.InitializeAsync(parameters);
        var hardware = new HardwareProfile(8, 32, 0, 100, 1_000);
        await set.LifecycleAsync(0, [.. Enumerable.Range(0, 10).Select(i => new JoinRequest(i, 1_000 + i, hardware, true))], [], new byte[32]);
        var snapshot = await set.FreezeSnapshotAsync(1);

        var beacon = EcvrfKeyPair.Derive([1, 2, 3]);
        var epoch = new EpochInfo(1, 10, [], [], new byte[32]);
        var spec = new WorkloadSpec(42, 0, 10, 10_000_000, "p", [43], [], 10, 0, HardwareRequirement.None, 0, new byte[32]);
        var allocation = await fixture.Client.GetGrain<IWorkloadGrain>(RunKeys.Of(run, 42)).AllocateAsync(spec, epoch, beacon.Secret);

        Assert.Equal(Beacon.AllocationAlpha(epoch.Seed, 42), allocation.Alpha);
        Assert.True(Ecvrf.Verify(beacon.PublicKey, allocation.Alpha, allocation.Pi, out var beta));
        Assert.Equal(beta, allocation.Beta);
        var eligible = Eligibility.Filter(snapshot.Select(m => (m.ProverId, m.Stake, m.Declared, m.TakesMarket)), HardwareRequirement.None, false, []);
        Assert.Equal(Allocation.Draw(eligible, beta, 3, AllocationWeight.Uniform).ToArray(), allocation.Provers.ToArray());
        Assert.Equal(3, allocation.Provers.Distinct().Count());
    }
}
