using System.CommandLine;
using Dalel.Core;
using Dalel.Core.Audit;
using Dalel.Core.Demo;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Transfer;
using Dalel.Core.Vault;

namespace Dalel.Cli;

/// <summary>The vault from the command line: initialise, unseal and seal a running server, change the passphrase.</summary>
internal static class VaultCommands
{
    internal static Command Init()
    {
        var orgName = new Option<string>("--org-name") { Description = "Name of the first organisation", Required = true };
        var login = new Option<string>("--owner-login") { Description = "Sign-in name of its first owner", Required = true };
        var name = new Option<string?>("--owner-name") { Description = "Display name of the owner" };
        var command = new Command("init", "Create a new instance: passphrase ($DALEL_PASSPHRASE or prompt), first organisation and owner ($DALEL_OWNER_PASSWORD or prompt).")
        {
            orgName, login, name,
        };
        command.SetAction(p =>
        {
            using var instance = Commands.Where(p).Open();
            var passphrase = Terminal.Secret("DALEL_PASSPHRASE", "New instance passphrase: ", confirm: true);
            var password = Terminal.Secret("DALEL_OWNER_PASSWORD", "Owner's password: ", confirm: true);
            var ownerLogin = p.GetValue(login)!;
            var done = Terminal.Ok(new InitialiseVault(instance).Run(passphrase, p.GetValue(orgName)!, new FirstOwner(ownerLogin, p.GetValue(name) ?? ownerLogin, password)));
            Console.WriteLine($"Initialised {Commands.Where(p).DataDirectory}");
            Console.WriteLine($"Organisation {done.OrganisationId}");
            return 0;
        });
        return command;
    }

    internal static Command Unseal()
    {
        var command = new Command("unseal", "Unseal the running server on this data directory (passphrase from $DALEL_PASSPHRASE or prompt).");
        command.SetAction(p =>
        {
            var where = Commands.Where(p);
            if (ControlChannel.Send(where.DataDirectory, "status") is null)
            {
                throw new CliFailure($"No Dalel server is running on {where.DataDirectory}; start it with 'dalel serve'.");
            }

            var reply = ControlChannel.Send(where.DataDirectory, "unseal", Terminal.Secret("DALEL_PASSPHRASE", "Passphrase: "));
            return Reply(reply);
        });
        return command;
    }

    internal static Command Seal()
    {
        var command = new Command("seal", "Seal the running server: wipe keys and decrypted cases from its memory.");
        command.SetAction(p =>
        {
            var reply = ControlChannel.Send(Commands.Where(p).DataDirectory, "seal")
                ?? throw new CliFailure($"No Dalel server is running on {Commands.Where(p).DataDirectory}; nothing is unsealed.");
            return Reply(reply);
        });
        return command;
    }

    private static int Reply(string? reply)
    {
        if (reply is null || !reply.StartsWith("ok ", StringComparison.Ordinal))
        {
            throw new CliFailure(reply is null ? "The server did not answer." : reply["error ".Length..]);
        }

        Console.WriteLine($"Dalel is {reply[3..]}.");
        return 0;
    }

    internal static Command Passphrase()
    {
        var change = new Command("change", "Change the instance passphrase (re-wraps the master key; no data is re-encrypted).");
        change.SetAction(p =>
        {
            using var instance = Commands.Where(p).OpenInitialised();
            var current = Terminal.Secret("DALEL_PASSPHRASE", "Current passphrase: ");
            var next = Terminal.Secret("DALEL_NEW_PASSPHRASE", "New passphrase: ", confirm: true);
            Terminal.Ok(new ChangePassphrase(instance).Run(current, next, Actors.Cli));
            Console.WriteLine("Passphrase changed.");
            return 0;
        });
        return new Command("passphrase", "Manage the instance passphrase.") { change };
    }
}
