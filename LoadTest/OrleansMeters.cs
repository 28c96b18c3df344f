// Reads the silo's own counters in-process (a MeterListener on Orleans' "Microsoft.Orleans" meter): how
// many grain requests completed (every call: client to grain, grain to grain, grain to storage) and how
// many grain activations exist. Start it before the silo so that no activation is missed.
using System.Diagnostics.Metrics;

namespace ProverSim.LoadTest;

public sealed class OrleansMeters : IDisposable
{
    public const string MeterName = "Microsoft.Orleans";

    /// <summary>A histogram with one measurement per completed grain request.</summary>
    private const string Requests = "orleans-app-requests-latency";

    /// <summary>Activations by grain type, as an up-down counter.</summary>
    private const string Grains = "orleans-grains";

    private readonly MeterListener _listener = new();
    private long _requests;
    private long _activations;
    private long _peakActivations;

    public OrleansMeters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name is Requests or Grains)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => Count(instrument, 1));
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Count(instrument, value));
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Count(instrument, value));
        _listener.Start();
    }

    /// <summary>Grain requests completed since the listener started.</summary>
    public long GrainCalls => Interlocked.Read(ref _requests);

    /// <summary>Grain activations now (system targets excluded).</summary>
    public long Activations => Interlocked.Read(ref _activations);

    public long PeakActivations => Interlocked.Read(ref _peakActivations);

    public void Dispose() => _listener.Dispose();

    private void Count(Instrument instrument, long value)
    {
        if (instrument.Name == Requests)
        {
            Interlocked.Increment(ref _requests);
            return;
        }

        var now = Interlocked.Add(ref _activations, value);
        long peak;
        while (now > (peak = Interlocked.Read(ref _peakActivations)) && Interlocked.CompareExchange(ref _peakActivations, now, peak) != peak)
        {
        }
    }
}
