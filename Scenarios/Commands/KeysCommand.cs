// `provsim keys new`: a fresh X25519 key pair for a user of the network (hex), from the system RNG.
// The public key goes to provers (capsules are sealed to it); the secret opens them (`capsule open`).
using System.CommandLine;
using System.Security.Cryptography;
using ProverSim.Grains.Crypto;

namespace ProverSim.Scenarios.Commands;

public static class KeysCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the pair as one JSON object." };
        var create = new Command("new", "Print a fresh X25519 key pair (hex): the public key to seal capsules to, the secret to open them.\nExample: provsim keys new > user.key") { json };
        create.SetAction(parse =>
        {
            var (secret, publicKey) = Hpke.DeriveKeyPair(RandomNumberGenerator.GetBytes(Hpke.KeyLength));
            if (parse.GetValue(json))
            {
                Console.WriteLine($"{{\"public_key\":\"{Convert.ToHexStringLower(publicKey)}\",\"secret_key\":\"{Convert.ToHexStringLower(secret)}\"}}");
            }
            else
            {
                Console.WriteLine($"public_key: {Convert.ToHexStringLower(publicKey)}");
                Console.WriteLine($"secret_key: {Convert.ToHexStringLower(secret)}");
            }

            CryptographicOperations.ZeroMemory(secret);
            return 0;
        });
        return new Command("keys", "User keys for proof capsules.\nExample: provsim keys new") { create };
    }

    /// <summary>
    /// A 32-byte key given as 64 hex characters, or as the path of a file holding them — or holding the
    /// output of `keys new`, whose <paramref name="label"/> line is used — so a secret need not appear
    /// in the process list.
    /// </summary>
    public static byte[] Parse(string value, string option, string what, string label)
    {
        var text = value.Trim();
        if (!IsHexKey(text) && File.Exists(text))
        {
            var lines = File.ReadAllLines(text).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            var labelled = lines.FirstOrDefault(l => l.StartsWith(label + ":", StringComparison.Ordinal));
            text = labelled is not null ? labelled[(label.Length + 1)..].Trim() : string.Join("", lines);
        }

        if (!IsHexKey(text))
        {
            throw new InputError($"{option}: expected {what} as 64 hex characters (or a file holding them), got '{Shorten(value)}'");
        }

        return Convert.FromHexString(text);
    }

    private static bool IsHexKey(string text) => text.Length == 2 * Hpke.KeyLength && text.All(Uri.IsHexDigit);

    private static string Shorten(string value) => value.Length <= 20 ? value : value[..17] + "...";
}
