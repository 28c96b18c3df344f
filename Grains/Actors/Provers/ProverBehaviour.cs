// The seeded parts of a prover's behaviour (DESIGN.md §2 "Real work, modelled duration"): a flaky
// prover's outages and the multiplicative jitter on compute time, each from a stream of its own.
using ProverSim.Grains.Actors.Runs;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Provers;

public static class ProverBehaviour
{
    /// <summary>
    /// Whether a flaky prover is offline in <paramref name="slot"/>: each slot starts an outage with
    /// probability OfflineRatePpm (from a stream of its own per slot), lasting OfflineSlots slots.
    /// </summary>
    public static bool IsOffline(ProverSetup setup, RunSetup run, long slot)
    {
        if (setup.OfflineRatePpm == 0 || setup.OfflineSlots == 0)
        {
            return false;
        }

        for (var start = Math.Max(0, slot - setup.OfflineSlots + 1); start <= slot; start++)
        {
            var draw = new DerivedRandom(run.Seed, run.Replication, $"offline/{start}", setup.ProverId).NextInt64(0, ProtocolParameters.Ppm);
            if (draw < setup.OfflineRatePpm)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Multiplicative jitter in [1 − j, 1 + j], from a stream of its own per (prover, job).</summary>
    public static long Jittered(long compute, JobOffer offer, ProverSetup setup, RunSetup run)
    {
        var jitter = run.Parameters.JitterPpm;
        if (jitter == 0 || compute == 0)
        {
            return compute;
        }

        var random = new DerivedRandom(run.Seed, run.Replication, $"jitter/{offer.Kind}/{offer.JobId}/{offer.Rank}", setup.ProverId);
        var ppm = random.NextInt64(-jitter, jitter + 1);
        return Math.Max(1, compute + (long)((Int128)compute * ppm / ProtocolParameters.Ppm));
    }
}
