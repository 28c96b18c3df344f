// Where the tests find the repository (the directory holding Simulator.sln) and ../shared beside it.
namespace ProverSim.Grains.Tests;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Programs => Path.Combine(Root, "Scenarios", "programs");

    public static string Examples => Path.Combine(Root, "Scenarios", "examples");

    public static string SharedTestData => Path.Combine(Root, "..", "shared", "testdata");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Simulator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Simulator.sln above {AppContext.BaseDirectory}");
    }
}
