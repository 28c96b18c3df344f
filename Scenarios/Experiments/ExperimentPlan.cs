// A scenario file expanded into its runs: `replications: N` independent replications
// (each with its own random streams derived from the master seed) of every point of an optional
// `sweep:` over any key path — grid (every combination), zip (lists advanced together) or random
// (N draws from ranges or choices, seeded from the master seed). Each point is applied to a fresh copy
// of the file's YAML tree and parsed like a hand-written file, so every value is validated the same way.
using System.Globalization;
using System.Text.Json.Nodes;
using ProverSim.Grains.Protocol;
using ProverSim.Scenarios.Files;
using YamlDotNet.RepresentationModel;

namespace ProverSim.Scenarios.Experiments;

/// <summary>One run of an experiment: its id, replication, the swept values it uses (key path → JSON) and its scenario.</summary>
public sealed record PlannedRun(string RunId, int Replication, int Point, IReadOnlyList<(string Key, JsonNode? Value)> Parameters, ScenarioDefinition Scenario)
{
    /// <summary>The sweep point's values as the file writes them (key path, YAML value), to set in a copy of the file's tree.</summary>
    public IReadOnlyList<(string Key, YamlDotNet.RepresentationModel.YamlNode Value)> Values { get; init; } = [];

    /// <summary>A parameter value as a CSV cell and table label: compact JSON (strings unquoted).</summary>
    public static string Label(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "null";
}

public sealed record ExperimentPlan(
    string File, byte[] Bytes, string Name, long Seed, int Replications, string Mode, IReadOnlyList<string> Keys, IReadOnlyList<PlannedRun> Runs)
{
    public const int MaxReplications = 10_000;
    public const int MaxRuns = 100_000;

    /// <summary>One run and nothing swept: the results folder is the run folder itself.</summary>
    public bool IsSingleRun => Runs.Count == 1 && Keys.Count == 0;

    public static ExperimentPlan Load(string path)
    {
        var (bytes, tree) = ScenarioParser.Read(path);
        var root = new Files.YamlNode(path, "", tree).Map(ScenarioParser.TopLevelKeys);
        var replications = (int)root.Integer("replications", 1, 1, MaxReplications);
        var baseScenario = ScenarioParser.Parse(path, bytes, tree);
        var sweep = root.Get("sweep");
        var (mode, keys, points) = sweep is null || sweep.IsNull ? ("none", new List<string>(), new List<List<(string, YamlDotNet.RepresentationModel.YamlNode)>> { new() }) : Points(sweep, baseScenario.Seed);
        if ((long)points.Count * replications > MaxRuns)
        {
            throw root.Require("replications").Error($"{points.Count} sweep points × {replications} replications is more than {MaxRuns} runs");
        }

        var runs = new List<PlannedRun>();
        for (var p = 0; p < points.Count; p++)
        {
            var scenario = keys.Count == 0 ? baseScenario : Apply(path, bytes, points[p], p);
            var parameters = points[p].Select(x => (x.Item1, Json(x.Item2))).ToList();
            for (var r = 0; r < replications; r++)
            {
                var id = keys.Count > 0 ? $"p{Pad(p, points.Count, 2)}-r{Pad(r, replications, 1)}" : replications > 1 ? $"r{Pad(r, replications, 1)}" : "run";
                runs.Add(new PlannedRun(id, r, p, parameters, scenario) { Values = points[p] });
            }
        }

        return new ExperimentPlan(path, bytes, baseScenario.Name, baseScenario.Seed, replications, mode, keys, runs);
    }

    // Zero-padded so that run ids sort in run order.
    private static string Pad(int value, int count, int minimum) =>
        value.ToString("D" + Math.Max(minimum, (count - 1).ToString(CultureInfo.InvariantCulture).Length).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    // The sweep's points: each a list of (key path, value node) in the order the keys were written.
    private static (string Mode, List<string> Keys, List<List<(string, YamlDotNet.RepresentationModel.YamlNode)>> Points) Points(Files.YamlNode sweep, long seed)
    {
        var map = sweep.Map("mode", "keys", "samples");
        var mode = map.Get("mode") is { IsNull: false } m ? m.OneOf("grid", "zip", "random") : "grid";
        var keysNode = map.Require("keys");
        if (keysNode.Raw is not YamlMappingNode keyMap || keyMap.Children.Count == 0)
        {
            throw keysNode.Error("must map at least one key path (e.g. protocol.k) to its values");
        }

        var keys = new List<string>();
        var values = new List<List<YamlDotNet.RepresentationModel.YamlNode>>();
        var specs = new List<Files.YamlNode>();
        foreach (var (keyNode, valueNode) in keyMap.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            var entry = new Files.YamlNode(sweep.File, $"sweep.keys.{key}", valueNode);
            if (keys.Contains(key))
            {
                throw entry.Error("swept twice");
            }

            keys.Add(key);
            specs.Add(entry);
            if (mode != "random")
            {
                var list = entry.List();
                if (list.Count == 0)
                {
                    throw entry.Error("needs at least one value");
                }

                values.Add([.. list.Select(v => v.Raw)]);
            }
        }

        var points = new List<List<(string, YamlDotNet.RepresentationModel.YamlNode)>>();
        switch (mode)
        {
            case "grid":
                points.Add([]);
                for (var k = 0; k < keys.Count; k++)
                {
                    points = [.. points.SelectMany(point => values[k].Select(v => (List<(string, YamlDotNet.RepresentationModel.YamlNode)>)[.. point, (keys[k], v)]))];
                }

                break;
            case "zip":
                if (values.Select(v => v.Count).Distinct().Count() > 1)
                {
                    throw sweep.Error($"zip needs lists of equal length (got {string.Join(", ", keys.Zip(values, (k, v) => $"{k}: {v.Count}"))})");
                }

                for (var i = 0; i < values[0].Count; i++)
                {
                    points.Add([.. keys.Select((k, j) => (k, values[j][i]))]);
                }

                break;
            default:
                var samples = (int)map.Require("samples").Integer(1, MaxRuns);
                var random = new DerivedRandom(seed, 0, "sweep", 0);
                for (var i = 0; i < samples; i++)
                {
                    points.Add([.. keys.Select((k, j) => (k, Draw(specs[j], random)))]);
                }

                break;
        }

        return (mode, keys, points);
    }

    // A random sweep value: { uniform: [low, high] } (real), { integer: [low, high] } (inclusive) or { choice: [a, b, ...] }.
    private static YamlDotNet.RepresentationModel.YamlNode Draw(Files.YamlNode spec, Random random)
    {
        var map = spec.Map("uniform", "integer", "choice");
        if (map.Get("choice") is { } choice)
        {
            var options = choice.List();
            return options.Count > 0 ? options[random.Next(options.Count)].Raw : throw choice.Error("needs at least one value");
        }

        if (map.Get("integer") is { } integer)
        {
            var bounds = integer.List();
            var (low, high) = bounds.Count == 2 ? (bounds[0].Integer(long.MinValue, long.MaxValue - 1), bounds[1].Integer(long.MinValue, long.MaxValue - 1)) : throw integer.Error("must be [low, high]");
            return low <= high ? new YamlScalarNode(random.NextInt64(low, high + 1).ToString(CultureInfo.InvariantCulture)) : throw integer.Error("low must not exceed high");
        }

        var uniform = map.Get("uniform") ?? throw spec.Error("a random sweep key needs uniform: [low, high], integer: [low, high] or choice: [values]");
        var range = uniform.List();
        var (a, b) = range.Count == 2 ? (range[0].Number(double.MinValue, double.MaxValue), range[1].Number(double.MinValue, double.MaxValue)) : throw uniform.Error("must be [low, high]");
        return a <= b ? new YamlScalarNode((a + ((b - a) * random.NextDouble())).ToString("R", CultureInfo.InvariantCulture)) : throw uniform.Error("low must not exceed high");
    }

    // The point's values written into a fresh tree, then parsed; a problem names the sweep point.
    /// <summary>
    /// The scenario of file <paramref name="path"/> with one key path set to a value, applied to the file's YAML
    /// tree and parsed as a hand-written file would be (so what depends on it — a program's tiers — follows).
    /// </summary>
    public static ScenarioDefinition With(string path, byte[] bytes, string key, YamlDotNet.RepresentationModel.YamlNode value) =>
        Apply(path, bytes, [(key, value)], -1);

    /// <summary>The scenario of the file with several key paths set, in order (a sweep point's values, then more).</summary>
    public static ScenarioDefinition With(string path, byte[] bytes, IEnumerable<(string Key, YamlDotNet.RepresentationModel.YamlNode Value)> values) =>
        Apply(path, bytes, [.. values], -1);

    private static ScenarioDefinition Apply(string path, byte[] bytes, List<(string Key, YamlDotNet.RepresentationModel.YamlNode Value)> point, int index)
    {
        var tree = ScenarioParser.Tree(path, bytes);
        var label = string.Join(", ", point.Select(p => $"{p.Key} = {PlannedRun.Label(Json(p.Value))}"));
        foreach (var (key, value) in point)
        {
            KeyPath.Set(path, tree, key, value);
        }

        try
        {
            return ScenarioParser.Parse(path, bytes, tree);
        }
        catch (ScenarioError e)
        {
            throw new ScenarioError(e.File, e.Line, e.KeyPath, index < 0 ? $"{e.Problem} (with {label})" : $"{e.Problem} (sweep point {index}: {label})");
        }
    }

    /// <summary>A YAML value as JSON: numbers and booleans typed, other scalars as strings, lists and maps recursively.</summary>
    public static JsonNode? Json(YamlDotNet.RepresentationModel.YamlNode node) => node switch
    {
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(Json)]),
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", Json(c.Value)))),
        YamlScalarNode { Value: { } text } when text is "true" or "false" => JsonValue.Create(text == "true"),
        YamlScalarNode { Value: { } text } when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => JsonValue.Create(i),
        YamlScalarNode { Value: { } text } when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        YamlScalarNode { Value: { } text } => JsonValue.Create(text),
        _ => null,
    };
}
