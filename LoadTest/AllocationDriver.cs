// The load generator of `provsim loadtest` (STYLE.md: load generation is its own part and drives the
// grains through the client API only). Each arrival is one allocation of the engine's own path: the
// Workload grain's arrival escrows the user's payment, has the Beacon grain prove the VRF over (epoch
// seed, workload id) and the ActiveSet grain draw k eligible provers from the epoch snapshot (DESIGN.md
// §2.1 phase 2); the offers then go to those Prover grains, one call per prover per round, which decide
// (phases 3 and 4). Provers take offers per slot, so the offer stage runs back-to-back rounds, each a
// slot of its own: every allocation finished since the last round is offered in the next, while new
// allocations go on in parallel. An allocation's latency
// runs from its arrival (at a fixed rate, its scheduled arrival, so a late start counts) to the end of
// the round that returned its k decisions.
using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading.Channels;
using HdrHistogram;
using ProverSim.Grains.Actors.Provers;
using ProverSim.Grains.Actors.Workloads;

namespace ProverSim.LoadTest;

/// <summary>What the driver did in one sampling interval; latencies of the allocations that arrived in the window.</summary>
public sealed record DriverSample(TimeSpan Elapsed, string Phase, long Completed, HistogramBase Latency, HistogramBase AllocateStage);

/// <summary>What the offers came back with, over the measurement window.</summary>
public sealed record DriverTotals(
    long Allocations, long CompletedInWindow, long Offers, long Declines, long Halted, long OutOfCycles, long Mismatches, long Rounds);

public sealed class AllocationDriver
{
    /// <summary>Latencies are recorded in microseconds, up to ten minutes.</summary>
    public const long HighestMicros = 600_000_000;

    private readonly IClusterClient _client;
    private readonly LoadTestWorld _world;
    private readonly LoadTestOptions _options;
    private readonly Channel<Allocated> _allocated = Channel.CreateUnbounded<Allocated>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Recorder _latency = NewRecorder();
    private readonly Recorder _allocateStage = NewRecorder();
    private readonly SemaphoreSlim _slots;
    private readonly Stopwatch _clock = new();
    private readonly long _windowStart;
    private readonly long _windowEnd;
    private readonly CancellationTokenSource _abort = new();
    private Exception? _failure;
    private long _issued;
    private long _completed;
    private long _completedInWindow;
    private long _offers;
    private long _declines;
    private long _halted;
    private long _outOfCycles;
    private long _mismatches;
    private long _rounds;
    private long _outstanding;
    private long _sampledCompleted;

    public AllocationDriver(IClusterClient client, LoadTestWorld world, LoadTestOptions options)
    {
        _client = client;
        _world = world;
        _options = options;
        _slots = new SemaphoreSlim(options.InFlight, options.InFlight);
        _windowStart = Ticks(options.Warmup);
        _windowEnd = _windowStart + Ticks(options.Duration);
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Warm-up, then the measurement window, then draining what is still in flight.</summary>
    public TimeSpan Planned => _options.Warmup + _options.Duration;

    public DriverTotals Totals => new(
        Interlocked.Read(ref _issued), Interlocked.Read(ref _completedInWindow), Interlocked.Read(ref _offers), Interlocked.Read(ref _declines),
        Interlocked.Read(ref _halted), Interlocked.Read(ref _outOfCycles), Interlocked.Read(ref _mismatches), Interlocked.Read(ref _rounds));

    public static Recorder NewRecorder() =>
        HistogramFactory.With64BitBucketSize().WithValuesFrom(1).WithValuesUpTo(HighestMicros).WithPrecisionOf(3)
            .WithThreadSafeWrites().WithThreadSafeReads().Create();

    public static HistogramBase NewHistogram() => new LongHistogram(1, HighestMicros, 3);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abort.Token);

        // The load test's one open slot begins, as the clock begins each slot of a run: the ledger keeps its
        // escrows and the mempool its reveals in memory until the slot ends.
        await Task.WhenAll(_world.Ledger(_client).BeginSlotAsync(LoadTestWorld.FirstSlot), _world.Mempool(_client).BeginSlotAsync(LoadTestWorld.FirstSlot));
        _clock.Start();
        var rounds = Task.Run(() => OfferRoundsAsync(linked.Token), CancellationToken.None);
        try
        {
            await ArrivalsAsync(linked.Token);
            while (Interlocked.Read(ref _outstanding) > 0)
            {
                await Task.Delay(5, linked.Token);
            }
        }
        catch (OperationCanceledException) when (_failure is not null)
        {
        }
        finally
        {
            _allocated.Writer.TryComplete();
        }

        try
        {
            await rounds;
        }
        catch (OperationCanceledException) when (_failure is not null)
        {
        }

        if (_failure is not null)
        {
            throw new InvalidOperationException($"an allocation failed: {_failure.Message}", _failure);
        }

