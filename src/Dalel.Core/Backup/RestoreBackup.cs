using Dalel.Core.Storage;
using Dalel.Core.Vault;
using Microsoft.Data.Sqlite;

namespace Dalel.Core.Backup;

/// <summary>Restores a backup into an empty data directory. The file's key comes from the passphrase the backup was checked against, so a file that opens holds a vault that opens too.</summary>
public static class RestoreBackup
{
    public static Result<Done> Run(string dataDirectory, Stream input, string passphrase)
    {
        var database = Path.Combine(dataDirectory, "dalel.db");
        if (File.Exists(database))
        {
            return Invalid.One("data", "error.restore_not_empty", dataDirectory);
        }

        Storage.PrivateFiles.Directory(dataDirectory);
        var partial = database + ".restoring";
        try
        {
            using (var output = Storage.PrivateFiles.Create(partial))
            {
                if (!BackupFile.TryRead(input, output, passphrase))
                {
                    return Invalid.One("file", "error.restore_unreadable");
                }
            }

            File.Move(partial, database);
            return Done.Value;
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
