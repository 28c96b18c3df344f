// Eligibility (DESIGN.md §1 "Allocation", §2.1 phase 5): members whose declared hardware meets the
// requirement, optionally only those that take market work, minus the excluded, sorted by id.
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class EligibilityTests
{
    private static readonly HardwareProfile Big = new(16, 64, 2, 1_000, 10_000_000);
    private static readonly HardwareProfile Small = new(2, 4, 0, 10, 100_000);
    private static readonly HardwareRequirement NeedsGpu = new(0, 0, 1, 0, 0);

    // Deliberately not in id order.
    private static readonly (long ProverId, long Stake, HardwareProfile Declared, bool TakesMarket)[] Snapshot =
    [
        (9, 900, Big, true),
        (2, 200, Small, true),
        (7, 700, Big, false),
        (4, 400, Small, false),
        (5, 500, Big, true),
    ];

    [Fact]
    public void NoFilterKeepsEveryoneSortedById() =>
        Assert.Equal(
            [new Candidate(2, 200), new Candidate(4, 400), new Candidate(5, 500), new Candidate(7, 700), new Candidate(9, 900)],
            Eligibility.Filter(Snapshot, HardwareRequirement.None, takersOnly: false, exclude: []));

    [Fact]
    public void HardwareRequirementFilters() =>
        Assert.Equal(
            [new Candidate(5, 500), new Candidate(7, 700), new Candidate(9, 900)],
            Eligibility.Filter(Snapshot, NeedsGpu, takersOnly: false, exclude: []));

    [Fact]
    public void TakersOnlyKeepsThoseThatTakeMarketWork() =>
        Assert.Equal(
            [new Candidate(2, 200), new Candidate(5, 500), new Candidate(9, 900)],
            Eligibility.Filter(Snapshot, HardwareRequirement.None, takersOnly: true, exclude: []));

    [Fact]
    public void ExcludedProversAreLeftOut() =>
        Assert.Equal(
            [new Candidate(4, 400), new Candidate(7, 700)],
            Eligibility.Filter(Snapshot, HardwareRequirement.None, takersOnly: false, exclude: [2, 5, 9, 99]));

    [Fact]
    public void AllFiltersCombine()
    {
        Assert.Equal([new Candidate(9, 900)], Eligibility.Filter(Snapshot, NeedsGpu, takersOnly: true, exclude: [5]));
        Assert.Empty(Eligibility.Filter(Snapshot, NeedsGpu, takersOnly: true, exclude: [5, 9]));
        Assert.Empty(Eligibility.Filter([], HardwareRequirement.None, takersOnly: false, exclude: []));
    }

    [Fact]
    public void TheFilteredSetIsAValidAllocationInput()
    {
        var eligible = Eligibility.Filter(Snapshot, HardwareRequirement.None, takersOnly: false, exclude: []);
        var drawn = Allocation.Draw(eligible, AllocationTests.Random(1), 5, AllocationWeight.Stake);
        Assert.Equal([2L, 4L, 5L, 7L, 9L], drawn.Order());
    }
}
