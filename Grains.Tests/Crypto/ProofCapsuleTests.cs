// Proof capsules (DESIGN.md §1 "Copy protection"): both recipients open the same payload, any change
// to the header, the sealed keys or the ciphertext stops every opening, and the tricks a copier can
// play — re-binding to itself or another workload, swapping in its own temporary key — do not open.
using System.Security.Cryptography;
using ProverSim.Grains.Crypto;

namespace ProverSim.Grains.Tests.Crypto;

public sealed class ProofCapsuleTests
{
    private static readonly (byte[] Secret, byte[] Public) User = Hpke.DeriveKeyPair("user"u8);
    private static readonly (byte[] Secret, byte[] Public) Temp = Hpke.DeriveKeyPair("prover temp"u8);
    private static readonly (byte[] Secret, byte[] Public) Copier = Hpke.DeriveKeyPair("copier temp"u8);
    private static readonly CapsuleBinding Binding = new(WorkloadId: 41, ProverId: 7, Slot: 12);
    private static readonly byte[] Payload = [.. Enumerable.Range(0, 1000).Select(i => (byte)(i * 31))];

    private static byte[] SealFresh() => ProofCapsule.Seal(Binding, User.Public, Temp.Public, Payload, RandomNumberGenerator.Fill);

    [Fact]
    public void UserAndRevealedTemporaryKeyBothOpenThePayload()
    {
        var capsule = SealFresh();

        var byUser = ProofCapsule.Open(capsule, User.Secret);
        var byReveal = ProofCapsule.Open(capsule, Temp.Secret);

        Assert.Equal(CapsuleError.None, byUser.Error);
        Assert.Equal(Payload, byUser.Payload);
        Assert.Equal(Payload, byReveal.Payload);
        Assert.Equal(Binding, byReveal.Header!.Binding);
        Assert.Equal(ProofCapsule.Overhead + Payload.Length, capsule.Length);
    }

    [Fact]
    public void FreshRandomnessGivesDifferentCapsulesAndAReplayedStreamTheSame()
    {
        static void Fixed(Span<byte> b) => b.Fill(0x5a);

        Assert.NotEqual(SealFresh(), SealFresh());
        Assert.Equal(
            ProofCapsule.Seal(Binding, User.Public, Temp.Public, Payload, Fixed),
            ProofCapsule.Seal(Binding, User.Public, Temp.Public, Payload, Fixed));
    }

    [Fact]
    public void EveryFlippedByteStopsBothRecipientsForTheReasonItsFieldGives()
    {
        // By the layout of Grains/Crypto/README.md: magic and version (0..4) make it not a capsule; a
        // recipient's own public key (user 28..60, temporary 60..92) no longer names it; every other byte
        // is covered by the HPKE aad (the header), the HPKE ciphertexts or the payload's AES-GCM.
        static CapsuleError Expected(int i, int ownKeyAt) =>
            i < 4 ? CapsuleError.Malformed : i >= ownKeyAt && i < ownKeyAt + 32 ? CapsuleError.NotARecipient : CapsuleError.Tampered;

        var capsule = ProofCapsule.Seal(Binding, User.Public, Temp.Public, Payload.AsSpan(0, 40), RandomNumberGenerator.Fill);
        for (var i = 0; i < capsule.Length; i++)
        {
            var tampered = (byte[])capsule.Clone();
            tampered[i] ^= 0x80;
            Assert.Equal((i, Expected(i, 28)), (i, ProofCapsule.Open(tampered, User.Secret).Error));
            Assert.Equal((i, Expected(i, 60)), (i, ProofCapsule.Open(tampered, Temp.Secret).Error));
        }
    }

    [Fact]
    public void CapsuleReboundToAnotherProverOrWorkloadDoesNotOpen()
    {
        var capsule = SealFresh();
        foreach (var binding in new[] { Binding with { ProverId = 8 }, Binding with { WorkloadId = 42 }, Binding with { Slot = 13 } })
        {
            var rebound = ProofCapsule.Rebind(capsule, binding);

            Assert.Equal(binding, ProofCapsule.ReadHeader(rebound)!.Binding);
            Assert.Equal(CapsuleError.Tampered, ProofCapsule.Open(rebound, Temp.Secret).Error);
            Assert.Equal(CapsuleError.Tampered, ProofCapsule.Open(rebound, User.Secret).Error);
        }
    }

