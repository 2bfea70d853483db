using Dalel.Core;
using Dalel.Core.Vault;

namespace Dalel.Cli;

/// <summary>Where the data lives: --data or DALEL_DATA, and --postgres or DALEL_POSTGRES.</summary>
internal sealed record Location(string DataDirectory, string? Postgres)
{
    public DalelOptions Options(KdfParameters? passwordKdf = null) => new()
    {
        DataDirectory = DataDirectory,
        PostgresConnectionString = Postgres,
        PasswordKdf = passwordKdf ?? KdfParameters.Password,
    };

    public DalelInstance Open()
    {
        var instance = DalelInstance.Open(Options(), TimeProvider.System);
        foreach (var path in instance.Tightened)
        {
            Console.Error.WriteLine($"Made {path} readable by its owner only: it was readable by other users of this machine.");
        }

        return instance;
    }

    /// <summary>Opens an initialised instance and unseals it in this process with the key holder's passphrase.</summary>
    public DalelInstance OpenUnsealed()
    {
        var instance = OpenInitialised();
        var passphrase = Terminal.Secret("DALEL_PASSPHRASE", "Passphrase: ");
        Terminal.Ok(new UnsealVault(instance).Run(passphrase, Dalel.Core.Audit.Actors.Cli));
        return instance;
    }

    public DalelInstance OpenInitialised()
    {
        var instance = Open();
        if (!instance.IsInitialised)
        {
            instance.Dispose();
            throw new CliFailure($"No Dalel instance in {DataDirectory}: run 'dalel init' or 'dalel demo' first.");
        }

        return instance;
    }
}
