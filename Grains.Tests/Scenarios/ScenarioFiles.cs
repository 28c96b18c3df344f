// Scenario files written by tests into a temporary folder, with the example programs beside them.
namespace ProverSim.Grains.Tests.Scenarios;

public sealed class ScenarioFiles : IDisposable
{
    public ScenarioFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "provsim-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var program in System.IO.Directory.GetFiles(RepoPaths.Programs, "*.bf"))
        {
            File.Copy(program, Path.Combine(Directory, Path.GetFileName(program)));
        }
    }

    public string Directory { get; }

    public string Write(string name, string yaml)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, yaml);
        return path;
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
