using System.Security.Cryptography;
using Dalel.Core.Intake;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Intake;

public sealed class IntakeKeysTests
{
    [Fact]
    public void A_secret_sealed_to_an_organisations_public_key_opens_only_with_its_private_key_and_context()
    {
        var org = Guid.NewGuid();
        var dataKey = Aead.NewKey();
        var (publicKey, wrappedPrivate) = IntakeKeys.NewPair(dataKey, org);
        var secret = RandomNumberGenerator.GetBytes(32);
        var aad = IntakeKeys.ReportKeyAad(Guid.NewGuid());

        var sealedBytes = IntakeKeys.SealTo(publicKey, secret, aad);
        Assert.Equal(secret, IntakeKeys.OpenWith(wrappedPrivate, dataKey, org, publicKey, sealedBytes, aad));
        Assert.NotEqual(sealedBytes, IntakeKeys.SealTo(publicKey, secret, aad)); // a new ephemeral key each time

        var (otherPublic, otherPrivate) = IntakeKeys.NewPair(dataKey, org);
        Assert.ThrowsAny<CryptographicException>(() => IntakeKeys.OpenWith(otherPrivate, dataKey, org, otherPublic, sealedBytes, aad));
        Assert.ThrowsAny<CryptographicException>(() => IntakeKeys.OpenWith(wrappedPrivate, dataKey, org, publicKey, sealedBytes, IntakeKeys.ReportKeyAad(Guid.NewGuid())));
        Assert.ThrowsAny<CryptographicException>(() => IntakeKeys.OpenWith(wrappedPrivate, Aead.NewKey(), org, publicKey, sealedBytes, aad));
    }

    [Theory]
    [InlineData("7KQ2-M9XD-4HPA-3FTC", "7KQ2M9XD4HPA3FTC")]
    [InlineData("7kq2 m9xd 4hpa 3ftc", "7KQ2M9XD4HPA3FTC")]
    [InlineData("7KQ2-M9XD-4HPA-3FTO", "7KQ2M9XD4HPA3FT0")]
    [InlineData("lKQ2-M9XD-4HPA-3FTC", "1KQ2M9XD4HPA3FTC")]
    [InlineData("7KQ2-M9XD-4HPA-3FT", null)]
    [InlineData("7KQ2-M9XD-4HPA-3FTCU", null)]
    [InlineData("' OR 1=1 --", null)]
    [InlineData("", null)]
    public void A_typed_receipt_is_read_forgivingly_but_must_be_a_receipt(string typed, string? expected) =>
        Assert.Equal(expected, Receipt.Normalise(typed));

    [Fact]
    public void New_receipts_are_well_formed_and_do_not_repeat()
    {
        var receipts = Enumerable.Range(0, 1000).Select(_ => Receipt.New()).ToList();
        Assert.All(receipts, r => Assert.Equal(Receipt.Format(Receipt.Normalise(r)!), r));
        Assert.Equal(receipts.Count, receipts.Distinct().Count());
    }
}
