// Scenario files written by tests into a temporary folder laid out like Scenarios/: scenario files in
// examples/, the example programs in programs/ (so "../programs/x.bf" resolves as in the repository).
namespace ProverSim.Grains.Tests.Scenarios;

public sealed class ScenarioFiles : IDisposable
{
    public ScenarioFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "provsim-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "examples"));
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "programs"));
        foreach (var program in System.IO.Directory.GetFiles(RepoPaths.Programs, "*.bf"))
        {
            File.Copy(program, Path.Combine(Directory, "programs", Path.GetFileName(program)));
        }
    }

    public string Directory { get; }

    public string Write(string name, string yaml)
    {
        var path = Path.Combine(Directory, "examples", name);
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>An example scenario of the repository with some top-level keys replaced (e.g. a smaller "slots").</summary>
    public string Example(string example, params (string Key, string Value)[] overrides)
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Examples, example + ".yaml"));
        foreach (var (key, value) in overrides)
        {
            var index = Array.FindIndex(lines, l => l.StartsWith(key + ":", StringComparison.Ordinal));
            Assert.True(index >= 0, $"{example}.yaml has no top-level '{key}'");
            lines[index] = $"{key}: {value}";
        }

        return Write(example + ".yaml", string.Join('\n', lines));
    }

    public string Results(string name) => Path.Combine(Directory, "results", name);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
