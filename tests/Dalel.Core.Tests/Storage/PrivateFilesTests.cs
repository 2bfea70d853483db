using Dalel.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Dalel.Core.Tests.Storage;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateFilesTests
{
    [Fact]
    public void A_new_data_directory_is_the_owners_alone_from_the_first_byte_and_nothing_is_reported()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        var directory = Path.Combine(Path.GetTempPath(), "dalel-tests", Guid.NewGuid().ToString("N"));
        try
        {
            using (var instance = DalelInstance.Open(new DalelOptions { DataDirectory = directory }, new FakeTimeProvider()))
            {
                Assert.Empty(instance.Tightened);
                var database = Path.Combine(directory, "dalel.db");
                Assert.True(new FileInfo(database).Length > 0, "the migrations wrote to it");
                Assert.All(new[] { database, database + "-wal", database + "-shm" }.Where(File.Exists),
                    f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Opening_a_data_directory_others_can_read_makes_it_and_its_database_the_owners_alone()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        var directory = Path.Combine(Path.GetTempPath(), "dalel-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        try
        {
            using (var first = DalelInstance.Open(new DalelOptions { DataDirectory = directory }, new FakeTimeProvider()))
            {
                Assert.Contains(directory, first.Tightened);
            }

            var database = Path.Combine(directory, "dalel.db");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(database) & ~UnixFileMode.None);

            File.SetUnixFileMode(database, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            using (var second = DalelInstance.Open(new DalelOptions { DataDirectory = directory }, new FakeTimeProvider()))
            {
                // The journal files (-wal, -shm) take the database file's mode when SQLite makes them again, which it
                // does when every pooled connection of the first opening has closed (other tests clear pools at any
                // moment): they are tightened too then. Nothing else is.
                Assert.Contains(database, second.Tightened);
                Assert.All(second.Tightened, f => Assert.Contains(f, new[] { database, database + "-wal", database + "-shm" }));
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(database));
            var export = Path.Combine(directory, "export.jsonl");
            File.WriteAllText(export, "old");
            File.SetUnixFileMode(export, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
            PrivateFiles.Write(export, "plaintext"u8);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(export));
            Assert.Equal("plaintext", File.ReadAllText(export));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
