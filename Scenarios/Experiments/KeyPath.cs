// Sets a value at a key path of a scenario's YAML tree: `protocol.k`, `demand.rate`, `groups.home.count`
// (a list element by its name) or `groups[1].count` (by index). A missing last key is added (the parser
// then validates it like any other, with "did you mean" for a misspelling); a missing list element is an
// error naming the sweep key.
using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace ProverSim.Scenarios.Experiments;

public static class KeyPath
{
    public static void Set(string file, YamlNode root, string path, YamlNode value)
    {
        var tokens = Tokens(file, path, value);
        var node = root;
        for (var i = 0; i < tokens.Count; i++)
        {
            var last = i == tokens.Count - 1;
            var where = string.Join('.', tokens.Take(i + 1));
            switch (node)
            {
                case YamlMappingNode map:
                    var key = new YamlScalarNode(tokens[i]);
                    if (last)
                    {
                        map.Children[key] = value;
                        return;
                    }

                    if (!map.Children.TryGetValue(key, out var child))
                    {
                        child = new YamlMappingNode();
                        map.Children[key] = child;
                    }

                    node = child;
                    break;
                case YamlSequenceNode list:
                    var index = tokens[i].StartsWith('[') && int.TryParse(tokens[i].Trim('[', ']'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                        : list.Children.ToList().FindIndex(e => e is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("name"), out var name) && name is YamlScalarNode s && s.Value == tokens[i]);
                    if (index < 0 || index >= list.Children.Count)
                    {
                        var names = list.Children.OfType<YamlMappingNode>().Select(m => m.Children.TryGetValue(new YamlScalarNode("name"), out var v) ? (v as YamlScalarNode)?.Value : null).Where(v => v is not null);
                        throw new Files.ScenarioError(file, value.Start.Line, $"sweep.keys.{path}", $"{where}: no list element '{tokens[i]}' (by name: {string.Join(", ", names)}; or [0]..[{list.Children.Count - 1}])");
                    }

                    if (last)
                    {
                        list.Children[index] = value;
                        return;
                    }

                    node = list.Children[index];
                    break;
                default:
                    throw new Files.ScenarioError(file, value.Start.Line, $"sweep.keys.{path}", $"{string.Join('.', tokens.Take(i))} is a single value, it has no key '{tokens[i]}'");
            }
        }
    }

    // "groups[1].count" → groups, [1], count; "groups.home.count" → groups, home, count.
    private static List<string> Tokens(string file, string path, YamlNode value)
    {
        var tokens = new List<string>();
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[');
            if (bracket > 0)
            {
                tokens.Add(part[..bracket]);
                tokens.Add(part[bracket..]);
            }
            else
            {
                tokens.Add(part);
            }
        }

        return tokens.Any(t => t.Length == 0)
            ? throw new Files.ScenarioError(file, value.Start.Line, $"sweep.keys.{path}", "a key path is names separated by '.', list elements by name or [index]")
            : tokens;
    }
}
