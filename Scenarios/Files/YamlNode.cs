// A YAML node with its key path and line, for reading scenario files with precise errors: every
// mapping is read with its allowed keys, and an unknown key is an error with a "did you mean".
using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace ProverSim.Scenarios.Files;

public sealed class YamlNode(string file, string path, YamlDotNet.RepresentationModel.YamlNode node)
{
    public string File { get; } = file;

    public string Path { get; } = path;

    public long Line => node.Start.Line;

    /// <summary>The YAML node itself (a sweep copies values from one tree into another).</summary>
    public YamlDotNet.RepresentationModel.YamlNode Raw => node;

    public ScenarioError Error(string message) => new(File, Line, Path, message);

    /// <summary>This node as a mapping whose keys must all be among <paramref name="allowed"/>.</summary>
    public YamlMap Map(params string[] allowed)
    {
        if (node is not YamlMappingNode mapping)
        {
            throw Error("must be a mapping of keys to values");
        }

        foreach (var key in mapping.Children.Keys)
        {
            var name = key is YamlScalarNode scalar ? scalar.Value ?? "" : "";
            if (!allowed.Contains(name))
            {
                var hint = Suggest(name, allowed);
                throw new ScenarioError(File, key.Start.Line, Join(name), $"unknown key{(hint is null ? "" : $"; did you mean '{hint}'?")} (allowed: {string.Join(", ", allowed)})");
            }
        }

        return new YamlMap(this, mapping);
    }

    /// <summary>The value of <paramref name="key"/> when this node is a mapping that has it, without checking its other keys.</summary>
    public YamlNode? Peek(string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? new YamlNode(File, Join(key), value)
            : null;

    public IReadOnlyList<YamlNode> List()
    {
        if (node is not YamlSequenceNode sequence)
        {
            throw Error("must be a list");
        }

        return [.. sequence.Children.Select((child, i) => new YamlNode(File, $"{Path}[{i}]", child))];
    }

    public bool IsNull => node is YamlScalarNode { Value: null or "" or "~" or "null" } scalar && scalar.Style == YamlDotNet.Core.ScalarStyle.Plain;

    public string Text()
    {
        if (node is not YamlScalarNode { Value: { } value })
        {
            throw Error("must be a single value");
        }

        return value;
    }

    public long Integer(long min, long max)
    {
        var text = Text();
        if (!long.TryParse(text.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Error($"must be a whole number (got '{text}')");
        }

        return value >= min && value <= max ? value : throw Error($"must be between {min} and {max} (got {value})");
    }

    public double Number(double min, double max)
    {
        var text = Text();
        if (!double.TryParse(text.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error($"must be a number (got '{text}')");
        }

        return value >= min && value <= max ? value : throw Error($"must be between {min} and {max} (got {value})");
    }

    public bool Boolean()
    {
        var text = Text();
        return text switch
        {
            "true" or "yes" => true,
            "false" or "no" => false,
            _ => throw Error($"must be true or false (got '{text}')"),
        };
    }

    public string OneOf(params string[] allowed)
    {
        var text = Text();
        if (allowed.Contains(text))
        {
            return text;
        }

        var hint = Suggest(text, allowed);
        throw Error($"'{text}' is not allowed{(hint is null ? "" : $"; did you mean '{hint}'?")} (allowed: {string.Join(", ", allowed)})");
    }

    internal string Join(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    internal static string? Suggest(string given, IEnumerable<string> allowed) =>
        allowed.Select(a => (Name: a, Distance: Levenshtein(given.ToLowerInvariant(), a)))
            .Where(x => x.Distance <= Math.Max(2, given.Length / 3))
            .OrderBy(x => x.Distance)
            .Select(x => x.Name)
            .FirstOrDefault();

    private static int Levenshtein(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }
}

/// <summary>A mapping read key by key; absent keys take their documented defaults.</summary>
public sealed class YamlMap(YamlNode owner, YamlMappingNode mapping)
{
    public YamlNode Owner { get; } = owner;

    public YamlNode? Get(string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? new YamlNode(Owner.File, Owner.Join(key), child) : null;

    public YamlNode Require(string key) => Get(key) ?? throw Owner.Error($"missing required key '{key}'");

    public long Integer(string key, long fallback, long min = long.MinValue, long max = long.MaxValue) =>
        Get(key) is { IsNull: false } node ? node.Integer(min, max) : fallback;

    public double Number(string key, double fallback, double min = double.MinValue, double max = double.MaxValue) =>
        Get(key) is { IsNull: false } node ? node.Number(min, max) : fallback;

    public bool Boolean(string key, bool fallback) => Get(key) is { IsNull: false } node ? node.Boolean() : fallback;

    public string Text(string key, string fallback) => Get(key) is { IsNull: false } node ? node.Text() : fallback;
}
