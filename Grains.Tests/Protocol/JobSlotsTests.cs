// A prover's concurrent job slots in virtual time (DESIGN.md §2.1 phase 4): the lowest free slot is
// taken at once; when all are busy a job queues on the slot that frees first, or is declined.
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class JobSlotsTests
{
    [Fact]
    public void AtLeastOneSlotIsRequired()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new JobSlots(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JobSlots([]));
        Assert.Equal([0L, 0L, 0L], new JobSlots(3).BusyUntil);
    }

    [Fact]
    public void FreeAtIsTheLowestSlotWhoseJobHasFinished()
    {
        var slots = new JobSlots([100, 50, 50]);
        Assert.Equal(-1, slots.FreeAt(40));
        Assert.Equal(-1, slots.FreeAt(49));
        Assert.Equal(1, slots.FreeAt(50));   // busy-until is exclusive: free exactly at the finish
        Assert.Equal(1, slots.FreeAt(99));
        Assert.Equal(0, slots.FreeAt(100));
    }

    [Fact]
    public void EarliestFreeTakesTheLowestIndexOnTies()
    {
        Assert.Equal((1, 50L), new JobSlots([100, 50, 50]).EarliestFree());
        Assert.Equal((2, 10L), new JobSlots([100, 50, 10]).EarliestFree());
        Assert.Equal((0, 7L), new JobSlots([7, 7, 7]).EarliestFree());
        Assert.Equal((0, 3L), new JobSlots([3]).EarliestFree());
    }

    [Fact]
    public void BookNeverMovesBusyUntilBackwards()
    {
        var slots = new JobSlots([100, 0]);
        slots.Book(0, 80);
        Assert.Equal([100L, 0L], slots.BusyUntil);
        slots.Book(0, 150);
        slots.Book(1, 20);
        Assert.Equal([150L, 20L], slots.BusyUntil);
        slots.Book(1, 20);
        Assert.Equal([150L, 20L], slots.BusyUntil);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AFreeSlotStartsTheJobAtOnce(bool mayQueue)
    {
        Assert.Equal((0, 10L), new JobSlots(2).Place(10, mayQueue));
        Assert.Equal((1, 10L), new JobSlots([60, 5]).Place(10, mayQueue));
    }

    [Fact]
    public void WhenAllAreBusyTheJobQueuesOnTheEarliestOrIsDeclined()
    {
        var slots = new JobSlots([100, 60, 60]);
        Assert.Equal((1, 60L), slots.Place(10, mayQueue: true));
        Assert.Equal((-1, 10L), slots.Place(10, mayQueue: false));
        Assert.Equal([100L, 60L, 60L], slots.BusyUntil); // placing does not book
    }

    [Fact]
    public void PlacingAndBookingInCanonicalOrderFillsTheSlots()
    {
        var slots = new JobSlots(2);
        var starts = new List<(int, long)>();
        foreach (var (at, duration) in new[] { (0L, 300L), (10L, 190L), (20L, 50L), (30L, 100L) })
        {
            var (slot, start) = slots.Place(at, mayQueue: true);
            starts.Add((slot, start));
            slots.Book(slot, start + duration);
        }

        // job 0 → slot 0 [0,300); job 1 → slot 1 [10,200); job 2 queues on slot 1 [200,250); job 3 on slot 1 [250,350).
        Assert.Equal([(0, 0L), (1, 10L), (1, 200L), (1, 250L)], starts);
        Assert.Equal([300L, 350L], slots.BusyUntil);
    }
}
