// The beacon grain: derives the run's ECVRF key pair from the run's master seed (a derivation of its
// own, Beacon.KeySeed, not the published genesis seed), keeps it, and proves
// VRF inputs on the thread pool so that the allocations of a slot are not serialized on one core
// (every call interleaves; the key never changes after initialization).
using ProverSim.Grains.Actors.Runs;
using ProverSim.Grains.Crypto;

namespace ProverSim.Grains.Actors.Beacon;

public sealed class BeaconGrain(
    [PersistentState("beacon", StorageNames.Simulation)] IPersistentState<BeaconState> state,
    RunContexts runs) : Grain, IBeaconGrain
{
    private EcvrfKeyPair? _key;

    public async Task<byte[]> InitializeAsync()
    {
        if (state.State.Secret.Length == 0)
        {
            var setup = (await runs.GetAsync(this.GetPrimaryKeyString())).Setup;
            var key = EcvrfKeyPair.Derive(Protocol.Beacon.KeySeed(setup.Seed, setup.Replication));
            state.State = new BeaconState { Secret = key.Secret, PublicKey = key.PublicKey };
            await state.WriteStateAsync();
        }

        return state.State.PublicKey;
    }

    public async Task<VrfOutput> ProveAsync(byte[] alpha)
    {
        var key = _key ??= state.State.Secret.Length > 0
            ? EcvrfKeyPair.FromSecret(state.State.Secret)
            : throw new InvalidOperationException($"beacon {this.GetPrimaryKeyString()} is not initialized");
        var pi = await Task.Run(() => Ecvrf.Prove(key, alpha));
        return new VrfOutput(alpha, pi, Ecvrf.ProofToHash(pi));
    }
}
