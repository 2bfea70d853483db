using Dalel.Core.Members;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Vault;

public sealed class KeyHolderTests : IDisposable
{
    private static readonly string[] Holders = ["first holder passphrase", "second holder passphrase", "third holder passphrase", "fourth holder passphrase", "fifth holder passphrase"];
    private readonly TestInstance _test = TestInstance.Create();

    [Fact]
    public void Shamir_gives_the_secret_back_from_any_k_shares()
    {
        var secret = Enumerable.Range(0, 32).Select(i => (byte)(i * 13)).ToArray();
        var shares = Shamir.Split(secret, 3, 5);

        Assert.Equal(secret, Shamir.Combine([shares[0], shares[2], shares[4]]));
        Assert.Equal(secret, Shamir.Combine([shares[3], shares[1], shares[0]]));
        Assert.NotEqual(secret, Shamir.Combine([shares[0], shares[1]])); // two points fit every degree-2 polynomial
    }

    [Fact]
    public void Any_three_of_five_key_holders_unseal_and_two_cannot()
    {
        Assert.True(new SplitMasterKey(_test.Instance).Run(_test.OwnerOfA, 3, Holders, KdfParameters.Fast).IsOk);
        using var node = _test.OpenNode();

        var two = new UnsealWithShares(node).Run([(1, Holders[0]), (4, Holders[3])], "test");
        Assert.IsType<Invalid>(two.Error);
        var wrong = new UnsealWithShares(node).Run([(1, Holders[0]), (2, Holders[1]), (3, "not the third passphrase")], "test");
        Assert.IsType<WrongPassphrase>(wrong.Error);
        var swapped = new UnsealWithShares(node).Run([(1, Holders[0]), (2, Holders[1]), (3, Holders[3])], "test");
        Assert.IsType<WrongPassphrase>(swapped.Error);
        Assert.True(node.Vault.IsSealed);

        Assert.True(new UnsealWithShares(node).Run([(5, Holders[4]), (2, Holders[1]), (3, Holders[2])], "test").IsOk);
        Assert.False(node.Vault.IsSealed);
        Assert.True(new Dalel.Core.Organisations.ListOrganisations(node).Run().IsOk);
    }

    [Fact]
    public void Splitting_needs_an_owner_an_unsealed_vault_and_sound_numbers()
    {
        Assert.IsType<Forbidden>(new SplitMasterKey(_test.Instance).Run(TestInstance.Scope(_test.OrgA, Role.Documenter), 3, Holders, KdfParameters.Fast).Error);
        Assert.IsType<Invalid>(new SplitMasterKey(_test.Instance).Run(_test.OwnerOfA, 1, Holders, KdfParameters.Fast).Error);
        Assert.IsType<Invalid>(new SplitMasterKey(_test.Instance).Run(_test.OwnerOfA, 6, Holders, KdfParameters.Fast).Error);
        Assert.IsType<Invalid>(new SplitMasterKey(_test.Instance).Run(_test.OwnerOfA, 2, ["short", "also short"], KdfParameters.Fast).Error);
        Assert.IsType<Invalid>(new SplitMasterKey(_test.Instance).Run(_test.OwnerOfA, 2, [Holders[0], Holders[0]], KdfParameters.Fast).Error);
        using var sealedNode = _test.OpenNode();
        Assert.IsType<VaultSealed>(new SplitMasterKey(sealedNode).Run(_test.OwnerOfA, 3, Holders, KdfParameters.Fast).Error);
    }

    [Fact]
    public void The_duress_passphrase_seals_and_answers_like_a_wrong_one()
    {
        Assert.IsType<Invalid>(new SetDuressPassphrase(_test.Instance).Run(_test.OwnerOfA, TestInstance.Passphrase).Error);
        Assert.True(new SetDuressPassphrase(_test.Instance).Run(_test.OwnerOfA, "the police are here now").IsOk);
        Assert.False(_test.Instance.Vault.IsSealed);

        var result = new UnsealVault(_test.Instance).Run("the police are here now", "test");

        Assert.IsType<WrongPassphrase>(result.Error);
        Assert.True(_test.Instance.Vault.IsSealed);
        var log = Dalel.Core.Audit.AuditLog.Read(_test.Instance.Database);
        Assert.Equal(Dalel.Core.Audit.AuditAction.VaultUnsealFailed, log[^1].Action);
        Assert.True(new UnsealVault(_test.Instance).Run(TestInstance.Passphrase, "test").IsOk); // the real one still works
    }

    public void Dispose() => _test.Dispose();
}
