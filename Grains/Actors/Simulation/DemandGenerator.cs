// The demand generator (DESIGN.md §2.1 phase 2): Poisson arrivals per slot at uniform times within the
// slot (or a constant number, evenly spaced; or Poisson at a rate that follows a curve; or a recorded
// trace replayed as it is), each drawing a program from the weighted mix and a paying user. Its stream is derived from
// (seed, replication, "arrivals", slot), so each slot's arrivals are independent of everything else.
using MathNet.Numerics.Distributions;
using ProverSim.Grains.Actors.Runs;
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Actors.Simulation;

public sealed record Arrival(long ArrivalMicros, int ProgramIndex, long UserId);

public static class DemandGenerator
{
    public static IReadOnlyList<Arrival> ArrivalsIn(long slot, RunSetup config)
    {
        var demand = config.Demand;
        var length = config.Parameters.SlotMicros;
        if (demand.Process == ArrivalProcess.Trace)
        {
            // The trace is sorted by (arrival, program, user): the slot's arrivals are one run of it.
            var (from, to) = (slot * length, (slot + 1) * length);
            var trace = demand.Trace;
            int low = 0, high = trace.Length;
            while (low < high)
            {
                var mid = (low + high) / 2;
                (low, high) = trace[mid].ArrivalMicros < from ? (mid + 1, high) : (low, mid);
            }

            var arrivalsInSlot = new List<Arrival>();
            for (var i = low; i < trace.Length && trace[i].ArrivalMicros < to; i++)
            {
                arrivalsInSlot.Add(new Arrival(trace[i].ArrivalMicros, trace[i].ProgramIndex, trace[i].UserId));
            }

            return arrivalsInSlot;
        }

        var rate = demand.RateAt(slot);
        if (slot < demand.StartSlot || rate <= 0 || demand.Programs.IsEmpty)
        {
            return [];
        }

        var random = new DerivedRandom(config.Seed, config.Replication, "arrivals", slot);
        var constant = demand.Process == ArrivalProcess.Constant;
        var count = constant ? (int)rate : Poisson.Sample(random, rate);
        var weights = demand.Programs.Select(p => p.Weight).ToArray();
        var slotStart = slot * length;
        var arrivals = new List<Arrival>(count);
        for (var i = 0; i < count; i++)
        {
            var at = slotStart + (constant ? (2 * i + 1) * length / (2 * count) : random.NextInt64(0, length));
            var program = Categorical.Sample(random, weights);
            var user = random.NextInt64(0, demand.Users);
            arrivals.Add(new Arrival(at, program, user));
        }

        return [.. arrivals.OrderBy(a => a.ArrivalMicros).ThenBy(a => a.ProgramIndex).ThenBy(a => a.UserId)];
    }
}
