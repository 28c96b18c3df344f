// `provsim verify DIR`: an auditor's check of a results folder from the files alone. It re-verifies
// every VRF proof (epoch seeds, slot beacons, allocations) under the beacon public key in summary.json,
// rebuilds each alpha from its documented format, and recomputes every allocation from the epoch's
// snapshot in active_set.csv (under vrf-single-fallback the first prover and its fallback). Each problem names the file, the row and what differs.
using System.Globalization;
using System.Text.Json.Nodes;
using ProverSim.Grains.Crypto;
using ProverSim.Grains.Protocol;
using ProverSim.Reports;

namespace ProverSim.Scenarios.Results;

public sealed record VerifyReport(int Epochs, int Slots, int Workloads, IReadOnlyList<string> Problems);

public static class ResultsVerifier
{
    public static readonly string[] RequiredFiles = ["summary.json", "epochs.csv", "active_set.csv", "slots.csv", "workloads.csv"];

    public static VerifyReport Verify(string directory)
    {
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "summary.json")))!.AsObject();
        var publicKey = Convert.FromHexString(summary["beacon_public_key"]!.GetValue<string>());
        var seed = summary["seed"]!.GetValue<long>();
        var replication = summary["replication"]!.GetValue<int>();
        var k = summary["allocation"]!["k"]!.GetValue<int>();
        var weight = summary["allocation"]!["weight"]!.GetValue<string>() == "stake" ? AllocationWeight.Stake : AllocationWeight.Uniform;
        var marketCandidates = summary["parameters"]?["market_candidates"]?.GetValue<int>();
        var problems = new List<string>();

        var epochs = CsvTable.Load(Path.Combine(directory, "epochs.csv"));
        var seeds = new Dictionary<long, byte[]>();
        var previous = Beacon.GenesisSeed(seed, replication);
        for (var row = 0; row < epochs.Rows.Count; row++)
        {
            var epoch = Long(epochs, row, "epoch");
            var where = $"epochs.csv row {row + 1} (epoch {epoch})";
            var epochSeed = Hex(epochs, row, "seed");
            CheckVrf(problems, where, publicKey, Beacon.EpochAlpha(previous, epoch), Hex(epochs, row, "vrf_alpha"), Hex(epochs, row, "vrf_pi"), epochSeed);
            seeds[epoch] = epochSeed;
            previous = epochSeed;
        }

        var snapshots = Snapshots(CsvTable.Load(Path.Combine(directory, "active_set.csv")));
        var departures = Departures(directory);

        var slots = CsvTable.Load(Path.Combine(directory, "slots.csv"));
        for (var row = 0; row < slots.Rows.Count; row++)
        {
            var slot = Long(slots, row, "slot");
            var where = $"slots.csv row {row + 1} (slot {slot})";
            if (!seeds.TryGetValue(Long(slots, row, "epoch"), out var epochSeed))
            {
                problems.Add($"{where}: epoch {Long(slots, row, "epoch")} is not in epochs.csv");
                continue;
            }

            CheckVrf(problems, where, publicKey, Beacon.SlotAlpha(epochSeed, slot), Hex(slots, row, "beacon_alpha"), Hex(slots, row, "beacon_pi"), Hex(slots, row, "beacon_beta"));
        }

        CheckRandomChallenges(directory, summary, slots, problems);

        var workloads = CsvTable.Load(Path.Combine(directory, "workloads.csv"));
        var singleFallback = summary["mechanism"]?.GetValue<string>() == "vrf-single-fallback";
        var auction = summary["mechanism"]?.GetValue<string>() == "reverse-auction";
        var ramp = summary["mechanism"]?.GetValue<string>() == "ramp-and-lock";
        var floors = auction || ramp ? Floors(CsvTable.Load(Path.Combine(directory, "active_set.csv"))) : [];
        var rules = summary["mechanism_parameters"];
        long Rule(string key) => rules![key]!.GetValue<long>();
        long Seconds(string key) => (long)Math.Round(rules![key]!.GetValue<double>() * 1_000_000);
        var ceiling = auction || ramp ? Rule("max_price") : 0;
        var firstsBySlot = singleFallback
            ? Enumerable.Range(0, workloads.Rows.Count).GroupBy(r => Long(workloads, r, "slot")).ToDictionary(g => g.Key, g => g.SelectMany(r => Ids(workloads.Get(r, "allocated"))).ToHashSet())
            : [];
        for (var row = 0; row < workloads.Rows.Count; row++)
        {
            var id = Long(workloads, row, "workload_id");
            var where = $"workloads.csv row {row + 1} (workload {id})";

            // Refused on arrival (its user could not pay): nothing was drawn, so nothing may be allocated.
            if (workloads.Get(row, "outcome") == "rejected")
            {
                if (workloads.Get(row, "allocated") != "")
                {
                    problems.Add($"{where}: refused on arrival, but allocated '{workloads.Get(row, "allocated")}'");
                }

                continue;
            }

            var epoch = Long(workloads, row, "epoch");
            if (!seeds.TryGetValue(epoch, out var epochSeed))
            {
                problems.Add($"{where}: epoch {epoch} is not in epochs.csv");
                continue;
            }

            var beta = Hex(workloads, row, "vrf_beta");
            CheckVrf(problems, where, publicKey, Beacon.AllocationAlpha(epochSeed, id), Hex(workloads, row, "vrf_alpha"), Hex(workloads, row, "vrf_pi"), beta);
            var requirement = new HardwareRequirement(
                (int)Long(workloads, row, "req_cpu_cores"), (int)Long(workloads, row, "req_memory_gb"), (int)Long(workloads, row, "req_gpus"),
                Long(workloads, row, "req_bandwidth_mbps"), Long(workloads, row, "req_speed"));
            // Members that left (in this slot or before) or were removed (before this slot) are not drawn.
            var workloadSlot = Long(workloads, row, "slot");
            var gone = departures.Where(d => d.Left ? d.Slot <= workloadSlot : d.Slot < workloadSlot).Select(d => d.ProverId).ToHashSet();
            var eligible = Eligibility.Filter(snapshots.GetValueOrDefault(epoch) ?? [], requirement, takersOnly: false, exclude: gone);
            var recorded = workloads.Get(row, "allocated");
            if (ramp)
            {
                var priced = eligible.Select(c => new PricedCandidate(c.ProverId, floors[(epoch, c.ProverId)])).ToList();
                var locker = Ids(recorded).ToList();
                CheckAuction(problems, where, priced, beta, ceiling, locker, [.. Ids(workloads.Get(row, "declined"))], 1);
                // The racers, when the lock timed out, are the ones the VRF draws; a lock that delivered nothing
                // (no proof, no fail result) timed out, so the racers must have been drawn.
                if (locker is [var lockerId])
                {
                    var racers = workloads.Get(row, "market_drawn");
                    var priceRamp = new PriceRamp(Long(workloads, row, "arrival_us"), Rule("min_price"), ceiling, Seconds("ramp"));
                    var timeout = priceRamp.MetAt(floors[(epoch, lockerId)])!.Value + Seconds("lock_timeout");
                    var expectedRacers = string.Join(';', RampAndLock.Racers(priced, beta, lockerId, priceRamp.PriceAt(timeout), marketCandidates ?? 0));
                    var nothingDelivered = workloads.Get(row, "outcome") == "unserved";
                    if ((racers.Length > 0 || nothingDelivered) && racers != expectedRacers)
                    {
                        problems.Add($"{where}: racers drawn '{racers}' after the lock timed out but the VRF output and the standing bids give '{expectedRacers}'");
                    }
                }

                continue;
            }

            if (auction)
            {
                CheckAuction(problems, where, eligible.Select(c => new PricedCandidate(c.ProverId, floors[(epoch, c.ProverId)])), beta, ceiling,
                    [.. Ids(recorded)], [.. Ids(workloads.Get(row, "declined"))], workloads.Has("k") ? (int)Long(workloads, row, "k") : k);
                continue;
            }

            if (singleFallback)
            {
                // One prover, not one drawn first in the previous slot; the fallback, when one was drawn, by the second draw.
                var set = new EligibleSet(eligible);
                var first = SingleFallback.First(set, beta, firstsBySlot.GetValueOrDefault(workloadSlot - 1) ?? [], weight);
                if ($"{first}" != recorded)
                {
                    problems.Add($"{where}: allocated '{recorded}' but the VRF output, the epoch {epoch} snapshot and slot {workloadSlot - 1}'s first choices give '{first}'");
                }

                var fallback = workloads.Get(row, "fallback");
                if (fallback != "" && first is { } firstId && $"{SingleFallback.Fallback(set, beta, firstId)}" != fallback)
                {
                    problems.Add($"{where}: fallback '{fallback}' but the VRF output and the epoch {epoch} snapshot give '{SingleFallback.Fallback(set, beta, firstId)}'");
                }

                continue;
            }

            var workloadK = workloads.Has("k") ? (int)Long(workloads, row, "k") : k;
            var expected = string.Join(';', Allocation.Draw(eligible, beta, workloadK, weight));
            if (expected != recorded)
            {
                problems.Add($"{where}: allocated '{recorded}' but the VRF output and the epoch {epoch} snapshot give '{expected}'");
            }

            // The open market's draw: when provers declined, the contenders are drawn from the snapshot's
            // market takers (less the allocated and the departed) by the same VRF output; whoever raced
            // (filled a slot or lost) was drawn.
            if (marketCandidates is { } cap && workloads.Has("market_drawn"))
            {
                var drawn = workloads.Get(row, "market_drawn");
                var takers = Eligibility.Filter(
                    snapshots.GetValueOrDefault(epoch) ?? [], requirement, takersOnly: true, exclude: [.. gone, .. Ids(recorded)]);
                var expectedDrawn = workloads.Get(row, "declined") == "" ? "" : string.Join(';', OpenMarket.Candidates(takers, beta, 0, cap));
                if (drawn != expectedDrawn)
                {
                    problems.Add($"{where}: market contenders drawn '{drawn}' but the VRF output and the epoch {epoch} snapshot give '{expectedDrawn}'");
                }

                var drawnIds = Ids(drawn).ToHashSet();
                foreach (var stray in Ids(workloads.Get(row, "market_fills")).Concat(Ids(workloads.Get(row, "market_losers"))).Where(id => !drawnIds.Contains(id)))
                {
                    problems.Add($"{where}: prover {stray} raced in the market but was not drawn");
                }
            }
        }

        return new VerifyReport(epochs.Rows.Count, slots.Rows.Count, workloads.Rows.Count, problems);
    }

    // The random PoW challenges of each slot: the members (by membership.csv, at that slot's lifecycle)
    // whose draw from the slot's beacon output selects them, and no one else (challenges.csv).
    private static void CheckRandomChallenges(string directory, JsonObject summary, CsvTable slots, List<string> problems)
    {
        var membershipPath = Path.Combine(directory, "membership.csv");
        var challengesPath = Path.Combine(directory, "challenges.csv");
        if (!File.Exists(membershipPath) || !File.Exists(challengesPath) || summary["parameters"]?["pow_rate"] is not JsonValue rate)
        {
            return;
        }

        var parameters = new ProtocolParameters
        {
            PowRatePpm = (long)Math.Round(rate.GetValue<double>() * ProtocolParameters.Ppm),
            JoinChallenges = summary["parameters"]!["join_challenges"]!.GetValue<int>(),
        };
        var events = CsvTable.Load(membershipPath);
        var membership = Enumerable.Range(0, events.Rows.Count).Select(r => (Slot: Long(events, r, "slot"), Prover: Long(events, r, "prover_id"), Event: events.Get(r, "event"))).ToList();
        var challenges = CsvTable.Load(challengesPath);
        var issued = Enumerable.Range(0, challenges.Rows.Count).Where(r => challenges.Get(r, "kind") == "random")
            .ToLookup(r => Long(challenges, r, "issued_slot"), r => Long(challenges, r, "prover_id"));
        var lastJudged = Enumerable.Range(0, challenges.Rows.Count).Select(r => Long(challenges, r, "judged_slot")).DefaultIfEmpty(-1).Max();
        for (var row = 0; row < slots.Rows.Count; row++)
        {
            var slot = Long(slots, row, "slot");
            if (slot > lastJudged)
            {
                break;
            }

            // Members at the slot's lifecycle: joined by now (active at once without join challenges) or
            // activated by an earlier slot's verdicts; not removed before it nor gone by it.
            var members = membership.Where(e => (e.Event == "join" && e.Slot <= slot && parameters.JoinChallenges == 0) || (e.Event == "active" && e.Slot < slot))
                .Select(e => e.Prover).Except(membership.Where(e => (e.Event is "removed" or "ejected" && e.Slot < slot) || (e.Event == "leave" && e.Slot <= slot)).Select(e => e.Prover));
            var beacon = Hex(slots, row, "beacon_beta");
            var expected = string.Join(';', members.Where(m => PowChallenges.IsSelected(beacon, m, parameters)).Order());
            var recorded = string.Join(';', issued[slot].Order());
            if (expected != recorded)
            {
                problems.Add($"slots.csv row {row + 1} (slot {slot}): random challenges went to '{recorded}' but the beacon draws '{expected}'");
            }
        }
    }

    private static IEnumerable<long> Ids(string list) => list.Length == 0 ? [] : list.Split(';').Select(long.Parse);

    // Leaves and removals from membership.csv (a folder written before it existed has none).
    private static List<(long ProverId, long Slot, bool Left)> Departures(string directory)
    {
        var path = Path.Combine(directory, "membership.csv");
        if (!File.Exists(path))
        {
            return [];
        }

        var events = CsvTable.Load(path);
        return [.. Enumerable.Range(0, events.Rows.Count)
            .Where(r => events.Get(r, "event") is "leave" or "removed" or "ejected")
            .Select(r => (Long(events, r, "prover_id"), Long(events, r, "slot"), events.Get(r, "event") == "leave"))];
    }

    private static void CheckVrf(List<string> problems, string where, byte[] publicKey, byte[] expectedAlpha, byte[] alpha, byte[] pi, byte[] beta)
    {
        if (!alpha.AsSpan().SequenceEqual(expectedAlpha))
        {
            problems.Add($"{where}: vrf_alpha is not the documented input (expected {Convert.ToHexStringLower(expectedAlpha)})");
        }

        if (!Ecvrf.Verify(publicKey, alpha, pi, out var verified))
        {
            problems.Add($"{where}: the VRF proof does not verify under the beacon public key");
        }
        else if (!verified.AsSpan().SequenceEqual(beta))
        {
            problems.Add($"{where}: the VRF output is not the one the proof gives ({Convert.ToHexStringLower(verified)})");
        }
    }

    // reverse-auction (and ramp-and-lock, k = 1: the locker): the standing bids at or under the user's
    // highest price, in the order the price reaches them, are asked one after the other; every one asked
    // before the last winner either won or declined, the winners in that order, and fewer than k winners
    // only when every bid was asked.
    private static void CheckAuction(
        List<string> problems, string where, IEnumerable<PricedCandidate> eligible, byte[] beta, long ceiling, List<long> winners, HashSet<long> declined, int k)
    {
        var asked = new List<long>();
        var won = 0;
        foreach (var bid in PriceOrder.Of(PriceOrder.Sort(eligible), beta).TakeWhile(b => b.Floor <= ceiling))
        {
            if (won == k)
            {
                break;
            }

            asked.Add(bid.ProverId);
            won += declined.Contains(bid.ProverId) ? 0 : 1;
        }

        var expected = asked.Where(id => !declined.Contains(id)).ToList();
        if (!expected.SequenceEqual(winners) || !declined.All(asked.Contains))
        {
            problems.Add($"{where}: allocated '{string.Join(';', winners)}' (declined '{string.Join(';', declined.Order())}') but the standing bids in price order give " +
                $"'{string.Join(';', expected)}' after asking '{string.Join(';', asked)}'");
        }
    }

    // Each member's standing bid per epoch (active_set.csv's floor, written under reverse-auction).
    private static Dictionary<(long Epoch, long ProverId), long> Floors(CsvTable table) =>
        Enumerable.Range(0, table.Rows.Count).ToDictionary(r => (Long(table, r, "epoch"), Long(table, r, "prover_id")), r => Long(table, r, "floor"));

    private static Dictionary<long, List<(long ProverId, long Stake, HardwareProfile Declared, bool TakesMarket)>> Snapshots(CsvTable table)
    {
        var snapshots = new Dictionary<long, List<(long, long, HardwareProfile, bool)>>();
        for (var row = 0; row < table.Rows.Count; row++)
        {
            var epoch = Long(table, row, "epoch");
            var hardware = new HardwareProfile(
                (int)Long(table, row, "cpu_cores"), (int)Long(table, row, "memory_gb"), (int)Long(table, row, "gpus"),
                Long(table, row, "bandwidth_mbps"), Long(table, row, "speed"));
            if (!snapshots.TryGetValue(epoch, out var members))
            {
                snapshots[epoch] = members = [];
            }

            members.Add((Long(table, row, "prover_id"), Long(table, row, "stake"), hardware, table.Get(row, "takes_market") == "true"));
        }

        return snapshots;
    }

    private static long Long(CsvTable table, int row, string column) =>
        long.TryParse(table.Get(row, column), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{Path.GetFileName(table.Path)} row {row + 1}: column '{column}' is not a whole number ('{table.Get(row, column)}')");

    private static byte[] Hex(CsvTable table, int row, string column)
    {
        try
        {
            return Convert.FromHexString(table.Get(row, column));
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"{Path.GetFileName(table.Path)} row {row + 1}: column '{column}' is not hex");
        }
    }
}
