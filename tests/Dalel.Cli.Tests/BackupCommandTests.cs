namespace Dalel.Cli.Tests;

public sealed class BackupCommandTests
{
    [Fact]
    public void Backup_then_restore_into_an_empty_directory_gives_the_same_instance_and_never_overwrites()
    {
        using var dalel = new DalelProcess();
        dalel.Init();
        var file = Path.Combine(dalel.Data, "..", Guid.NewGuid().ToString("N") + ".dalel-backup");
        var restored = Path.Combine(dalel.Data, "..", Guid.NewGuid().ToString("N"));
        try
        {
            dalel.Ok("backup", "--out", file);
            dalel.Ok("restore", file, "--data", restored);
            var again = dalel.Dalel("restore", file, "--data", restored);
            Assert.Equal(1, again.Exit);
            Assert.Contains("already holds a Dalel database", again.Err, StringComparison.Ordinal);
            Assert.Equal(dalel.Ok("org", "list").Out, dalel.Ok("--data", restored, "org", "list").Out);
        }
        finally
        {
            File.Delete(file);
            if (Directory.Exists(restored))
            {
                Directory.Delete(restored, recursive: true);
            }
        }
    }
}
