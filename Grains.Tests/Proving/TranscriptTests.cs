// The Fiat–Shamir transcript's proof of work: grinding returns the least nonce the verifier's check
// accepts, whichever batch of candidates it falls in.
using ProverSim.Grains.Proving.Core;
using Xunit;

namespace ProverSim.Grains.Tests.Proving;

public sealed class TranscriptTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(10)]
    public void GrindingFindsTheLeastAcceptedNonce(int bits)
    {
        for (var seed = 0; seed < 6; seed++)
        {
            var transcript = new Transcript([(byte)seed, (byte)bits]);
            var nonce = transcript.Grind(bits);

            Assert.True(transcript.IsValidNonce(nonce, bits));
            for (ulong smaller = 0; smaller < nonce; smaller++)
            {
                Assert.False(transcript.IsValidNonce(smaller, bits), $"seed {seed}: nonce {smaller} < {nonce} is accepted");
            }
        }
    }
}
