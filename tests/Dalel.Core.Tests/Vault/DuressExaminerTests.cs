using Dalel.Core.Audit;
using Dalel.Core.Storage;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Vault;

/// <summary>
/// An examiner holds a copy of the data directory and the passphrase a coerced person gave (issue 13, finding 4).
/// The property chosen: the copy must not show whether a duress passphrase exists, nor let the examiner check whether
/// the passphrase given is it. (What it still shows: that the slot was written, when, by whom.)
/// </summary>
public sealed class DuressExaminerTests
{
    private const string Duress = "the police are here now";

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void A_copy_with_a_duress_passphrase_looks_like_a_copy_without_one(Provider provider)
    {
        using var with = TestInstance.Create(provider);
        using var without = TestInstance.Create(provider);
        new UnsealVault(with.Instance).Run(TestInstance.Passphrase, "cli");
        Assert.True(new SetDuressPassphrase(with.Instance).Run(with.OwnerOfA, Duress).IsOk);
        new UnsealVault(without.Instance).Run(TestInstance.Passphrase, "cli");
        Assert.True(new SetDuressPassphrase(without.Instance).Run(without.OwnerOfA, null).IsOk);
        new SealVault(with.Instance).Run("cli");
        new SealVault(without.Instance).Run("cli");

        // Every table's row count and every binary column's length are the same in both copies; no plain verifier is left.
        Assert.Equal(Shape(without.Instance), Shape(with.Instance));
        Assert.Equal(0, with.Instance.Database.Read(c => c.Scalar<long>(null, "SELECT COUNT(*) FROM duress")));
        Assert.Equal(
            AuditLog.Read(without.Instance.Database).Select(e => e.Action),
            AuditLog.Read(with.Instance.Database).Select(e => e.Action));

        // The examiner tries the given passphrase with everything the copy holds in reach of a passphrase: the slot
        // does not open with anything derived from it, and the vault answers a wrong passphrase.
        var header = VaultHeader.Read(with.Instance.Database)!;
        var slot = with.Instance.Database.Read(c => c.Query(null, "SELECT sealed FROM duress_slot", r => r.GetBytes("sealed")!).Single());
        var salts = new[] { header.Salt, header.LoginSalt, new byte[16] };
        Assert.DoesNotContain(salts, salt => Aead.TryOpen(header.Kdf.Derive(Duress, salt), slot, DuressSlot.Aad, out _));
        Assert.Null(header.TryUnwrapMaster(Duress));
        Assert.IsType<WrongPassphrase>(new UnsealVault(with.Instance).Run(Duress, "examiner").Error);
        Assert.True(new UnsealVault(with.Instance).Run(TestInstance.Passphrase, "cli").IsOk);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void A_duress_verifier_stored_in_plain_by_an_earlier_version_moves_into_the_slot_at_unsealing(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        var header = VaultHeader.Read(test.Instance.Database)!;
        test.Instance.Database.Write((c, t) =>
        {
            var salt = new byte[16];
            c.Execute(t, "INSERT INTO duress (id, kdf_salt, verifier) VALUES (1, @s, @v)", ("s", salt), ("v", header.Kdf.Derive(Duress, salt)));
            return 0;
        });
        new SealVault(test.Instance).Run("cli");
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli");

        Assert.Equal(0, test.Instance.Database.Read(c => c.Scalar<long>(null, "SELECT COUNT(*) FROM duress")));
        Assert.IsType<WrongPassphrase>(new UnsealVault(test.Instance).Run(Duress, "coerced").Error);
        Assert.True(test.Instance.Vault.IsSealed);
    }

    [Fact]
    public void Key_rotation_keeps_the_duress_passphrase_working()
    {
        using var test = TestInstance.Create();
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli");
        Assert.True(new SetDuressPassphrase(test.Instance).Run(test.OwnerOfA, Duress).IsOk);
        new SealVault(test.Instance).Run("cli");
        Assert.True(new RotateKeys(test.Instance).Run(TestInstance.Passphrase, "cli").IsOk);
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli");

        Assert.IsType<WrongPassphrase>(new UnsealVault(test.Instance).Run(Duress, "coerced").Error);
        Assert.True(test.Instance.Vault.IsSealed);
    }

    private static List<string> Shape(DalelInstance instance) => instance.Database.Read(c =>
    {
        var shape = new List<string>();
        foreach (var (table, column) in SealedColumns.UnderInstanceKeys.Select(s => (s.Table, s.Column)).Concat(SealedColumns.Exempt.Select(e => (e.Table, e.Column))).Where(t => t.Item1 is "duress" or "duress_slot" or "vault"))
        {
            shape.Add($"{table}.{column}: " + string.Join(",", c.Query(null, $"SELECT {column} FROM {table}", r => r.GetBytes(column)?.Length ?? -1)));
        }

        return shape;
    });
}
