using System.CommandLine;
using Dalel.Core;
using Dalel.Core.Audit;
using Dalel.Core.Demo;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Transfer;
using Dalel.Core.Vault;

namespace Dalel.Cli;

/// <summary>Export and import of cases (plaintext JSON Lines) and the de-identified file.</summary>
internal static class TransferCommands
{
    internal static Command Export()
    {
        var output = new Option<FileInfo>("--out") { Required = true, Description = "JSON Lines file to write (plaintext: keep it safe)" };
        var org = new Option<Guid?>("--org") { Description = "Only this organisation" };
        var cases = new Command("cases", "Export every case, decrypted and complete, as JSON Lines.") { output, org };
        cases.SetAction(p =>
        {
            using var instance = Commands.Where(p).OpenUnsealed();
            var scopes = p.GetValue(org) is { } one
                ? [OrgScope.Cli(one)]
                : Terminal.Ok(new ListOrganisations(instance).Run()).Select(o => OrgScope.Cli(o.Id)).ToList();
            var file = p.GetValue(output)!;
            if (p.GetValue(org) is { } id && Terminal.Ok(new ListOrganisations(instance).Run()).All(o => o.Id != id))
            {
                throw new CliFailure($"No organisation {id}.");
            }

            using var writer = new StreamWriter(Dalel.Core.Storage.PrivateFiles.Create(file.FullName), new System.Text.UTF8Encoding(false));
            var count = Terminal.Ok(new ExportCases(instance).Run(scopes, writer, Terminal.Progress("cases exported")));
            Terminal.EndProgress();
            Console.Error.WriteLine($"Exported {count} cases to {file.FullName}. This file is NOT encrypted.");
            return 0;
        });
        var deidentifiedOut = new Option<FileInfo>("--out") { Required = true, Description = "File to write: CSV, or a spreadsheet if it ends in .xlsx" };
        var deidentifiedScope = new Option<string>("--scope") { Description = "org:ID (the coalition has no case-level file)", Required = true };
        var deidentified = new Command("deidentified", "Export coded fields of an organisation's consented cases as 3-anonymous CSV or XLSX: no narratives, names, contacts or case ids.") { deidentifiedOut, deidentifiedScope };
        deidentified.SetAction(p =>
        {
            using var instance = Commands.Where(p).OpenUnsealed();
            var organisations = Terminal.Ok(new ListOrganisations(instance).Run());
            var (reader, scope) = StatisticsCommands.Scope(p.GetValue(deidentifiedScope)!, organisations);
            if (scope is Dalel.Core.Statistics.StatisticsScope.Coalition)
            {
                Console.Error.WriteLine(Dalel.Core.Text.Texts.Get("stats.deidentified_coalition", "en"));
                return 1;
            }

            var path = p.GetValue(deidentifiedOut)!.FullName;
            using var file = Dalel.Core.Storage.PrivateFiles.Create(path);
            using var writer = new StreamWriter(file, new System.Text.UTF8Encoding(false));
            var export = new Dalel.Core.Statistics.ExportDeidentified(instance);
            var written = Terminal.Ok(path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)
                ? export.RunXlsx(reader, scope, file, Terminal.Progress("cases written"))
                : export.Run(reader, scope, writer, Terminal.Progress("cases written")));
            Terminal.EndProgress();
            Console.Error.WriteLine($"Wrote {written.Rows} de-identified cases to {p.GetValue(deidentifiedOut)!.FullName}. Left out: {written.LeftOutForConsent} "
                + $"without every victim's consent to anonymous statistics, {written.WithheldForAnonymity} in groups of fewer than {Dalel.Core.Statistics.ExportDeidentified.K} (coarsening level {written.Level}).");
            return 0;
        });
        return new Command("export", "Export data.") { cases, deidentified, SheetCommands.Export() };
    }

    internal static Command Import()
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

            if (LooksLikeSheet(file.FullName))
            {
                throw new CliFailure($"{file.Name} is a spreadsheet, not a Dalel export. Import it with: dalel import sheet {file.Name} --org ID (see docs/import.md).");
            }

            using var instance = Commands.Where(p).OpenUnsealed();
            using var reader = new StreamReader(file.FullName);
            var summary = Terminal.Ok(new ImportCases(instance).Run(reader, Actors.Cli, p.GetValue(org), Terminal.Progress("cases imported")));
            Terminal.EndProgress();
            Console.WriteLine($"Imported {summary.Created} new cases, replaced {summary.Replaced}.");
            return 0;
        });
        return new Command("import", "Import data.") { cases, SheetCommands.Import(), SheetCommands.Template() };
    }

    /// <summary>An XLSX (a ZIP) or a text file whose first line is not a JSON object: what a documenter tries first.</summary>
    private static bool LooksLikeSheet(string path)
    {
        using var stream = File.OpenRead(path);
        var start = new byte[4];
        var read = stream.ReadAtLeast(start, 4, throwOnEndOfStream: false);
        if (read == 4 && start[0] == (byte)'P' && start[1] == (byte)'K')
        {
            return true;
        }

        stream.Position = 0;
        using var reader = new StreamReader(stream);
        var first = reader.ReadLine()?.TrimStart('\uFEFF', ' ');
        return first is { Length: > 0 } && first[0] != '{';
    }
}
