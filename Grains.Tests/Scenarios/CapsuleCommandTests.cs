// `provsim keys new` and `provsim capsule seal|open` through the real process: a user makes a key,
// a file sealed to it opens with the user's secret and with the printed temporary secret, and every
// bad key, tampered capsule or missing file is one line on stderr with exit code 2.
namespace ProverSim.Grains.Tests.Scenarios;

public sealed class CapsuleCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("provsim-capsule-").FullName;

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static string Value(string output, string label) =>
        output.Split('\n').Single(l => l.StartsWith(label + ":", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];

    [Fact]
    public void SealedFileOpensForTheUserAndForTheRevealedKeyButNotForOthers()
    {
        var keys = ProvsimProcess.Run("keys", "new");
        Assert.Equal(0, keys.Code);
        File.WriteAllText(PathOf("user.key"), keys.Stdout);
        var payload = Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray();
        File.WriteAllBytes(PathOf("proof.bin"), payload);

        var seal = ProvsimProcess.Run("capsule", "seal", "--to", Value(keys.Stdout, "public_key"), "--workload", "12", "--prover", "3", "--slot", "4", PathOf("proof.bin"), PathOf("c.cap"));
        Assert.Equal(0, seal.Code);
        var byUser = ProvsimProcess.Run("capsule", "open", "--key", PathOf("user.key"), PathOf("c.cap"), PathOf("a.bin"));
        var byReveal = ProvsimProcess.Run("capsule", "open", "--key", Value(seal.Stdout, "temporary_secret_key"), PathOf("c.cap"), PathOf("b.bin"));

        Assert.Equal((0, 0), (byUser.Code, byReveal.Code));
        Assert.Contains("workload 12, prover 3, slot 4", byUser.Stdout);
        Assert.Equal(payload, File.ReadAllBytes(PathOf("a.bin")));
        Assert.Equal(payload, File.ReadAllBytes(PathOf("b.bin")));

        var other = ProvsimProcess.Run("keys", "new");
        var stranger = ProvsimProcess.Run("capsule", "open", "--key", Value(other.Stdout, "secret_key"), PathOf("c.cap"), PathOf("x.bin"));
        Assert.Equal(2, stranger.Code);
        Assert.Equal($"provsim: {PathOf("c.cap")}: --key is neither the capsule's user key nor its temporary key", stranger.Stderr.Trim());
        Assert.False(File.Exists(PathOf("x.bin")));
    }

    [Fact]
    public void TamperedCapsuleBadKeysAndMissingFilesAreOneLineErrors()
    {
        var keys = ProvsimProcess.Run("keys", "new");
        File.WriteAllBytes(PathOf("p.bin"), [1, 2, 3]);
        Assert.Equal(0, ProvsimProcess.Run("capsule", "seal", "--to", Value(keys.Stdout, "public_key"), "--workload", "1", "--prover", "2", PathOf("p.bin"), PathOf("c.cap")).Code);
        var capsule = File.ReadAllBytes(PathOf("c.cap"));
        capsule[^5] ^= 1;
        File.WriteAllBytes(PathOf("t.cap"), capsule);

        var cases = new[]
        {
            (ProvsimProcess.Run("capsule", "open", "--key", Value(keys.Stdout, "secret_key"), PathOf("t.cap"), PathOf("o.bin")), "authentication failed: the capsule was changed after sealing"),
            (ProvsimProcess.Run("capsule", "open", "--key", "abc", PathOf("c.cap"), PathOf("o.bin")), "--key: expected an X25519 secret key as 64 hex characters (or a file holding them), got 'abc'"),
            (ProvsimProcess.Run("capsule", "seal", "--to", "zz", "--workload", "1", "--prover", "2", PathOf("p.bin"), PathOf("d.cap")), "--to: expected an X25519 public key"),
            (ProvsimProcess.Run("capsule", "open", "--key", Value(keys.Stdout, "secret_key"), PathOf("none.cap"), PathOf("o.bin")), "none.cap: no such file"),
            (ProvsimProcess.Run("capsule", "open", "--key", Value(keys.Stdout, "secret_key"), PathOf("p.bin"), PathOf("o.bin")), "not a proof capsule"),
        };

        foreach (var (result, message) in cases)
        {
            Assert.Equal(2, result.Code);
            Assert.Contains(message, result.Stderr);
            Assert.Single(result.Stderr.Trim().Split('\n'));
        }

        Assert.False(File.Exists(PathOf("o.bin")));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
