// Around the verbs: every verb's help carries an example that parses as that verb, the verbs that print
// figures print them as JSON when asked, and the shell completion script completes from provsim itself.
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ProverSim.Scenarios.Commands;

namespace ProverSim.Grains.Tests.Scenarios;

public sealed class CommandHelpTests : IDisposable
{
    private readonly ScenarioFiles _files = new();

    public static IEnumerable<object[]> Verbs() => All(Provsim.Root(), "").Select(c => new object[] { c.Path });

    [Theory]
    [MemberData(nameof(Verbs))]
    public void EveryVerbsHelpHasAnExampleThatParsesAsThatVerb(string path)
    {
        var root = Provsim.Root();
        var command = All(root, "").Single(c => c.Path == path).Command;
        var description = command.Description ?? "";
        var at = description.IndexOf("\nExample: ", StringComparison.Ordinal);
        Assert.True(at >= 0, $"'provsim {path}' has no example in its help");

        // The example's provsim invocation: from "provsim" to the end, a pipe, a redirection or a quote.
        var example = description[(at + "\nExample: ".Length)..].Split('\n')[0];
        var invocation = example[(example.IndexOf("provsim", StringComparison.Ordinal) + "provsim".Length)..];
        var cut = invocation.IndexOfAny(['>', '|', '&', '"', ')']);
        var args = (cut < 0 ? invocation : invocation[..cut]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var parse = root.Parse(args);

        Assert.Empty(parse.Errors.Select(e => e.Message));
        var parsed = parse.CommandResult.Command;
        Assert.True(parsed == command || IsBelow(parsed, command), $"the example '{example}' parses as '{parsed.Name}', not as 'provsim {path}'");
    }

    [Fact]
    public void ValidateJsonDescribesTheScenario()
    {
        var (code, stdout, _) = ProvsimProcess.Run("validate", _files.Example("baseline"), "--json");
        Assert.Equal(0, code);
        var json = JsonNode.Parse(stdout)!;
        Assert.Equal((true, "baseline", 36, 60L, 3), ((bool)json["valid"]!, (string)json["name"]!, (int)json["provers"]!, (long)json["slots"]!, (int)json["k"]!));
        Assert.Equal(["datacenter", "home", "liars"], json["groups"]!.AsArray().Select(g => (string)g!["name"]!).ToArray());
    }

    [Fact]
    public void ExplainJsonCarriesTheFiguresTheTextShows()
    {
        var scenario = _files.Example("baseline");
        var (code, stdout, _) = ProvsimProcess.Run("explain", scenario, "--json");
        Assert.Equal(0, code);
        var json = JsonNode.Parse(stdout)!;
        var (_, text, _) = ProvsimProcess.Run("explain", scenario);

        // The same figures, in the text's words: the load line and each group's line.
        Assert.Contains($"load: {(double)json["jobs_per_prover_per_slot"]!:0.####} jobs per prover per slot", text.Replace(",", "", StringComparison.Ordinal));
        Assert.Equal("3", (string)json["protocol"]!["k"]!);
        foreach (var group in json["groups"]!.AsArray())
        {
            Assert.Contains($"group {(string)group!["name"]!}: {(int)group["provers"]!} provers", text);
        }

        Assert.Equal(json["programs"]!.AsArray().Count, text.Split('\n').Count(l => l.StartsWith("program ", StringComparison.Ordinal)));
    }

    [Fact]
    public void VerifyJsonGivesTheCountsAndKeepsTheExitCode()
    {
        var results = _files.Results("verified");
        Assert.Equal(0, ProvsimProcess.Run("run", _files.Example("baseline", ("slots", "6")), "--out", results, "--quiet").Code);

        var (code, stdout, _) = ProvsimProcess.Run("verify", results, "--json");
        Assert.Equal(0, code);
        var run = JsonNode.Parse(stdout)!["runs"]!.AsArray().Single()!;
        Assert.Equal((true, File.ReadAllLines(Path.Combine(results, "slots.csv")).Length - 1L), ((bool)run["verified"]!, (long)run["slots"]!));
        Assert.Empty(run["problems"]!.AsArray());

        // A tampered allocation: exit 1 and the problem in the JSON.
        var workloads = Path.Combine(results, "workloads.csv");
        var lines = File.ReadAllLines(workloads);
        var header = lines[0].Split(',');
        var allocated = Array.IndexOf(header, "allocated");
        var row = lines[1].Split(',');
        row[allocated] = string.Join(' ', row[allocated].Split(' ').Reverse().Select(p => p == "0" ? "1" : "0"));
        lines[1] = string.Join(',', row);
        File.WriteAllLines(workloads, lines);
        (code, stdout, _) = ProvsimProcess.Run("verify", results, "--json");
        Assert.Equal(1, code);
        Assert.False((bool)JsonNode.Parse(stdout)!["verified"]!);
        Assert.Contains("allocat", (string)JsonNode.Parse(stdout)!["runs"]![0]!["problems"]![0]!);
    }

    [Fact]
    public void KeysJsonIsAKeyPair()
    {
        var (code, stdout, _) = ProvsimProcess.Run("keys", "new", "--json");
        Assert.Equal(0, code);
        var json = JsonNode.Parse(stdout)!;
        var secret = Convert.FromHexString((string)json["secret_key"]!);
        Assert.Equal(Convert.ToHexStringLower(ProverSim.Grains.Crypto.Hpke.PublicKeyOf(secret)), (string)json["public_key"]!);
    }

    [Fact]
    public void TheBashCompletionCompletesVerbsAndOptionsFromProvsim()
    {
        // provsim on PATH as a user installs it: a launcher for the built command.
        var bin = Path.Combine(_files.Directory, "bin");
        Directory.CreateDirectory(bin);
        var launcher = Path.Combine(bin, "provsim");
        File.WriteAllText(launcher, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "provsim.dll")}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        string Complete(params string[] words)
        {
            var line = string.Join(' ', words);
            var script = $"""
                eval "$(provsim completion bash)"
                COMP_LINE='{line}'; COMP_POINT={line.Length}; COMP_WORDS=({string.Join(' ', words.Select(w => $"'{w}'"))}); COMP_CWORD={words.Length - 1}
                _provsim_complete
                printf '%s\n' "${"{"}COMPREPLY[@]{"}"}"
                """;
            var start = new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output;
        }

        Assert.Equal(["run"], Complete("provsim", "ru").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["--cluster", "--cluster-id"], Complete("provsim", "run", "--clu").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("zsh", Complete("provsim", "completion", "").Split('\n'));
    }

    [Fact]
    public void AnUnknownShellIsAUsageErrorNamingTheShells()
    {
        var (code, _, stderr) = ProvsimProcess.Run("completion", "tcsh");
        Assert.Equal(2, code);
        Assert.Contains("bash", stderr);
        Assert.Contains("tcsh", stderr);
    }

    private static IEnumerable<(string Path, Command Command)> All(Command command, string path)
    {
        foreach (var sub in command.Subcommands)
        {
            var subPath = (path + " " + sub.Name).Trim();
            yield return (subPath, sub);
            foreach (var below in All(sub, subPath))
            {
                yield return below;
            }
        }
    }

    private static bool IsBelow(Command parsed, Command command) => command.Subcommands.Any(s => s == parsed || IsBelow(parsed, s));

    public void Dispose() => _files.Dispose();
}
