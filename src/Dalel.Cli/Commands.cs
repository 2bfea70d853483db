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
        root.Subcommands.Add(VaultCommands.Init());
        root.Subcommands.Add(ServeCommands.Serve());
        root.Subcommands.Add(ServeCommands.Demo());
        root.Subcommands.Add(VaultCommands.Unseal());
        root.Subcommands.Add(VaultCommands.Seal());
        root.Subcommands.Add(VaultCommands.Passphrase());
        root.Subcommands.Add(OrganisationCommands.Org());
        root.Subcommands.Add(MemberCommands.Member());
        root.Subcommands.Add(TransferCommands.Export());
        root.Subcommands.Add(TransferCommands.Import());
        root.Subcommands.Add(AuditCommands.AuditCommand());
        root.Subcommands.Add(StatisticsCommands.Build(Where));
        root.Subcommands.Add(EstimationCommands.Build());
        root.Subcommands.Add(LinkageCommands.Build(Where));
        root.Subcommands.Add(KeyCommands.Build(Where));
        root.Subcommands.Add(CustodyCommands.Build(Where));
        foreach (var command in BackupCommands.Build(Where))
        {
            root.Subcommands.Add(command);
        }
        root.Subcommands.Add(SubmissionCommands.Build(Where));
        root.Subcommands.Add(RegisterCommands.Build(Where));
        root.Subcommands.Add(HateCrimeCommands.Build(Where));
        root.Subcommands.Add(TokenCommands.Build());
        return root;
    }

    /// <summary>The passphrase holder acting in an organisation that exists, or a one-line failure.</summary>
    internal static OrgScope InOrganisation(Dalel.Core.DalelInstance instance, Guid org) =>
        Terminal.Ok(new ListOrganisations(instance).Run()).Any(o => o.Id == org) ? OrgScope.Cli(org) : throw new CliFailure($"No organisation {org}.");

    internal static Location Where(ParseResult p) => new(
        p.GetValue(Data) ?? Environment.GetEnvironmentVariable("DALEL_DATA") ?? Path.Combine(Environment.CurrentDirectory, "dalel-data"),
        p.GetValue(Postgres) ?? Environment.GetEnvironmentVariable("DALEL_POSTGRES"));
}
