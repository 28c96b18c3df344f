// The standing bids' order (reverse-auction, ramp-and-lock) and ramp-and-lock's racers and price ramp:
// known answers from an independent implementation of the documented streams (see SingleFallbackTests),
// the order's shape (cheapest first, every member once, ties reshuffled by each workload), and the ramp by hand.
using ProverSim.Grains.Protocol;

namespace ProverSim.Grains.Tests.Protocol;

public sealed class PriceOrderTests
{
    private static readonly PricedCandidate[] Bids =
        [new(3, 700), new(5, 400), new(8, 700), new(13, 400), new(21, 900), new(34, 400), new(55, 700), new(89, 1_200)];

    [Fact]
    public void TheBidsComeCheapestFirstWithTiesInTheOrderTheVrfOutputDraws()
    {
        // Floors 400 {5, 13, 34}, 700 {3, 8, 55}, 900 {21}, 1,200 {89}; each tie shuffled by the stream
        // SHA-256("provsim/mechanism-tie/v1" ‖ 0x00 ‖ beta ‖ first index i32 BE ‖ counter).
        Assert.Equal([5, 34, 13, 55, 8, 3, 21, 89], PriceOrder.Of(PriceOrder.Sort(Bids), SingleFallbackTests.KnownBeta).Select(c => c.ProverId));
    }

    [Fact]
    public void EveryMemberComesOnceCheapestFirstAndWorkloadsBreakTiesDifferently()
    {
        var sorted = PriceOrder.Sort(Bids);
        var orders = Enumerable.Range(0, 40).Select(i => PriceOrder.Of(sorted, System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))).ToList()).ToList();
        foreach (var order in orders)
        {
            Assert.Equal(Bids.Select(b => b.ProverId).Order(), order.Select(c => c.ProverId).Order());
            Assert.Equal(order.Select(c => c.Floor).Order(), order.Select(c => c.Floor));
        }

        // Each of the three provers at 400 comes first for some workload.
        Assert.Equal([5L, 13L, 34L], orders.Select(o => o[0].ProverId).Distinct().Order());
    }

    [Fact]
    public void TheRacersAreDrawnAmongOthersWhoseFloorThePriceMeets()
    {
        // Locker 13 at price 700: the others at or under it are 3, 5, 8, 34, 55; the race stream (index 2) draws 34, 55, 5.
        Assert.Equal(new long[] { 34, 55, 5 }, RampAndLock.Racers(Bids, SingleFallbackTests.KnownBeta, 13, 700, 3).ToArray());
        Assert.Empty(RampAndLock.Racers(Bids, SingleFallbackTests.KnownBeta, 13, 399, 3));
        Assert.DoesNotContain(13L, RampAndLock.Racers(Bids, SingleFallbackTests.KnownBeta, 13, 2_000, 8));
    }

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(250_000L, 15_000L)]
    [InlineData(999_999L, 59_999L)]
    [InlineData(1_000_000L, 60_000L)]
    [InlineData(5_000_000L, 60_000L)]
    public void ThePriceRisesLinearlyFromMinToMaxOverTheRampThenHolds(long elapsed, long price) =>
        Assert.Equal(price, new PriceRamp(7_000_000, 0, 60_000, 1_000_000).PriceAt(7_000_000 + elapsed));

    [Theory]
    [InlineData(0L, 7_000_000L)]           // at or under the price at arrival: met at once
    [InlineData(15_000L, 7_250_000L)]
    [InlineData(15_001L, 7_250_017L)]      // 15,001 / 60,000 of a second is 250,016.7 µs: the first whole µs after
    [InlineData(60_000L, 8_000_000L)]
    public void AFloorIsMetAtTheFirstMomentThePriceReachesIt(long floor, long at)
    {
        var ramp = new PriceRamp(7_000_000, 0, 60_000, 1_000_000);
        Assert.Equal(at, ramp.MetAt(floor));
        Assert.True(ramp.PriceAt(at) >= floor);
        Assert.True(at == 7_000_000 || ramp.PriceAt(at - 1) < floor);
        Assert.Null(ramp.MetAt(60_001));
    }

    [Theory]
    [InlineData(150L, true, 75L, 75L)]
    [InlineData(151L, true, 75L, 76L)]
    [InlineData(150L, false, 150L, 0L)]
    public void ALocksCollateralHalfBurnsAndHalfGoesToAnotherFulfillerOrAllBurns(long taken, bool another, long burned, long awarded) =>
        Assert.Equal((burned, awarded), RampAndLock.SplitCollateral(taken, another));
}