        // Every allocation escrowed in the load test's one open slot; the ledger commits it once.
        await _world.Ledger(_client).CommitAsync(LoadTestWorld.FirstSlot);
    }

    /// <summary>What happened since the last sample. Only the sampler calls this.</summary>
    public DriverSample Sample()
    {
        var now = _clock.ElapsedTicks;
        var completed = Interlocked.Read(ref _completed);
        var sample = new DriverSample(
            _clock.Elapsed,
            now < _windowStart ? "warmup" : now < _windowEnd ? "measure" : "drain",
            completed - _sampledCompleted,
            _latency.GetIntervalHistogram(),
            _allocateStage.GetIntervalHistogram());
        _sampledCompleted = completed;
        return sample;
    }

    private async Task ArrivalsAsync(CancellationToken cancellationToken)
    {
        long next = 0;
        if (_options.Rate is not { } rate)
        {
            while (_clock.ElapsedTicks < _windowEnd)
            {
                await _slots.WaitAsync(cancellationToken);
                Start(next++, _clock.ElapsedTicks);
            }

            return;
        }

        // Open loop: arrival i is due at i / rate whether or not earlier ones have finished.
        long Due(long i) => (long)(i / rate * Stopwatch.Frequency);
        while (Due(next) < _windowEnd)
        {
            while (Due(next) <= _clock.ElapsedTicks && Due(next) < _windowEnd)
            {
                await _slots.WaitAsync(cancellationToken);
                Start(next, Due(next));
                next++;
            }

            await Task.Delay(1, cancellationToken);
        }
    }

    private void Start(long id, long arrival)
    {
        Interlocked.Increment(ref _issued);
        Interlocked.Increment(ref _outstanding);
        _ = AllocateAsync(id, arrival);
    }

    private async Task AllocateAsync(long id, long arrival)
    {
        try
        {
            var (spec, run) = _world.Workload(id, Micros(arrival));
            var arrived = await _world.Workload(_client, id).ArriveAsync(spec, _world.Epoch, []);
            var allocation = arrived.Allocation ?? throw new InvalidOperationException($"workload {id} was refused: {arrived.Rejected?.Refusal}");
            if (InWindow(arrival))
            {
                _allocateStage.RecordValue(Clamp(Micros(_clock.ElapsedTicks - arrival)));
            }

            _allocated.Writer.TryWrite(new Allocated(spec, allocation, run, arrival));
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    private async Task OfferRoundsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var reader = _allocated.Reader;
            var batch = new List<Allocated>();
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                batch.Clear();
                while (reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                var round = LoadTestWorld.FirstSlot + Interlocked.Increment(ref _rounds);
                var byProver = batch
                    .SelectMany(a => a.Allocation.Provers.Select((prover, rank) => (Prover: prover, Offer: _world.Offer(a.Spec, rank))))
                    .GroupBy(o => o.Prover)
                    .ToList();
                var replies = await Task.WhenAll(byProver.Select(g => _world.Prover(_client, g.Key).DecideAsync(round, [.. g.Select(o => o.Offer)])));
                var done = _clock.ElapsedTicks;
                Tally(batch, replies, done);
                if (replies.Any(r => r.Any(j => j.Outcome == JobOutcome.Halted)))
                {
                    await _world.Mempool(_client).EndSlotAsync(round, [.. batch.Select(a => a.Spec.WorkloadId)]);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Fail(e);
        }
    }

    private void Tally(List<Allocated> batch, ImmutableArray<JobReport>[] replies, long done)
    {
        var runs = batch.ToDictionary(a => a.Spec.WorkloadId, a => a.Run);
        foreach (var report in replies.SelectMany(r => r))
        {
            var run = runs[report.JobId];
            Interlocked.Increment(ref _offers);
            if (report.Outcome == JobOutcome.Declined)
            {
                Interlocked.Increment(ref _declines);
                continue;
            }

            if (run.Halts)
            {
                Interlocked.Increment(ref _halted);
            }
            else
            {
                Interlocked.Increment(ref _outOfCycles);
            }

            var ran = report.Outcome == JobOutcome.Halted;
            if (_options.Mode == LoadTestMode.Execute && (report.Cycles != run.Cycles || ran != run.Halts))
            {
                Interlocked.Increment(ref _mismatches);
            }
        }

        foreach (var allocated in batch)
        {
            if (InWindow(allocated.Arrival))
            {
                _latency.RecordValue(Clamp(Micros(done - allocated.Arrival)));
            }

            if (done >= _windowStart && done < _windowEnd)
            {
                Interlocked.Increment(ref _completedInWindow);
            }

            Interlocked.Increment(ref _completed);
            Interlocked.Decrement(ref _outstanding);
            _slots.Release();
        }
    }

    private void Fail(Exception e)
    {
        Interlocked.CompareExchange(ref _failure, e, null);
        _abort.Cancel();
    }

    private bool InWindow(long ticks) => ticks >= _windowStart && ticks < _windowEnd;

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static long Micros(long ticks) => (long)(ticks * 1_000_000.0 / Stopwatch.Frequency);

    private static long Clamp(long micros) => Math.Clamp(micros, 1, HighestMicros);

    private sealed record Allocated(WorkloadArrival Spec, WorkloadAllocation Allocation, DrawnRun Run, long Arrival);
}
