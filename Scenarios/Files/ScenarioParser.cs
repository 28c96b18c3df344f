// Reads a scenario file (YAML) into a ScenarioDefinition. Times are in seconds and fractions in [0, 1]
// in the file; the model works in integer microseconds and parts per million. Every problem is a
// ScenarioError naming the file, the line, the key path and what is allowed.
using System.Collections.Immutable;
using System.Security.Cryptography;
using ProverSim.Grains.Actors.Simulation;
using ProverSim.Grains.Mechanisms;
using ProverSim.Grains.Protocol;
using ProverSim.Grains.Proving.Vm;
using YamlDotNet.RepresentationModel;

namespace ProverSim.Scenarios.Files;

public static class ScenarioParser
{
    private const long MaxSlots = 10_000_000;

    /// <summary>The keys of a scenario file's top level; `replications` and `sweep` are read by ExperimentPlan.</summary>
    public static readonly string[] TopLevelKeys = ["name", "seed", "slots", "drain_slots", "replications", "sweep", "protocol", "groups", "demand", "mechanism", "mechanisms", "mechanism_parameters"];

    /// <summary>The keys of a prover group.</summary>
    public static readonly string[] GroupKeys =
    [
        "name", "count", "hardware", "actual", "lie_factor", "stake", "balance", "job_slots", "behaviour", "takes_market",
        "join_slot", "leave_slot", "offline_rate", "offline_slots", "cost",
    ];

    /// <summary>The keys of a group's `cost` model.</summary>
    public static readonly string[] CostKeys = ["hardware", "utilisation", "margin"];

    /// <summary>The keys of the `mechanism_parameters` section, in seconds, base units and base units per million cycles.</summary>
    public static readonly string[] MechanismParameterKeys = ["decision_window", "deadline_slack", "collateral", "min_price", "max_price", "ramp", "lock_timeout"];

    /// <summary>The keys of the `demand` section.</summary>
    public static readonly string[] DemandKeys = ["process", "rate", "rate_curve", "curve_period", "trace", "start_slot", "users", "user_funds", "programs"];

    public static ScenarioDefinition Load(string path)
    {
        var (bytes, root) = Read(path);
        return Parse(path, bytes, root);
    }

    /// <summary>The file's bytes and its YAML tree (one document), or a ScenarioError.</summary>
    public static (byte[] Bytes, YamlDotNet.RepresentationModel.YamlNode Root) Read(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            throw new ScenarioError(path, 0, "(file)", "file not found (`provsim new NAME` writes a scenario that runs as it is; the examples are in Scenarios/examples/)");
        }

