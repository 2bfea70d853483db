using System.CommandLine;
using Dalel.Core.Audit;
using Dalel.Core.Backup;

namespace Dalel.Cli;

/// <summary>dalel backup and dalel restore.</summary>
internal static class BackupCommands
{
    public static IEnumerable<Command> Build(Func<ParseResult, Location> where)
    {
        var output = new Option<FileInfo>("--out") { Required = true, Description = "Backup file to write (encrypted with the instance passphrase)" };
        var backup = new Command("backup", "Write an encrypted, consistent backup of the data directory; safe while the server runs.") { output };
        backup.SetAction(p =>
        {
            using var instance = where(p).OpenInitialised();
            var passphrase = Terminal.Secret("DALEL_PASSPHRASE", "Passphrase: ");
            var file = p.GetValue(output)!;
            var partial = file.FullName + ".partial";
            try
            {
                using (var stream = Dalel.Core.Storage.PrivateFiles.Create(partial))
                {
                    Terminal.Ok(new CreateBackup(instance).Run(passphrase, stream, Actors.Cli));
                }

                File.Move(partial, file.FullName, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }

            Console.Error.WriteLine($"Backup written to {file.FullName} ({file.Length:N0} bytes). Restore with: dalel restore {file.Name} --data EMPTY_DIR");
            return 0;
        });

        var input = new Argument<FileInfo>("file") { Description = "A file written by 'dalel backup'" };
        var restore = new Command("restore", "Restore a backup into an empty data directory (--data); needs the passphrase it was made with.") { input };
        restore.SetAction(p =>
        {
            var file = p.GetValue(input)!;
            if (!file.Exists)
            {
                throw new CliFailure($"No file {file.FullName}.");
            }

            var location = where(p);
            if (location.Postgres is not null)
            {
                throw new CliFailure("Restore works on the embedded database; on PostgreSQL use pg_restore (see docs/operations.md).");
            }

            var passphrase = Terminal.Secret("DALEL_PASSPHRASE", "Passphrase: ");
            using var stream = file.OpenRead();
            Terminal.Ok(RestoreBackup.Run(location.DataDirectory, stream, passphrase));
            Console.WriteLine($"Restored into {location.DataDirectory}. Start it with: dalel serve --data {location.DataDirectory}");
            return 0;
        });
        return [backup, restore];
    }
}