    [Fact]
    public void CopierCannotOpenWithItsOwnKeyEvenAfterSwappingItIn()
    {
        var capsule = SealFresh();

        Assert.Equal(CapsuleError.NotARecipient, ProofCapsule.Open(capsule, Copier.Secret).Error);
        var swapped = ProofCapsule.Rebind(capsule, Binding with { ProverId = 99 }, Copier.Public);
        Assert.Equal(CapsuleError.Tampered, ProofCapsule.Open(swapped, Copier.Secret).Error);
    }

    [Fact]
    public void ProverThatSealsTheUserAnotherKeyIsCaughtOnReveal()
    {
        // A cheating prover builds a well-formed capsule, following the documented layout, whose user
        // part seals a different data key: the user cannot open it, and the validator, re-sealing from
        // the ephemeral material inside, sees that the user was not sent the key it was.
        var capsule = ProofCapsule.Seal(Binding, User.Public, Temp.Public, Payload, RandomNumberGenerator.Fill);
        var header = capsule.AsSpan(0, ProofCapsule.HeaderLength).ToArray();
        var (dataKey, decoy, userIkm) = (RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        var userPart = Hpke.Seal(User.Public, ProofCapsule.Info, header, decoy, userIkm);
        var tempPart = Hpke.Seal(Temp.Public, ProofCapsule.Info, header, dataKey, RandomNumberGenerator.GetBytes(32));
        byte[] prefix = [.. header, .. userPart.Enc, .. userPart.Ciphertext, .. tempPart.Enc, .. tempPart.Ciphertext];
        var nonce = RandomNumberGenerator.GetBytes(12);
        byte[] inner = [.. userIkm, .. Payload];
        var body = new byte[inner.Length + 16];
        using (var aes = new AesGcm(dataKey, 16))
        {
            aes.Encrypt(nonce, inner, body.AsSpan(0, inner.Length), body.AsSpan(inner.Length), prefix);
        }

        byte[] cheat = [.. prefix, .. nonce, .. body];

        Assert.Equal(CapsuleError.Tampered, ProofCapsule.Open(cheat, User.Secret).Error);
        Assert.Equal(CapsuleError.UserCannotOpen, ProofCapsule.Open(cheat, Temp.Secret).Error);
    }

    [Fact]
    public void WrongRevealedKeyAndGarbageAreNamed()
    {
        var capsule = SealFresh();

        Assert.Equal(CapsuleError.NotARecipient, ProofCapsule.Open(capsule, Hpke.DeriveKeyPair("someone"u8).Secret).Error);
        Assert.Equal(CapsuleError.Malformed, ProofCapsule.Open(capsule.AsSpan(0, 100), Temp.Secret).Error);
        Assert.Equal(CapsuleError.Malformed, ProofCapsule.Open(new byte[400], Temp.Secret).Error);
        Assert.Null(ProofCapsule.ReadHeader("PSC\u0002"u8.ToArray().Concat(capsule.Skip(4)).ToArray()));
    }

    [Fact]
    public void AnyHpkeImplementationCanOpenTheSealedKeyFromTheDocumentedLayout()
    {
        // Reads the layout of Grains/Crypto/README.md by offsets alone and opens the user's sealed key
        // with plain HPKE (info "provsim/capsule/v1", aad = header), then AES-256-GCM with .NET directly
        // (aad = header and both sealed keys).
        var capsule = SealFresh();
        var header = capsule.AsSpan(0, 92);
        var enc = capsule.AsSpan(92, 32);
        var sealedKey = capsule.AsSpan(124, 48);
        var dataKey = Hpke.Open(User.Secret, enc, "provsim/capsule/v1"u8, header, sealedKey)!;
        var nonce = capsule.AsSpan(92 + 160, 12);
        var ciphertext = capsule.AsSpan(92 + 160 + 12, capsule.Length - 92 - 160 - 12 - 16);
        var tag = capsule.AsSpan(capsule.Length - 16);
        var inner = new byte[ciphertext.Length];
        using var aes = new AesGcm(dataKey, 16);
        aes.Decrypt(nonce, ciphertext, tag, inner, capsule.AsSpan(0, 92 + 160));

        Assert.Equal(Payload, inner[32..]);
    }
}