        var bytes = System.IO.File.ReadAllBytes(path);
        return (bytes, Tree(path, bytes));
    }

    /// <summary>A fresh YAML tree of the file's bytes (a sweep overrides keys in its own copy).</summary>
    public static YamlDotNet.RepresentationModel.YamlNode Tree(string path, byte[] bytes)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(System.Text.Encoding.UTF8.GetString(bytes));
            stream.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ScenarioError(path, e.Start.Line, "(yaml)", $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) for a bracket left open at the end of the file.
            var lines = System.Text.Encoding.UTF8.GetString(bytes).Split('\n').Length;
            throw new ScenarioError(path, lines, "(yaml)", "not valid YAML: a '[' or '{' is not closed before the end of the file");
        }

        if (stream.Documents.Count != 1)
        {
            throw new ScenarioError(path, 1, "(file)", "must hold exactly one YAML document");
        }

        return stream.Documents[0].RootNode;
    }

    /// <summary>The scenario of a YAML tree read from <paramref name="path"/> (whose bytes give the file hash).</summary>
    public static ScenarioDefinition Parse(string path, byte[] bytes, YamlDotNet.RepresentationModel.YamlNode tree)
    {
        var name = System.IO.Path.GetFileName(path);
        var root = new YamlNode(path, "", tree).Map(TopLevelKeys);
        var (parameters, warnings) = Protocol(root.Get("protocol"));
        var scenarioName = root.Text("name", System.IO.Path.GetFileNameWithoutExtension(name));
        if (scenarioName.Length == 0 || scenarioName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw root.Require("name").Error("must be letters, digits, '-', '_' or '.' (it names the results folder)");
        }

        var groups = root.Require("groups").List().Select(g => Group(g)).ToImmutableArray();
        if (groups.IsEmpty)
        {
            throw root.Require("groups").Error("needs at least one prover group");
        }

        var duplicate = groups.GroupBy(g => g.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw root.Require("groups").Error($"group name '{duplicate.Key}' is used twice");
        }

        return new ScenarioDefinition(
            scenarioName,
            path,
            Convert.ToHexStringLower(SHA256.HashData(bytes)),
            root.Integer("seed", 1),
            root.Integer("slots", 60, 1, MaxSlots),
            root.Integer("drain_slots", 1_000, 0, MaxSlots),
            parameters,
            groups,
            Demand(root.Require("demand"), System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, parameters))
        {
            Warnings = warnings,
            Mechanism = root.Get("mechanism") is { IsNull: false } engine ? MechanismCatalog.Parse(engine.OneOf([.. MechanismCatalog.Names]))!.Value : Mechanism.VrfTiered,
            Mechanisms = root.Get("mechanisms") is { IsNull: false } list ? MechanismList(list) : [],
            MechanismParameters = root.Get("mechanism_parameters") is { IsNull: false } mp ? MechanismRules(mp, parameters.FeePerMegacycle) : new MechanismParameters(),
        };
    }

    // The `protocol` section, read row by row from ProtocolParameterTable: its keys, units and ranges;
    // with the warnings of values that are allowed but depart from the protocol's text, located as errors are.
    private static (ProtocolParameters Parameters, ImmutableArray<string> Warnings) Protocol(YamlNode? node)
    {
        var parameters = new ProtocolParameters();
        if (node is null)
        {
            return (parameters, []);
        }

        var map = node.Map([.. ProtocolParameterTable.Keys]);

        // Shares come last: how many there must be is another parameter's value (the tiers: k).
        foreach (var parameter in ProtocolParameterTable.All.OrderBy(p => p is SharesParameter))
        {
            var value = map.Get(parameter.Key) is { IsNull: false } given ? given : null;
            parameters = (parameter, value) switch
            {
                (NumberParameter number, not null) => number.Set(parameters, Number(value, number)),
                (ChoiceParameter choice, not null) => choice.Set(parameters, value.OneOf([.. choice.Choices])),
                (SharesParameter shares, not null) => shares.Set(parameters, Shares(value, shares, shares.Count(parameters))),
                (SharesParameter shares, null) when shares.Get(parameters).Length != shares.Count(parameters) =>
                    throw map.Owner.Error($"{shares.CountKey} = {shares.Count(parameters)} needs its own '{shares.Key}' list of {shares.Count(parameters)} shares"),
                _ => parameters,
            };
        }

        if (parameters.Validate() is [var (key, problem), ..])
        {
            throw (map.Get(key)?.Error(problem)) ?? map.Owner.Error($"{key} {problem}");
        }

        return (parameters, [.. parameters.Warnings().Select(w => ((map.Get(w.Key)?.Error(w.Warning)) ?? map.Owner.Error($"{w.Key} {w.Warning}")).Message)]);
    }

    // A whole number in the file is the model's value itself; seconds and fractions are scaled to
    // microseconds and parts per million.
    private static long Number(YamlNode node, NumberParameter parameter) =>
        parameter.Unit.IsWhole
            ? node.Integer(parameter.Min, parameter.Max)
            : parameter.Unit.InModel(node.Number(parameter.Unit.InFileAsDouble(parameter.Min), parameter.Unit.InFileAsDouble(parameter.Max)));

    // Shares within a rounding error of 1 are accepted; the first absorbs the rounding so they sum to exactly 1.
    private static ImmutableArray<long> Shares(YamlNode node, SharesParameter parameter, int count)
    {
        var shares = node.List();
        if (shares.Count != count)
        {
            throw node.Error($"must list exactly {parameter.CountKey} = {count} shares (got {shares.Count})");
        }

        var unit = parameter.Unit;
        var ppm = shares.Select(s => unit.InModel(s.Number(unit.InFileAsDouble(SharesParameter.MinShare), 1))).ToArray();
        var sum = ppm.Sum();
        if (Math.Abs(sum - ProtocolParameters.Ppm) > shares.Count)
        {
            throw node.Error($"shares must sum to 1 (got {sum / (double)ProtocolParameters.Ppm:0.######})");
        }

        ppm[0] += ProtocolParameters.Ppm - sum;
        return [.. ppm];
    }

    private static ProverGroup Group(YamlNode node)
    {
        foreach (var (moved, field) in new[] { ("actual_speed", "speed"), ("actual_bandwidth_mbps", "bandwidth_mbps") })
        {
            if (node.Peek(moved) is { } old)
            {
                throw old.Error($"'{moved}' is now 'actual: {{ {field}: … }}' (actual takes any hardware field: {string.Join(", ", GroupHardware.Keys)})");
            }
        }

        var map = node.Map(GroupKeys);
        var behaviour = map.Get("behaviour") is { } b ? b.OneOf(ProverGroup.Behaviours) : Grains.Actors.Provers.Behaviours.Honest;
        var actual = map.Get("actual") is { IsNull: false } a ? Actual(a) : GroupActual.AsDeclared;
        var lieFactor = map.Number("lie_factor", 2, 1, 1_000);
        if (behaviour == Grains.Actors.Provers.Behaviours.HardwareLiar && lieFactor <= 1 && actual.Speed is null)
        {
            throw map.Require("lie_factor").Error("a hardware liar declares more than it has: lie_factor must exceed 1");
        }

        return new ProverGroup(
            map.Require("name").Text(),
            (int)map.Integer("count", 1, 0, 1_000_000),
            Hardware(map.Require("hardware")),
            actual,
            lieFactor,
            map.Get("stake") is { IsNull: false } stake ? Quantity.Read(stake, 0, 1e15) : new Quantity.Fixed(1_000),
            map.Integer("balance", 0, 0),
            (int)map.Integer("job_slots", 1, 1, 1_024),
            behaviour,
            map.Boolean("takes_market", true),
            map.Get("join_slot") is { IsNull: false } join ? Quantity.Read(join, 0, MaxSlots) : new Quantity.Fixed(0),
            map.Integer("leave_slot", -1, -1, MaxSlots),
            map.Number("offline_rate", 0.05, 0, 1),
            (int)map.Integer("offline_slots", 3, 1, 1_000_000))
        {
            Cost = map.Get("cost") is { IsNull: false } cost ? Cost(cost) : ProverCost.Default,
        };
    }

    /// <summary>Mechanism names, each once, in the order given.</summary>
    public static ImmutableArray<Mechanism> MechanismList(YamlNode node)
    {
        var items = node.List();
        if (items.Count == 0)
        {
            throw node.Error($"needs at least one mechanism (allowed: {string.Join(", ", MechanismCatalog.Names)})");
        }

        var chosen = new List<Mechanism>();
        foreach (var item in items)
        {
            var mechanism = MechanismCatalog.Parse(item.OneOf([.. MechanismCatalog.Names]))!.Value;
            if (chosen.Contains(mechanism))
            {
                throw item.Error($"'{MechanismCatalog.Name(mechanism)}' is listed twice");
            }

            chosen.Add(mechanism);
        }

        return [.. chosen];
    }

    private static MechanismParameters MechanismRules(YamlNode node, long feePerMegacycle)
    {
        var map = node.Map(MechanismParameterKeys);
        long Micros(string key, long fallback, double min) => map.Get(key) is { IsNull: false } n ? (long)Math.Round(n.Number(min, 1e9) * 1_000_000) : fallback;
        var rules = new MechanismParameters
        {
            DecisionWindowMicros = Micros("decision_window", 200_000, 0),
            DeadlineSlackMicros = Micros("deadline_slack", 1_000_000, 0),
            Collateral = map.Integer("collateral", 100, 0),
            MinPrice = map.Integer("min_price", 0, 0),
            MaxPrice = map.Integer("max_price", -1, 0),
            RampMicros = Micros("ramp", 2_000_000, 0),
            LockTimeoutMicros = Micros("lock_timeout", 5_000_000, 0.000001),
        };
        if (rules.Ceiling(feePerMegacycle) < rules.MinPrice)
        {
            throw rules.MaxPrice >= 0
                ? map.Require("max_price").Error($"must be at least min_price ({rules.MinPrice})")
                : map.Require("min_price").Error($"must be at most max_price, which is protocol.fee_per_megacycle ({feePerMegacycle}) when not given");
        }

        return rules;
    }

    private static ProverCost Cost(YamlNode node)
    {
        var map = node.Map(CostKeys);
        return new ProverCost(
            map.Number("hardware", ProverCost.Default.HardwarePerSecond, 0, 1e12),
            map.Number("utilisation", ProverCost.Default.Utilisation, 0.001, 1),
            map.Number("margin", ProverCost.Default.Margin, 0, 100));
    }

    private static GroupHardware Hardware(YamlNode node)
    {
        var map = node.Map(GroupHardware.Keys);
        Quantity Field(string key, double fallback, double min, double max) => map.Get(key) is { IsNull: false } n ? Quantity.Read(n, min, max) : new Quantity.Fixed(fallback);
        return new GroupHardware(
            Field("cpu_cores", 8, 1, GroupHardware.MaxCpuCores),
            Field("memory_gb", 32, 1, 1_000_000),
            Field("gpus", 0, 0, 1_000),
            Field("bandwidth_mbps", 1_000, 1, 1_000_000_000),
            Quantity.Read(map.Require("speed"), 1, 1e12));
    }

    // The hardware a group really has, field by field; a field left out is as declared.
    private static GroupActual Actual(YamlNode node)
    {
        var map = node.Map(GroupHardware.Keys);
        Quantity? Field(string key, double min, double max) => map.Get(key) is { IsNull: false } n ? Quantity.Read(n, min, max) : null;
        return new GroupActual(
            Field("cpu_cores", 1, GroupHardware.MaxCpuCores),
            Field("memory_gb", 1, 1_000_000),
            Field("gpus", 0, 1_000),
            Field("bandwidth_mbps", 1, 1_000_000_000),
            Field("speed", 1, 1e12));
    }

    private static DemandSpec Demand(YamlNode node, string baseDirectory, ProtocolParameters protocol)
    {
        var map = node.Map(DemandKeys);
        var process = (map.Get("process") is { } p ? p.OneOf("poisson", "constant", "curve", "trace") : "poisson") switch
        {
            "constant" => ArrivalProcess.Constant,
            "curve" => ArrivalProcess.Curve,
            "trace" => ArrivalProcess.Trace,
            _ => ArrivalProcess.Poisson,
        };
        var rate = map.Number("rate", 1, 0, 1_000_000);
        if (process == ArrivalProcess.Constant && rate != Math.Floor(rate))
        {
            throw map.Require("rate").Error($"must be a whole number of workloads per slot with process: constant (got {rate})");
        }

        var programs = map.Require("programs").List().Select(p => Program(p, baseDirectory, protocol)).ToImmutableArray();
        if (programs.IsEmpty)
        {
            throw map.Require("programs").Error("needs at least one program");
        }

        var users = (int)map.Integer("users", 10, 1, 10_000_000);
        var curve = ImmutableArray<RatePoint>.Empty;
        if (process == ArrivalProcess.Curve)
        {
            var points = map.Require("rate_curve").List();
            curve = [.. points.Select(point =>
            {
                var pair = point.List();
                return pair.Count == 2 ? new RatePoint(pair[0].Integer(0, MaxSlots), pair[1].Number(0, 1_000_000)) : throw point.Error("must be [slot, rate]");
            })];
            if (curve.IsEmpty || curve.Zip(curve.Skip(1)).Any(x => x.Second.Slot <= x.First.Slot))
            {
                throw map.Require("rate_curve").Error("needs [slot, rate] points with increasing slots");
            }
        }
        else if (map.Get("rate_curve") is { } unused)
        {
            throw unused.Error("only with process: curve");
        }

        var trace = process == ArrivalProcess.Trace ? Trace(map.Require("trace"), baseDirectory, programs, users) : [];
        return new DemandSpec(
            process,
            rate,
            map.Integer("start_slot", 0, 0, MaxSlots),
            users,
            map.Integer("user_funds", 1_000_000_000_000, 0),
            programs,
            curve,
            map.Integer("curve_period", 0, 0, MaxSlots),
            trace);
    }

    // A recorded trace (CSV with a header): arrival_s (virtual seconds), program (a name of the mix),
    // and optionally user (0 ≤ user < users). Problems name the CSV file, its line and column.
    private static ImmutableArray<TracedArrival> Trace(YamlNode node, string baseDirectory, ImmutableArray<ProgramSpec> programs, int users)
    {
        var file = System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDirectory, node.Text()));
        if (!System.IO.File.Exists(file))
        {
            throw node.Error($"trace file '{file}' not found (paths are relative to the scenario file)");
        }

        Reports.CsvTable table;
        try
        {
            table = Reports.CsvTable.Load(file);
        }
        catch (InvalidDataException e)
        {
            throw node.Error(e.Message);
        }

        foreach (var column in new[] { "arrival_s", "program" })
        {
            if (!table.Has(column))
            {
                throw new ScenarioError(file, 1, column, $"missing column (a trace has arrival_s, program and optionally user; got {string.Join(", ", table.Header)})");
            }
        }

        var names = programs.Select(p => p.Name).ToList();
        var arrivals = ImmutableArray.CreateBuilder<TracedArrival>(table.Rows.Count);
        for (var row = 0; row < table.Rows.Count; row++)
        {
            var line = row + 2;
            if (!double.TryParse(table.Get(row, "arrival_s"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || seconds > 1e9)
            {
                throw new ScenarioError(file, line, "arrival_s", $"expected seconds ≥ 0, got '{table.Get(row, "arrival_s")}'");
            }

            var program = names.IndexOf(table.Get(row, "program"));
            if (program < 0)
            {
                throw new ScenarioError(file, line, "program", $"'{table.Get(row, "program")}' is not in demand.programs ({string.Join(", ", names)})");
            }

            var user = 0L;
            if (table.Has("user") && (!long.TryParse(table.Get(row, "user"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out user) || user < 0 || user >= users))
            {
                throw new ScenarioError(file, line, "user", $"expected a user in [0, {users}), got '{table.Get(row, "user")}'");
            }

            arrivals.Add(new TracedArrival((long)Math.Round(seconds * 1e6), program, user));
        }

        // Sorted once here, so that each slot finds its arrivals by binary search.
        return [.. arrivals.OrderBy(a => a.ArrivalMicros).ThenBy(a => a.ProgramIndex).ThenBy(a => a.UserId)];
    }

    private static ProgramSpec Program(YamlNode node, string baseDirectory, ProtocolParameters protocol)
    {
        var map = node.Map("name", "file", "input", "paid_cycles", "input_bytes", "weight", "requires", "k", "tiers");
        var fileNode = map.Require("file");
        var file = System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDirectory, fileNode.Text()));
        if (!System.IO.File.Exists(file))
        {
            throw fileNode.Error($"program file '{file}' not found (paths are relative to the scenario file)");
        }

        VmProgram program;
        try
        {
            program = Assembler.Assemble(System.IO.File.ReadAllText(file));
        }
        catch (AssemblyException e)
        {
            throw fileNode.Error($"program {file} does not assemble: {e.Message}");
        }

        var input = map.Get("input") is { } inputNode
            ? inputNode.List().Select(v => (ulong)v.Integer(0, long.MaxValue)).ToImmutableArray()
            : [];
        // How many provers the user wants and pays for, with the tier split for them: the protocol's unless given.
        var kParameter = ProtocolParameterTable.All.OfType<NumberParameter>().Single(p => p.Key == "k");
        var k = (int)map.Integer("k", protocol.K, kParameter.Min, kParameter.Max);
        var shares = ProtocolParameterTable.All.OfType<SharesParameter>().Single();
        var tiers = map.Get("tiers") is { IsNull: false } tiersNode
            ? Shares(tiersNode, shares, k)
            : k == protocol.K ? protocol.TiersPpm : throw map.Owner.Error($"k = {k} needs its own 'tiers' list of {k} shares");
        if ((protocol with { K = k, TiersPpm = tiers }).Validate() is [var (key, problem), ..])
        {
            throw (map.Get(key)?.Error(problem)) ?? map.Owner.Error($"{key} {problem}");
        }

        return new ProgramSpec(
            map.Text("name", System.IO.Path.GetFileNameWithoutExtension(file)),
            program.Words,
            input,
            map.Require("paid_cycles").Integer(1, (1L << 32) - 1),
            map.Integer("input_bytes", 0, 0, 1L << 40),
            map.Get("requires") is { } r ? Requirement(r) : HardwareRequirement.None,
            map.Number("weight", 1, 1e-9, 1e9),
            k,
            tiers);
    }

    private static HardwareRequirement Requirement(YamlNode node)
    {
        var map = node.Map("cpu_cores", "memory_gb", "gpus", "bandwidth_mbps", "speed");
        return new HardwareRequirement(
            (int)map.Integer("cpu_cores", 0, 0, 1_000_000),
            (int)map.Integer("memory_gb", 0, 0, 1_000_000),
            (int)map.Integer("gpus", 0, 0, 1_000),
            map.Integer("bandwidth_mbps", 0, 0, 1_000_000_000),
            map.Integer("speed", 0, 0, 1_000_000_000_000));
    }
}
