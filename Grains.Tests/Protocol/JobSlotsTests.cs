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

    [Fact]
    public void APreemptingChallengePausesTheJobItInterruptsAndPushesTheQueueBehindIt()
    {
        // One slot: job 7 over [0, 1,000), job 8 queued over [1,000, 1,500), job 9 later at [3,000, 3,100).
        var slots = new JobSlots(1);
        slots.Book(0, 0, 1_000, job: 7);
        slots.Book(0, 1_000, 1_500, job: 8);
        slots.Book(0, 3_000, 3_100, job: 9);

        // A 200-long challenge at 400 runs at once: job 7 keeps [0, 400), resumes at 600 and ends at 1,200;
        // job 8 moves to [1,200, 1,700); job 9, far behind, keeps its place.
        var (slot, start, delayed) = slots.BookPreempting(400, 200, JobSlots.ChallengeTag(5));
        Assert.Equal((0, 400L), (slot, start));
        Assert.Equal([new JobDelay(7, 1_200), new JobDelay(8, 1_700)], delayed);
        Assert.Equal([[0L, 400L, 400L, 600L, 600L, 1_200L, 1_200L, 1_700L, 3_000L, 3_100L]], slots.Busy);
        Assert.Equal([[7L, -6L, 7L, 8L, 9L]], slots.Jobs);
    }

    [Fact]
    public void APreemptingChallengeTakesAFreeSlotFirstThenTheSlotItDelaysLeast()
    {
        // Slot 0 runs job 1 to 900; slot 1 runs job 2 to 500: a free slot is used as is.
        var free = new JobSlots(3);
        free.Book(0, 0, 900, job: 1);
        free.Book(1, 0, 500, job: 2);
        var (freeSlot, freeStart, none) = free.BookPreempting(100, 50, JobSlots.ChallengeTag(0));
        Assert.Equal((2, 100L), (freeSlot, freeStart));
        Assert.Empty(none);

        // Both busy: slot 0 would delay job 1 and job 3 queued behind it (50 + 50); slot 1 only job 2 (50).
        var busy = new JobSlots(2);
        busy.Book(0, 0, 900, job: 1);
        busy.Book(0, 900, 1_000, job: 3);
        busy.Book(1, 0, 500, job: 2);
        var (slot, start, delayed) = busy.BookPreempting(100, 50, JobSlots.ChallengeTag(0));
        Assert.Equal((1, 100L), (slot, start));
        Assert.Equal([new JobDelay(2, 550)], delayed);
    }

    [Fact]
    public void AChallengeIsNeverInterruptedItQueuesBehindOne()
    {
        // The only slot runs challenge 0 over [0, 300): a second challenge at 100 waits for it.
        var slots = new JobSlots(1);
        Assert.Empty(slots.BookPreempting(0, 300, JobSlots.ChallengeTag(0)).Delayed);
        var (slot, start, delayed) = slots.BookPreempting(100, 50, JobSlots.ChallengeTag(1));
        Assert.Equal((0, 300L), (slot, start));
        Assert.Empty(delayed);

        // A challenge queued ahead on the slot is not pushed either: the job's slot is passed over.
        var queued = new JobSlots(1);
        queued.Book(0, 0, 1_000, job: 4);
        queued.Book(0, 1_050, 1_100, job: JobSlots.ChallengeTag(2));
        var (queuedSlot, queuedStart, _) = queued.BookPreempting(500, 100, JobSlots.ChallengeTag(3));
        Assert.Equal((0, 1_100L), (queuedSlot, queuedStart));
    }
}
