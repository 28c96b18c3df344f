// The per-silo view of each run's setup: fetched from the run's Simulation grain on first use and kept
// for the life of the silo, so that 10,000 prover grains and every workload share one copy instead of
// each storing the parameters, the seed and the programs. The users' key pairs are derived here too:
// the users' clients (who open their capsules) run inside the Workload grains.
using System.Collections.Concurrent;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Runs;

public sealed class RunContexts(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<RunContext>>> _runs = new();

    public Task<RunContext> GetAsync(string runId)
    {
        var entry = _runs.GetOrAdd(runId, id => new Lazy<Task<RunContext>>(() => LoadAsync(id)));
        var task = entry.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            _runs.TryRemove(new KeyValuePair<string, Lazy<Task<RunContext>>>(runId, entry));
        }

        return task;
    }

    private async Task<RunContext> LoadAsync(string runId) => new(await grains.GetGrain<ISimulationGrain>(runId).GetSetupAsync());
}

public sealed class RunContext(RunSetup setup)
{
    private readonly ConcurrentDictionary<long, (byte[] Secret, byte[] Public)> _users = new();

    public RunSetup Setup { get; } = setup;

    public ProtocolParameters Parameters => Setup.Parameters;

    public ProgramSpec Program(int index) => Setup.Demand.Programs[index];

    /// <summary>A user's X25519 key pair; the client holds the secret, offers carry the public half.</summary>
    public (byte[] Secret, byte[] Public) UserKey(long userId) =>
        _users.GetOrAdd(userId, id => CapsuleKeys.User(Setup.Seed, Setup.Replication, id));
}
