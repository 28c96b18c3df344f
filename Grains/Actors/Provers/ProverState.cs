// A prover's persisted state: its setup, job-slot schedule, the offers held between phases 3 and 4,
// and the last replies per phase so that a retried call for the same slot has no second effect.
using System.Collections.Immutable;

namespace ProverSim.Grains.Actors.Provers;

[GenerateSerializer, Alias("provsim.ProverState")]
public sealed class ProverState
{
    [Id(0)] public ProverSetup? Setup { get; set; }
    [Id(1)] public long MasterSeed { get; set; }
    [Id(2)] public int Replication { get; set; }
    [Id(3)] public Protocol.ProtocolParameters? Parameters { get; set; }
    [Id(4)] public long[] BusyUntil { get; set; } = [];
    [Id(5)] public long OffersSlot { get; set; } = -1;
    [Id(6)] public ImmutableArray<JobOffer> Offers { get; set; } = [];
    [Id(7)] public long DecidedSlot { get; set; } = -1;
    [Id(8)] public ImmutableArray<JobReport> Decided { get; set; } = [];
    [Id(9)] public long MarketSlot { get; set; } = -1;
    [Id(10)] public ImmutableArray<JobReport> MarketReplies { get; set; } = [];
    [Id(11)] public long JobsRun { get; set; }
    [Id(12)] public long CyclesRun { get; set; }
    [Id(13)] public long Declines { get; set; }
    [Id(14)] public long MarketAttempts { get; set; }
    [Id(15)] public long ChallengesRun { get; set; }
    [Id(16)] public long CopiesPosted { get; set; }
    [Id(17)] public long CopiedSlot { get; set; } = -1;
    [Id(18)] public ImmutableArray<CopyReport> Copied { get; set; } = [];
}
