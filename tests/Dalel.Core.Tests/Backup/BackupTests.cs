using Dalel.Core.Backup;
using Dalel.Core.Cases;
using Dalel.Core.Tests.Support;
using Dalel.Core.Transfer;
using Dalel.Core.Vault;
using Microsoft.Data.Sqlite;

namespace Dalel.Core.Tests.Backup;

public sealed class BackupTests : IDisposable
{
    private readonly TestInstance _test = TestInstance.Create();
    private readonly string _restored = Path.Combine(Path.GetTempPath(), "dalel-tests", Guid.NewGuid().ToString("N"));

    private byte[] Backup(string passphrase = TestInstance.Passphrase)
    {
        using var output = new MemoryStream();
        var result = new CreateBackup(_test.Instance).Run(passphrase, output, "test", KdfParameters.Fast);
        return result.IsOk ? output.ToArray() : throw new InvalidOperationException(result.Error!.GetType().Name);
    }

    private static string Export(DalelInstance instance, Guid org)
    {
        using var writer = new StringWriter();
        new ExportCases(instance).Run([Dalel.Core.Members.OrgScope.Cli(org)], writer);
        return writer.ToString();
    }

    [Fact]
    public void A_backup_taken_while_running_restores_to_an_identical_export_and_holds_no_plaintext()
    {
        var id = new RecordCase(_test.Instance).Run(_test.OwnerOfA, SampleCases.Valid(narrative: "Backup narrative marker")).Value;
        new AttachEvidence(_test.Instance).Run(_test.OwnerOfA, id, "photo.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, .. "evidence bytes"u8]);
        var before = Export(_test.Instance, _test.OrgA);
        Assert.Contains("Backup narrative marker", before, StringComparison.Ordinal);

        var file = Backup();

        Assert.DoesNotContain("Backup narrative marker", System.Text.Encoding.UTF8.GetString(file), StringComparison.Ordinal);
        Assert.DoesNotContain("dalel", System.Text.Encoding.UTF8.GetString(file[24..]), StringComparison.Ordinal); // not even table names
        Assert.True(RestoreBackup.Run(_restored, new MemoryStream(file), TestInstance.Passphrase).IsOk);
        using var restored = DalelInstance.Open(new DalelOptions { DataDirectory = _restored, PasswordKdf = KdfParameters.Fast }, _test.Clock);
        Assert.True(new UnsealVault(restored).Run(TestInstance.Passphrase, "test").IsOk);
        Assert.Equal(before, Export(restored, _test.OrgA));
        Assert.Empty(Directory.GetFiles(_test.Directory, "backup-*.tmp"));
    }

    [Fact]
    public void A_wrong_passphrase_makes_no_backup_and_restores_nothing()
    {
        using var output = new MemoryStream();
        Assert.IsType<WrongPassphrase>(new CreateBackup(_test.Instance).Run("not the passphrase", output, "test", KdfParameters.Fast).Error);
        Assert.Equal(0, output.Length);

        var file = Backup();
        Assert.IsType<Invalid>(RestoreBackup.Run(_restored, new MemoryStream(file), "not the passphrase").Error);
        Assert.False(File.Exists(Path.Combine(_restored, "dalel.db")));
    }

    [Fact]
    public void A_changed_or_truncated_file_is_refused_and_a_used_directory_is_not_overwritten()
    {
        var file = Backup();
        var changed = (byte[])file.Clone();
        changed[^40] ^= 1;
        Assert.IsType<Invalid>(RestoreBackup.Run(_restored, new MemoryStream(changed), TestInstance.Passphrase).Error);
        Assert.IsType<Invalid>(RestoreBackup.Run(_restored, new MemoryStream(file[..^100]), TestInstance.Passphrase).Error);
        Assert.IsType<Invalid>(RestoreBackup.Run(_test.Directory, new MemoryStream(file), TestInstance.Passphrase).Error);
    }

    public void Dispose()
    {
        _test.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_restored))
        {
            Directory.Delete(_restored, recursive: true);
        }
    }
}
