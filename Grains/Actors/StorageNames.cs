// The grain storage every ProverSim grain persists to; the silo configures it (Silo/SiloSetup).
namespace ProverSim.Grains.Actors;

public static class StorageNames
{
    public const string Simulation = "simulation";
}
