using Dalel.Core.Audit;
using Dalel.Core.Storage;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Vault;

/// <summary>Unsealing locks after repeated wrong passphrases, as sign-ins do (issue 13, finding 3).</summary>
public sealed class UnsealLockoutTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void Five_wrong_passphrases_lock_unsealing_for_fifteen_minutes_even_for_the_right_one(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        new SealVault(test.Instance).Run("cli");

        for (var i = 0; i < 4; i++)
        {
            Assert.IsType<WrongPassphrase>(new UnsealVault(test.Instance).Run($"guess {i}", "cli").Error);
        }

        Assert.IsType<LockedOut>(new UnsealVault(test.Instance).Run("guess 5", "cli").Error);
        Assert.IsType<LockedOut>(new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli").Error);
        Assert.True(test.Instance.Vault.IsSealed);
        Assert.Contains(AuditLog.Read(test.Instance.Database), e => e.Action == AuditAction.VaultUnsealLockedOut);

        test.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.IsType<LockedOut>(new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli").Error);
        test.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli").IsOk);
    }

    [Fact]
    public void The_duress_passphrase_counts_as_a_wrong_one_and_a_right_one_clears_the_count()
    {
        using var test = TestInstance.Create();
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli");
        Assert.True(new SetDuressPassphrase(test.Instance).Run(test.OwnerOfA, "the police are here now").IsOk);
        new SealVault(test.Instance).Run("cli");

        for (var i = 0; i < 3; i++)
        {
            Assert.IsType<WrongPassphrase>(new UnsealVault(test.Instance).Run($"guess {i}", "cli").Error);
        }

        Assert.True(new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli").IsOk);
        new SealVault(test.Instance).Run("cli");
        for (var i = 0; i < 4; i++)
        {
            Assert.IsType<WrongPassphrase>(new UnsealVault(test.Instance).Run(i == 2 ? "the police are here now" : $"guess {i}", "cli").Error);
        }

        Assert.IsType<LockedOut>(new UnsealVault(test.Instance).Run("guess 5", "cli").Error);
    }

    [Fact]
    public void Wrong_key_holder_shares_count_towards_the_same_lockout()
    {
        using var test = TestInstance.Create();
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli");
        Assert.True(new SplitMasterKey(test.Instance).Run(test.OwnerOfA, 2, ["holder one passphrase", "holder two passphrase", "holder three passphrase"], KdfParameters.Fast).IsOk);
        new SealVault(test.Instance).Run("cli");

        for (var i = 0; i < 4; i++)
        {
            Assert.IsType<WrongPassphrase>(new UnsealWithShares(test.Instance).Run([(1, "holder one passphrase"), (2, $"wrong {i}")], "cli").Error);
        }

        Assert.IsType<LockedOut>(new UnsealVault(test.Instance).Run("guess", "cli").Error);
        Assert.IsType<LockedOut>(new UnsealWithShares(test.Instance).Run([(1, "holder one passphrase"), (2, "holder two passphrase")], "cli").Error);
    }
}
