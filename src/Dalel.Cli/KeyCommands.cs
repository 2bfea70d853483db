using System.CommandLine;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Vault;

namespace Dalel.Cli;

/// <summary>dalel keys split | duress: key holders and the duress passphrase.</summary>
internal static class KeyCommands
{
    public static Command Build(Func<ParseResult, Location> where)
    {
        var threshold = new Option<int>("--threshold") { Required = true, Description = "How many key holders must come together to unseal" };
        var holders = new Option<int>("--holders") { Required = true, Description = "How many key holders there are (each types a passphrase, or $DALEL_HOLDER_PASSPHRASES holds them one per line)" };
        var split = new Command("split", "Split the master key among key holders (Shamir): any THRESHOLD of HOLDERS unseal. Replaces an earlier split.") { threshold, holders };
        split.SetAction(p =>
        {
            using var instance = where(p).OpenUnsealed();
            var count = p.GetValue(holders);
            var passphrases = Environment.GetEnvironmentVariable("DALEL_HOLDER_PASSPHRASES") is { Length: > 0 } all
                ? all.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList()
                : Enumerable.Range(1, count).Select(i => Terminal.Secret($"DALEL_HOLDER_{i}", $"Passphrase of key holder {i}: ", confirm: true)).ToList();
            if (passphrases.Count != count)
            {
                throw new CliFailure($"Expected {count} key holder passphrases, got {passphrases.Count}.");
            }

            var owner = OrgScope.Cli(Terminal.Ok(new ListOrganisations(instance).Run())[0].Id);
            Terminal.Ok(new SplitMasterKey(instance).Run(owner, p.GetValue(threshold), passphrases));
            Console.WriteLine($"The master key is split: any {p.GetValue(threshold)} of {count} key holders unseal together (share numbers 1–{count}). The instance passphrase still works.");
            return 0;
        });

        var clear = new Option<bool>("--clear") { Description = "Remove the duress passphrase (the slot is refilled with random bytes, as on every instance)" };
        var duress = new Command("duress", "Set a duress passphrase: typed at the unseal prompt of a running, unsealed server, it seals it and looks like a wrong passphrase; the data shows no trace of it ($DALEL_DURESS_PASSPHRASE or prompt).") { clear };
        duress.SetAction(p =>
        {
            using var instance = where(p).OpenUnsealed();
            var passphrase = p.GetValue(clear) ? null : Terminal.Secret("DALEL_DURESS_PASSPHRASE", "Duress passphrase: ", confirm: true);
            var owner = OrgScope.Cli(Terminal.Ok(new ListOrganisations(instance).Run())[0].Id);
            Terminal.Ok(new SetDuressPassphrase(instance).Run(owner, passphrase));
            Console.WriteLine(passphrase is null ? "Duress passphrase removed." : "Duress passphrase set.");
            return 0;
        });
        var rotate = new Command("rotate", "Replace the master key and every organisation's data key, re-sealing all data; run with the server stopped. Key holders must split again.");
        rotate.SetAction(p =>
        {
            var location = where(p);
            if (ControlChannel.Send(location.DataDirectory, "status") is not null)
            {
                throw new CliFailure("A Dalel server is running on this data directory: stop it first (its keys in memory would be the old ones).");
            }

            using var instance = location.OpenInitialised();
            var report = Terminal.Ok(new RotateKeys(instance).Run(Terminal.Secret("DALEL_PASSPHRASE", "Passphrase: "), Actors.Cli));
            Console.WriteLine($"New keys for {report.Organisations} organisations; {report.Records} sealed records re-sealed. The passphrase is unchanged.");
            Console.WriteLine("Earlier key holder shares no longer work: split the key again with 'dalel keys split'. Backups made before now still open with the old keys.");
            return 0;
        });
        return new Command("keys", "Key holders (k-of-n unseal), the duress passphrase and key rotation.") { split, duress, rotate };
    }
}
