// A prover's concurrent job slots in virtual time (DESIGN.md §2.1 phases 4 and 5): a job takes the
// lowest slot free for its whole run at once; when none is, it queues for the earliest start at which
// one is, or is declined; a job booked later in time never makes an earlier arrival look busy.
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class JobSlotsTests
{
    [Fact]
    public void AtLeastOneSlotIsRequired()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new JobSlots(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JobSlots(Array.Empty<long[]>()));
        Assert.Equal([[], [], []], new JobSlots(3).Busy);
    }

    [Fact]
    public void AJobFitsOnlyWhereItsWholeRunIsFree()
    {
        // Slot 0 holds [100, 200); slot 1 holds [50, 80).
        var slots = new JobSlots([[100, 200], [50, 80]]);
        Assert.Equal(0, slots.FreeFor(0, 100));    // [0, 100) ends as slot 0's job starts
        Assert.Equal(-1, slots.FreeFor(0, 101));   // [0, 101) runs into slot 0's job and hits slot 1's [50, 80)
        Assert.Equal(-1, slots.FreeFor(40, 70));   // [40, 110) hits both
        Assert.Equal(1, slots.FreeFor(80, 500));   // free exactly at a finish
        Assert.Equal(0, slots.FreeFor(200, 5));
    }

    [Fact]
    public void ALaterBookingDoesNotMakeAnEarlierArrivalLookBusy()
    {
        // One slot, a job booked over [800, 1102): a 32-long job arriving at 300 fits before it; a
        // 302-long one arriving at 600 would run into it.
        var slots = new JobSlots([[800, 1102]]);
        Assert.Equal((0, 300L), slots.Place(300, 32, mayQueue: false));
        Assert.Equal((-1, 600L), slots.Place(600, 302, mayQueue: false));
        Assert.Equal((0, 1102L), slots.Place(600, 302, mayQueue: true));
    }

    [Fact]
    public void QueueingTakesTheEarliestStartOverAllSlotsTheLowestOnTies()
    {
        var slots = new JobSlots([[0, 100], [0, 60], [0, 60]]);
        Assert.Equal((1, 60L), slots.Place(10, 30, mayQueue: true));
        Assert.Equal((-1, 10L), slots.Place(10, 30, mayQueue: false));
        Assert.Equal([[0L, 100L], [0L, 60L], [0L, 60L]], slots.Busy); // placing does not book
    }

    [Fact]
    public void BookingKeepsIntervalsInOrderAndRefusesAnOverlap()
    {
        var slots = new JobSlots(1);
        slots.Book(0, 500, 600);
        slots.Book(0, 100, 200);
        slots.Book(0, 300, 300); // empty: nothing held
        Assert.Equal([[100L, 200L, 500L, 600L]], slots.Busy);
        Assert.Throws<InvalidOperationException>(() => slots.Book(0, 150, 250));

        slots.ForgetBefore(200);
        Assert.Equal([[500L, 600L]], slots.Busy);
    }

    [Fact]
    public void PlacingAndBookingInArrivalOrderFillsTheSlots()
    {
        var slots = new JobSlots(2);
        var starts = new List<(int, long)>();
        foreach (var (at, duration) in new[] { (0L, 300L), (10L, 190L), (20L, 50L), (30L, 100L) })
        {
            var (slot, start) = slots.Place(at, duration, mayQueue: true);
            starts.Add((slot, start));
            slots.Book(slot, start, start + duration);
        }

        // job 0 → slot 0 [0,300); job 1 → slot 1 [10,200); job 2 queues on slot 1 [200,250); job 3 on slot 1 [250,350).
        Assert.Equal([(0, 0L), (1, 10L), (1, 200L), (1, 250L)], starts);
        Assert.Equal([[0L, 300L], [10L, 200L, 200L, 250L, 250L, 350L]], slots.Busy);
    }
}
