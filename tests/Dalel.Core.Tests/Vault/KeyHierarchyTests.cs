using Dalel.Core.Cases;
using Dalel.Core.Storage;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Vault;

public sealed class KeyHierarchyTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void A_new_node_starts_sealed_and_unseals_only_with_the_passphrase(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        var id = new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid()).Value;
        using var node = test.OpenNode();

        Assert.True(node.Vault.IsSealed);
        Assert.IsType<VaultSealed>(new GetCase(node).Run(test.OwnerOfA, id).Error);
        Assert.IsType<WrongPassphrase>(new UnsealVault(node).Run("not the passphrase", "cli").Error);
        Assert.True(node.Vault.IsSealed);

        Assert.True(new UnsealVault(node).Run(TestInstance.Passphrase, "cli").IsOk);
        Assert.Equal("Police detention in Almaty", new GetCase(node).Run(test.OwnerOfA, id).Value.Record.Title);
    }

    [Fact]
    public void Sealing_drops_keys_and_decrypted_cases()
    {
        using var test = TestInstance.Create();
        var id = new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid()).Value;

        new SealVault(test.Instance).Run("cli");

        Assert.True(test.Instance.Vault.IsSealed);
        Assert.IsType<VaultSealed>(new GetCase(test.Instance).Run(test.OwnerOfA, id).Error);
        Assert.IsType<VaultSealed>(new SearchCases(test.Instance).Run(test.OwnerOfA, new CaseQuery()).Error);
        Assert.IsType<VaultSealed>(new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid()).Error);
    }

    [Fact]
    public void Changing_the_passphrase_rewraps_the_master_key_and_keeps_every_case_readable()
    {
        using var test = TestInstance.Create();
        var id = new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid()).Value;
        var bodyBefore = CaseBody(test, id);

        Assert.IsType<WrongPassphrase>(new ChangePassphrase(test.Instance).Run("wrong", "a brand new passphrase", "cli").Error);
        Assert.IsType<Invalid>(new ChangePassphrase(test.Instance).Run(TestInstance.Passphrase, "short", "cli").Error);
        Assert.True(new ChangePassphrase(test.Instance).Run(TestInstance.Passphrase, "a brand new passphrase", "cli", KdfParameters.Fast).IsOk);

        using var node = test.OpenNode();
        Assert.IsType<WrongPassphrase>(new UnsealVault(node).Run(TestInstance.Passphrase, "cli").Error);
        Assert.True(new UnsealVault(node).Run("a brand new passphrase", "cli").IsOk);
        Assert.Equal("Police detention in Almaty", new GetCase(node).Run(test.OwnerOfA, id).Value.Record.Title);
        Assert.Equal(bodyBefore, CaseBody(test, id));
    }

    [Fact]
    public void A_ciphertext_moved_to_another_organisation_fails_to_open()
    {
        using var test = TestInstance.Create();
        var id = new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid()).Value;
        test.Instance.Database.Write((c, t) => c.Execute(t, "UPDATE cases SET org_id = @b WHERE id = @id", ("b", test.OrgB), ("id", id)));

        using var node = test.OpenNode();
        Assert.Throws<System.Security.Cryptography.CryptographicException>(() => new UnsealVault(node).Run(TestInstance.Passphrase, "cli"));
    }

    [Fact]
    public void Initialising_twice_is_refused()
    {
        using var test = TestInstance.Create();
        var again = new InitialiseVault(test.Instance).Run(TestInstance.Passphrase, "X", new FirstOwner("x.owner", "X", "long-enough-pw"), KdfParameters.Fast);
        Assert.IsType<AlreadyExists>(again.Error);
    }

    private static byte[] CaseBody(TestInstance test, Guid id) =>
        test.Instance.Database.Read(c => c.Query(null, "SELECT body FROM cases WHERE id = @id", r => (byte[])r.GetValue(0), ("id", id)).Single());
}
