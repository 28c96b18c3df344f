// `provsim capsule seal|open`: proof capsules on files, so a user can open a proof outside the simulator
// (and check another HPKE implementation against ours). The format is Grains/Crypto/README.md.
using System.CommandLine;
using System.Security.Cryptography;
using ProverSim.Grains.Crypto;

namespace ProverSim.Scenarios.Commands;

public static class CapsuleCommand
{
    public static Command Create() => new("capsule", "Seal a file into a proof capsule, or open one.\nExample: provsim capsule open --key user.key capsule.bin proof.bin") { Seal(), Open() };

    private static Command Seal()
    {
        var to = new Option<string>("--to") { Description = "The user's X25519 public key (hex, or a file holding it).", Required = true };
        var workload = new Option<long>("--workload") { Description = "The workload id the capsule is bound to.", Required = true };
        var prover = new Option<long>("--prover") { Description = "The prover id the capsule is bound to.", Required = true };
        var slot = new Option<long>("--slot") { Description = "The slot the capsule is bound to.", DefaultValueFactory = _ => 0 };
        var input = new Argument<FileInfo>("in") { Description = "The file to seal (e.g. a proof)." };
        var output = new Argument<FileInfo>("out") { Description = "The capsule to write." };
        var command = new Command("seal", "Seal IN to the user's key and to a fresh temporary key; print the temporary secret to reveal later.\nExample: provsim capsule seal --to user.key --workload 7 --prover 3 proof.bin capsule.bin")
        {
            to, workload, prover, slot, input, output,
        };
        command.SetAction(parse =>
        {
            var userKey = KeysCommand.Parse(parse.GetValue(to)!, "--to", "an X25519 public key", "public_key");
            var payload = Read(parse.GetValue(input)!);
            var binding = new CapsuleBinding(parse.GetValue(workload), parse.GetValue(prover), parse.GetValue(slot));
            var (tempSecret, tempPublic) = Hpke.DeriveKeyPair(RandomNumberGenerator.GetBytes(Hpke.KeyLength));
            var capsule = ProofCapsule.Seal(binding, userKey, tempPublic, payload, RandomNumberGenerator.Fill);
            var path = parse.GetValue(output)!.FullName;
            Write(path, capsule);
            Console.WriteLine($"sealed {payload.Length} bytes into {path} ({capsule.Length} bytes): workload {binding.WorkloadId}, prover {binding.ProverId}, slot {binding.Slot}");
            Console.WriteLine($"temporary_public_key: {Convert.ToHexStringLower(tempPublic)}");
            Console.WriteLine($"temporary_secret_key: {Convert.ToHexStringLower(tempSecret)}  (reveal it when the workload closes)");
            return 0;
        });
        return command;
    }

    private static Command Open()
    {
        var key = new Option<string>("--key") { Description = "The user's secret key or the revealed temporary secret key (hex, or a file holding it).", Required = true };
        var input = new Argument<FileInfo>("in") { Description = "The capsule." };
        var output = new Argument<FileInfo>("out") { Description = "Where to write what it holds." };
        var command = new Command("open", "Open a capsule with the user's secret key or a revealed temporary key.\nExample: provsim capsule open --key user.key capsule.bin proof.bin") { key, input, output };
        command.SetAction(parse =>
        {
            var secret = KeysCommand.Parse(parse.GetValue(key)!, "--key", "an X25519 secret key", "secret_key");
            var file = parse.GetValue(input)!;
            var opening = ProofCapsule.Open(Read(file), secret);
            CryptographicOperations.ZeroMemory(secret);
            if (!opening.Opened)
            {
                throw new InputError(opening.Error switch
                {
                    CapsuleError.Malformed => $"{file.FullName}: not a proof capsule (format version {ProofCapsule.Version})",
                    CapsuleError.NotARecipient => $"{file.FullName}: --key is neither the capsule's user key nor its temporary key",
                    CapsuleError.UserCannotOpen => $"{file.FullName}: opens with the temporary key, but the key sealed to the user is another one (a dishonest prover)",
                    _ => $"{file.FullName}: authentication failed: the capsule was changed after sealing",
                });
            }

            var path = parse.GetValue(output)!.FullName;
            Write(path, opening.Payload!);
            var b = opening.Header!.Binding;
            Console.WriteLine($"opened {file.FullName}: workload {b.WorkloadId}, prover {b.ProverId}, slot {b.Slot}; {opening.Payload!.Length} bytes written to {path}");
            return 0;
        });
        return command;
    }

    private static void Write(string path, byte[] bytes)
    {
        if (Path.GetDirectoryName(path) is { } directory && !Directory.Exists(directory))
        {
            throw new InputError($"{path}: the folder {directory} does not exist");
        }

        Results.AtomicFile.WriteAllBytes(path, bytes);
    }

    private static byte[] Read(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new InputError($"{file.FullName}: no such file");
        }

        return File.ReadAllBytes(file.FullName);
    }
}
