// The fixed cost of the beacon's VRF in one allocation, timed on one thread before the silo starts: the
// Workload grain rebuilds the key pair from the beacon secret (a fixed-base multiplication) and proves
// ECVRF over (epoch seed, workload id). With every core proving, this alone caps allocations/s.
using System.Diagnostics;
using ProverSim.Grains.Crypto;
using ProverSim.Grains.Protocol;

namespace ProverSim.LoadTest;

public sealed record CryptoCost(double ProveMicros, double KeyFromSecretMicros)
{
    public double PerAllocationMicros => ProveMicros + KeyFromSecretMicros;

    public static CryptoCost Measure(int iterations = 400)
    {
        var key = EcvrfKeyPair.Derive("provsim/loadtest/crypto-cost"u8);
        var secret = key.Secret;
        var seed = new byte[32];

        // A second of warm-up, so that the tiered JIT has optimized the curve arithmetic before it is timed.
        var warmup = Stopwatch.StartNew();
        for (var i = 1; warmup.Elapsed < TimeSpan.FromSeconds(1); i++)
        {
            Ecvrf.Prove(EcvrfKeyPair.FromSecret(secret), Beacon.AllocationAlpha(seed, -i));
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            Ecvrf.Prove(key, Beacon.AllocationAlpha(seed, i));
        }

        var prove = watch.Elapsed.TotalMicroseconds / iterations;
        watch.Restart();
        for (var i = 0; i < iterations; i++)
        {
            EcvrfKeyPair.FromSecret(secret);
        }

        return new CryptoCost(Math.Round(prove, 1), Math.Round(watch.Elapsed.TotalMicroseconds / iterations, 1));
    }
}
