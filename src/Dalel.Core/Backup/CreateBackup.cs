using Dalel.Core.Audit;
using Dalel.Core.Storage;
using Dalel.Core.Vault;
using Microsoft.Data.Sqlite;

namespace Dalel.Core.Backup;

/// <summary>
/// A consistent copy of the whole data directory's database, taken while the server runs (SQLite's online backup),
/// encrypted as a whole under the instance passphrase — the copy's plain columns (ids, counts, times) are not left
/// readable either. The passphrase is checked against the vault first, so a typo cannot make an unrestorable backup.
/// </summary>
public sealed class CreateBackup(DalelInstance instance)
{
    public Result<Done> Run(string passphrase, Stream output, string actor, KdfParameters? kdf = null)
    {
        if (instance.Database.Provider != Provider.Sqlite)
        {
            return Invalid.One("database", "error.backup_postgres");
        }

        var header = VaultHeader.Read(instance.Database);
        if (header is null)
        {
            return new NotFound();
        }

        if (header.TryUnwrapMaster(passphrase) is not { } master)
        {
            return new WrongPassphrase();
        }

        System.Security.Cryptography.CryptographicOperations.ZeroMemory(master);
        AuditLog.AppendAlone(instance.Database, instance.Clock, actor, AuditAction.BackupCreated);

        // The snapshot goes to a file in the data directory (never the system temp directory), is encrypted, then deleted.
        var snapshot = Path.Combine(instance.Options.DataDirectory, $"backup-{Guid.NewGuid():N}.tmp");
        try
        {
            using (var source = (SqliteConnection)instance.Database.Open())
            using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = snapshot, Pooling = false }.ToString()))
            {
                target.Open();
                source.BackupDatabase(target);
            }

            using var plaintext = File.OpenRead(snapshot);
            BackupFile.Write(plaintext, output, passphrase, kdf ?? KdfParameters.Passphrase);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(snapshot);
        }

        return Done.Value;
    }
}
