// Grain keys of one run: every grain of a run is keyed "<run id>/<entity id>" (or the run id for the
// per-run singletons), so that several runs share a silo without touching each other's grains.
namespace ProverSim.Grains.Actors;

public static class RunKeys
{
    public static string Of(string runId, long entityId) => $"{runId}/{entityId}";

    public static string RunOf(string key) => key[..key.LastIndexOf('/')];
}
