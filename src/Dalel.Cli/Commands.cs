using System.CommandLine;
using Dalel.Core;
using Dalel.Core.Audit;
using Dalel.Core.Demo;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Transfer;
using Dalel.Core.Vault;

namespace Dalel.Cli;

/// <summary>Parses arguments and calls Core; nothing here decides a rule.</summary>
internal static class Commands
{
    private static readonly Option<string?> Data = new("--data") { Description = "Data directory (default: $DALEL_DATA, else ./dalel-data)", Recursive = true };
    private static readonly Option<string?> Postgres = new("--postgres") { Description = "PostgreSQL connection string (default: $DALEL_POSTGRES; none: embedded SQLite)", Recursive = true };

    public static RootCommand Build()
    {
        var root = new RootCommand("Dalel: secure evidence platform for coalitions of human-rights organisations.");
        root.Options.Add(Data);
        root.Options.Add(Postgres);
        root.Subcommands.Add(Init());
        root.Subcommands.Add(Serve());
        root.Subcommands.Add(Demo());
        root.Subcommands.Add(Unseal());
        root.Subcommands.Add(Seal());
        root.Subcommands.Add(Passphrase());
        root.Subcommands.Add(Org());
        root.Subcommands.Add(Member());
        root.Subcommands.Add(Export());
        root.Subcommands.Add(Import());
        root.Subcommands.Add(AuditCommand());
        root.Subcommands.Add(StatsCommand.Build(Where));
        root.Subcommands.Add(EstimateCommand.Build());
        root.Subcommands.Add(LinkageCommand.Build(Where));
        root.Subcommands.Add(KeysCommand.Build(Where));
        root.Subcommands.Add(CustodyCommand.Build(Where));
        foreach (var command in BackupCommands.Build(Where))
        {
            root.Subcommands.Add(command);
        }
        foreach (var command in ReportCommands.Build(Where))
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    internal static Location Where(ParseResult p) => new(
        p.GetValue(Data) ?? Environment.GetEnvironmentVariable("DALEL_DATA") ?? Path.Combine(Environment.CurrentDirectory, "dalel-data"),
        p.GetValue(Postgres) ?? Environment.GetEnvironmentVariable("DALEL_POSTGRES"));

    private static Command Init()
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
            using var instance = Where(p).Open();
            var passphrase = Terminal.Secret("DALEL_PASSPHRASE", "New instance passphrase: ", confirm: true);
            var password = Terminal.Secret("DALEL_OWNER_PASSWORD", "Owner's password: ", confirm: true);
            var ownerLogin = p.GetValue(login)!;
            var done = Terminal.Ok(new InitialiseVault(instance).Run(passphrase, p.GetValue(orgName)!, new FirstOwner(ownerLogin, p.GetValue(name) ?? ownerLogin, password)));
            Console.WriteLine($"Initialised {Where(p).DataDirectory}");
            Console.WriteLine($"Organisation {done.OrganisationId}");
            return 0;
        });
        return command;
    }

    private static Option<string> Urls() => new("--urls") { Description = "Where to listen", DefaultValueFactory = _ => "http://127.0.0.1:5080" };

    private static Command Serve()
    {
        var urls = Urls();
        var command = new Command("serve", "Start the web app (sealed; an owner unseals it on the web or with 'dalel unseal').") { urls };
        command.SetAction(p =>
        {
            using (Where(p).OpenInitialised())
            {
            }

            Console.WriteLine($"Dalel is listening on {p.GetValue(urls)} (sealed).");
            Dalel.Web.DalelWebApp.Run(Where(p).Options(), p.GetValue(urls)!);
            return 0;
        });
        return command;
    }

    private static Command Demo()
    {
        var serve = new Option<bool>("--serve") { Description = "Start the web app afterwards" };
        var urls = Urls();
        var command = new Command("demo", "Create a data directory holding the demo coalition (kept if it already exists).") { serve, urls };
        command.SetAction(p =>
        {
            var where = Where(p);
            using (var instance = where.Open())
            {
                if (!instance.IsInitialised)
                {
                    Console.Error.WriteLine($"Creating the demo coalition in {where.DataDirectory} ...");
                    Terminal.Ok(new BuildDemoCoalition(instance).Run(progress: Terminal.Progress("cases recorded")));
                    Terminal.EndProgress();
                }
            }

            PrintDemo(p.GetValue(urls)!);
            if (p.GetValue(serve))
            {
                // Demo owners would otherwise have to set up an authenticator app before seeing anything.
                Dalel.Web.DalelWebApp.Run(where.Options() with { OwnersNeedSecondFactor = false }, p.GetValue(urls)!);
            }

            return 0;
        });
        return command;
    }

    private static void PrintDemo(string urls)
    {
        Console.WriteLine();
        Console.WriteLine($"  Dalel demo coalition at {urls.Split(';')[0]}");
        Console.WriteLine($"  Instance passphrase (to unseal): {BuildDemoCoalition.Passphrase}");
        Console.WriteLine($"  Every demo sign-in has the password: {BuildDemoCoalition.Password}");
        Console.WriteLine("  Sign-ins (organisation key . role):");
        foreach (var org in BuildDemoCoalition.Organisations)
        {
            Console.WriteLine($"    {org.Name,-32} {string.Join("  ", Enum.GetValues<Role>().Select(r => $"{org.Key}.{r.ToString().ToLowerInvariant()}"))}");
        }

        Console.WriteLine("  Sign in as trans.owner, unseal with the passphrase, then open the organisation's cases.");
        Console.WriteLine($"  Public report form (anonymous, works while sealed): {urls.Split(';')[0]}/report/{Dalel.Core.Demo.BuildDemoIntake.Slug}");
        Console.WriteLine("  (The demo lets owners in without a second factor; 'dalel serve' requires one.)");
        Console.WriteLine();
    }

    private static Command Unseal()
    {
        var command = new Command("unseal", "Unseal the running server on this data directory (passphrase from $DALEL_PASSPHRASE or prompt).");
        command.SetAction(p =>
        {
            var where = Where(p);
            if (ControlChannel.Send(where.DataDirectory, "status") is null)
            {
                throw new CliFailure($"No Dalel server is running on {where.DataDirectory}; start it with 'dalel serve'.");
            }

            var reply = ControlChannel.Send(where.DataDirectory, "unseal", Terminal.Secret("DALEL_PASSPHRASE", "Passphrase: "));
            return Reply(reply);
        });
        return command;
    }

    private static Command Seal()
    {
        var command = new Command("seal", "Seal the running server: wipe keys and decrypted cases from its memory.");
        command.SetAction(p =>
        {
            var reply = ControlChannel.Send(Where(p).DataDirectory, "seal")
                ?? throw new CliFailure($"No Dalel server is running on {Where(p).DataDirectory}; nothing is unsealed.");
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

    private static Command Passphrase()
    {
        var change = new Command("change", "Change the instance passphrase (re-wraps the master key; no data is re-encrypted).");
        change.SetAction(p =>
        {
            using var instance = Where(p).OpenInitialised();
            var current = Terminal.Secret("DALEL_PASSPHRASE", "Current passphrase: ");
            var next = Terminal.Secret("DALEL_NEW_PASSPHRASE", "New passphrase: ", confirm: true);
            Terminal.Ok(new ChangePassphrase(instance).Run(current, next, Actors.Cli));
            Console.WriteLine("Passphrase changed.");
            return 0;
        });
        return new Command("passphrase", "Manage the instance passphrase.") { change };
    }

    private static Command Org()
    {
        var name = new Option<string>("--name") { Required = true, Description = "Organisation name" };
        var add = new Command("add", "Add an organisation.") { name };
        add.SetAction(p =>
        {
            using var instance = Where(p).OpenUnsealed();
            var id = Terminal.Ok(new CreateOrganisation(instance).Run(p.GetValue(name)!, Actors.Cli));
            Console.WriteLine(id);
            return 0;
        });
        var list = new Command("list", "List organisations.");
        list.SetAction(p =>
        {
            using var instance = Where(p).OpenUnsealed();
            foreach (var o in Terminal.Ok(new ListOrganisations(instance).Run()))
            {
                Console.WriteLine($"{o.Id}  {o.Name}");
            }

            return 0;
        });
        var shareOrg = new Option<Guid>("--org") { Required = true, Description = "Organisation id" };
        var on = new Argument<string>("on|off") { Description = "Count this organisation's consented cases in coalition statistics, or stop" };
        on.AcceptOnlyFromAmong("on", "off");
        var share = new Command("share", "Opt an organisation in to (or out of) the coalition's anonymous statistics.") { shareOrg, on };
        share.SetAction(p =>
        {
            using var instance = Where(p).OpenUnsealed();
            Terminal.Ok(new SetCoalitionSharing(instance).Run(OrgScope.Cli(p.GetValue(shareOrg)), p.GetValue(on) == "on"));
            Console.WriteLine(p.GetValue(on) == "on" ? "Shares anonymous statistics with the coalition." : "No longer shares statistics with the coalition.");
            return 0;
        });
        return new Command("org", "Manage organisations.") { add, list, share };
    }

    private static Command Member()
    {
        Option<Guid> Org() => new("--org") { Required = true, Description = "Organisation id" };
        var login = new Option<string>("--login") { Required = true, Description = "Sign-in name" };
        var name = new Option<string?>("--name") { Description = "Display name" };
        var role = new Option<Role>("--role") { Required = true, Description = "owner, documenter, analyst or viewer" };
        var addOrg = Org();
        var add = new Command("add", "Add a member (password from $DALEL_MEMBER_PASSWORD or prompt); an existing sign-in name joins this organisation too.") { addOrg, login, name, role };
        add.SetAction(p =>
        {
            using var instance = Where(p).OpenUnsealed();
            var password = Terminal.Secret("DALEL_MEMBER_PASSWORD", "Member's password (empty if the sign-in exists): ");
            var id = Terminal.Ok(new AddMember(instance).Run(OrgScope.Cli(p.GetValue(addOrg)), p.GetValue(login)!, p.GetValue(name) ?? p.GetValue(login)!,
                password.Length == 0 ? null : password, p.GetValue(role), joinExisting: true));
            Console.WriteLine(id);
            return 0;
        });
        var listOrg = Org();
        var list = new Command("list", "List members of an organisation.") { listOrg };
        list.SetAction(p =>
        {
            using var instance = Where(p).OpenUnsealed();
            foreach (var m in Terminal.Ok(new ListMembers(instance).Run(OrgScope.Cli(p.GetValue(listOrg)))))
            {
                Console.WriteLine($"{m.Id}  {m.Role,-10}  {m.Login}  ({m.DisplayName})");
            }

            return 0;
        });
        var removeOrg = Org();
        var removeLogin = new Option<string>("--login") { Required = true, Description = "Sign-in name" };
        var remove = new Command("remove", "Remove a member from an organisation.") { removeOrg, removeLogin };
        remove.SetAction(p =>
        {
            using var instance = Where(p).OpenUnsealed();
            var scope = OrgScope.Cli(p.GetValue(removeOrg));
            var member = Terminal.Ok(new ListMembers(instance).Run(scope))
                .FirstOrDefault(m => string.Equals(m.Login, p.GetValue(removeLogin)!.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw new CliFailure("No member with that sign-in name in this organisation.");
            Terminal.Ok(new ChangeMembership(instance).Remove(scope, member.Id));
            Console.WriteLine($"Removed {member.Login}.");
            return 0;
        });
        return new Command("member", "Manage members.") { add, list, remove };
    }

    private static Command Export()
    {
        var output = new Option<FileInfo>("--out") { Required = true, Description = "JSON Lines file to write (plaintext: keep it safe)" };
        var org = new Option<Guid?>("--org") { Description = "Only this organisation" };
        var cases = new Command("cases", "Export every case, decrypted and complete, as JSON Lines.") { output, org };
        cases.SetAction(p =>
        {
            using var instance = Where(p).OpenUnsealed();
            var scopes = p.GetValue(org) is { } one
                ? [OrgScope.Cli(one)]
                : Terminal.Ok(new ListOrganisations(instance).Run()).Select(o => OrgScope.Cli(o.Id)).ToList();
            var file = p.GetValue(output)!;
            if (p.GetValue(org) is { } id && Terminal.Ok(new ListOrganisations(instance).Run()).All(o => o.Id != id))
            {
                throw new CliFailure($"No organisation {id}.");
            }

            using var writer = new StreamWriter(file.FullName, append: false, new System.Text.UTF8Encoding(false));
            var count = Terminal.Ok(new ExportCases(instance).Run(scopes, writer, Terminal.Progress("cases exported")));
            Terminal.EndProgress();
            Console.Error.WriteLine($"Exported {count} cases to {file.FullName}. This file is NOT encrypted.");
            return 0;
        });
        var deidentifiedOut = new Option<FileInfo>("--out") { Required = true, Description = "CSV file to write" };
        var deidentifiedScope = new Option<string>("--scope") { Description = "org:ID (the coalition has no case-level file)", Required = true };
        var deidentified = new Command("deidentified", "Export coded fields of an organisation's consented cases as 3-anonymous CSV: no narratives, names, contacts or case ids.") { deidentifiedOut, deidentifiedScope };
        deidentified.SetAction(p =>
        {
            using var instance = Where(p).OpenUnsealed();
            var organisations = Terminal.Ok(new ListOrganisations(instance).Run());
            var (reader, scope) = StatsCommand.Scope(p.GetValue(deidentifiedScope)!, organisations);
            if (scope is Dalel.Core.Statistics.StatisticsScope.Coalition)
            {
                Console.Error.WriteLine(Dalel.Core.Text.Texts.Get("stats.deidentified_coalition", "en"));
                return 1;
            }

            using var writer = new StreamWriter(p.GetValue(deidentifiedOut)!.FullName, append: false, new System.Text.UTF8Encoding(false));
            var written = Terminal.Ok(new Dalel.Core.Statistics.ExportDeidentified(instance).Run(reader, scope, writer, Terminal.Progress("cases written")));
            Terminal.EndProgress();
            Console.Error.WriteLine($"Wrote {written.Rows} de-identified cases to {p.GetValue(deidentifiedOut)!.FullName}. Left out: {written.LeftOutForConsent} "
                + $"without every victim's consent to anonymous statistics, {written.WithheldForAnonymity} in groups of fewer than {Dalel.Core.Statistics.ExportDeidentified.K} (coarsening level {written.Level}).");
            return 0;
        });
        return new Command("export", "Export data.") { cases, deidentified };
    }

    private static Command Import()
    {
        var input = new Argument<FileInfo>("file") { Description = "JSON Lines file written by 'dalel export cases'" };
        var org = new Option<Guid?>("--org") { Description = "Import every case into this organisation" };
        var cases = new Command("cases", "Import cases; a bad line is reported with its number and nothing is imported.") { input, org };
        cases.SetAction(p =>
        {
            var file = p.GetValue(input)!;
            if (!file.Exists)
            {
                throw new CliFailure($"No file {file.FullName}.");
            }

            using var instance = Where(p).OpenUnsealed();
            using var reader = new StreamReader(file.FullName);
            var summary = Terminal.Ok(new ImportCases(instance).Run(reader, Actors.Cli, p.GetValue(org), Terminal.Progress("cases imported")));
            Terminal.EndProgress();
            Console.WriteLine($"Imported {summary.Created} new cases, replaced {summary.Replaced}.");
            return 0;
        });
        return new Command("import", "Import data.") { cases };
    }

    private static Command AuditCommand()
    {
        var anchors = new Option<string[]>("--anchor") { Description = "A head printed by an earlier run (seq:hash), kept outside Dalel: it must still be in the chain", AllowMultipleArgumentsPerToken = true };
        var verify = new Command("verify", "Check the audit log's hash chain; report the first changed, removed or reordered entry, and print the head to keep elsewhere.") { anchors };
        verify.SetAction(p =>
        {
            using var instance = Where(p).OpenInitialised();
            var result = VerifyAuditLog.Of(instance).Run(p.GetValue(anchors) ?? []);
            if (!result.Intact)
            {
                throw new CliFailure($"Audit log broken at entry {result.FirstBadSeq}: {result.Problem}.");
            }

            Console.WriteLine($"Audit log intact: {result.EntriesChecked} entries.");
            if (result.Head is { } head)
            {
                Console.WriteLine($"Head: {head}   (keep it outside Dalel; later: dalel audit verify --anchor {head})");
            }

            return 0;
        });
        return new Command("audit", "Audit log.") { verify };
    }
}
