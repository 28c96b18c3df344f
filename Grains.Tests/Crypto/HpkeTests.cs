// Pins HPKE base mode DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-128-GCM to RFC 9180 Appendix
// A.1.1 (CRYPTO.md "HPKE"): every intermediate of the key schedule, then the first encryption.
using System.Text.Json;
using ProverSim.Grains.Crypto;

namespace ProverSim.Grains.Tests.Crypto;

public sealed class HpkeTests
{
    private static readonly Lazy<JsonElement> Vector = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.SharedTestData, "hpke-base-x25519-sha256-aes128gcm.json"))).RootElement);

    private static byte[] Hex(string name) => Convert.FromHexString(Vector.Value.GetProperty(name).GetString()!);

    private static string Lower(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [Fact]
    public void VectorIsTheSuiteImplemented()
    {
        Assert.Equal(0, Vector.Value.GetProperty("mode").GetInt32());
        Assert.Equal(Hpke.KemId, Vector.Value.GetProperty("kem_id").GetInt32());
        Assert.Equal(Hpke.KdfId, Vector.Value.GetProperty("kdf_id").GetInt32());
        Assert.Equal(Hpke.AeadId, Vector.Value.GetProperty("aead_id").GetInt32());
    }

    [Fact]
    public void DeriveKeyPairMatchesBothVectorKeys()
    {
        var (skE, pkE) = Hpke.DeriveKeyPair(Hex("ikmE"));
        var (skR, pkR) = Hpke.DeriveKeyPair(Hex("ikmR"));

        Assert.Equal(Lower(Hex("skEm")), Lower(skE));
        Assert.Equal(Lower(Hex("pkEm")), Lower(pkE));
        Assert.Equal(Lower(Hex("skRm")), Lower(skR));
        Assert.Equal(Lower(Hex("pkRm")), Lower(pkR));
    }

    [Fact]
    public void SharedSecretMatchesVectorFromBothSides()
    {
        Assert.Equal(Lower(Hex("shared_secret")), Lower(Hpke.SharedSecret(Hex("skEm"), Hex("pkRm"))));

        var (enc, sender) = Hpke.SetupSender(Hex("pkRm"), Hex("info"), Hex("ikmE"));
        var receiver = Hpke.SetupReceiver(Hex("skRm"), Hex("enc"), Hex("info"));

        Assert.Equal(Lower(Hex("enc")), Lower(enc));
        Assert.NotNull(receiver);
        Assert.Equal(Lower(sender.Key), Lower(receiver.Key));
    }

    [Fact]
    public void KeyScheduleMatchesVector()
    {
        var context = Hpke.KeySchedule(Hex("shared_secret"), Hex("info"));

        Assert.Equal(Lower(Hex("key_schedule_context")), Lower(context.KeyScheduleContext));
        Assert.Equal(Lower(Hex("secret")), Lower(context.Secret));
        Assert.Equal(Lower(Hex("key")), Lower(context.Key));
        Assert.Equal(Lower(Hex("base_nonce")), Lower(context.BaseNonce));
        Assert.Equal(Lower(Hex("exporter_secret")), Lower(context.ExporterSecret));
    }

    [Fact]
    public void SealAndOpenMatchTheFirstVectorEncryption()
    {
        var encryption = Vector.Value.GetProperty("encryptions")[0];
        Assert.Equal(0, encryption.GetProperty("sequence_number").GetInt32());
        var pt = Convert.FromHexString(encryption.GetProperty("pt").GetString()!);
        var aad = Convert.FromHexString(encryption.GetProperty("aad").GetString()!);
        var ct = Convert.FromHexString(encryption.GetProperty("ct").GetString()!);

        var sealedMessage = Hpke.Seal(Hex("pkRm"), Hex("info"), aad, pt, Hex("ikmE"));
        var opened = Hpke.Open(Hex("skRm"), Hex("enc"), Hex("info"), aad, ct);

        Assert.Equal(Lower(Hex("enc")), Lower(sealedMessage.Enc));
        Assert.Equal(Lower(ct), Lower(sealedMessage.Ciphertext));
        Assert.Equal(Lower(pt), Lower(opened!));
    }

    [Fact]
    public void OpenRejectsWrongKeyInfoAadAndEveryFlippedCiphertextByte()
    {
        var encryption = Vector.Value.GetProperty("encryptions")[0];
        var aad = Convert.FromHexString(encryption.GetProperty("aad").GetString()!);
        var ct = Convert.FromHexString(encryption.GetProperty("ct").GetString()!);

        Assert.Null(Hpke.Open(Hex("skEm"), Hex("enc"), Hex("info"), aad, ct));
        Assert.Null(Hpke.Open(Hex("skRm"), Hex("enc"), "other info"u8, aad, ct));
        Assert.Null(Hpke.Open(Hex("skRm"), Hex("enc"), Hex("info"), "Count-1"u8, ct));
        for (var i = 0; i < ct.Length; i++)
        {
            var tampered = (byte[])ct.Clone();
            tampered[i] ^= 0x01;
            Assert.Null(Hpke.Open(Hex("skRm"), Hex("enc"), Hex("info"), aad, tampered));
        }
    }

    [Fact]
    public void LowOrderEncIsRejectedNotOpened()
    {
        // u = 0 is a low-order point: X25519 gives the all-zero output, which RFC 9180 §7.1.4 forbids.
        Assert.Null(Hpke.SetupReceiver(Hex("skRm"), new byte[32], Hex("info")));
        Assert.Throws<System.Security.Cryptography.CryptographicException>(() => Hpke.SetupSender(new byte[32], Hex("info"), Hex("ikmE")));
    }
}
