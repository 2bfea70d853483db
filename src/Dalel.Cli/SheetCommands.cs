using System.CommandLine;
using System.Security.Cryptography;
using Dalel.Core;
using Dalel.Core.Import;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Storage;
using Dalel.Core.Text;

namespace Dalel.Cli;

/// <summary>
/// Spreadsheets: import with a saved profile or a mapping file (never on guesses alone), a dry run, the template, and
/// the organisation's cases as a sheet. Without --map or --profile the suggested mapping is shown, and can be written
/// to a file (--write-map) to check, edit and pass back with --map.
/// </summary>
internal static class SheetCommands
{
    private static Option<string> Language() => new("--lang") { Description = "Language of headers, values and messages: en, ru or kk", DefaultValueFactory = _ => "en" };

    internal static Command Import()
    {
        var where = Commands.Where;
        var file = new Argument<FileInfo>("file") { Description = "XLSX or CSV (any common encoding and delimiter)" };
        var org = new Option<Guid>("--org") { Required = true, Description = "Organisation to import into" };
        var profile = new Option<string?>("--profile") { Description = "Use the mapping saved under this name" };
        var map = new Option<FileInfo?>("--map") { Description = "Use the mapping in this JSON file (see --write-map)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every row and report; import nothing" };
        var writeMap = new Option<FileInfo?>("--write-map") { Description = "Write the mapping (suggested, or the one given with suggestions for values it lacks) to this file to check and edit; imports nothing" };
        var saveProfile = new Option<string?>("--save-profile") { Description = "Save the mapping used under this name for next time" };
        var perVictim = new Option<bool>("--row-per-victim") { Description = "With a suggested mapping: each row is a victim, rows with the same reference one case" };
        var consentMethod = new Option<string?>("--consent-method") { Description = "With a suggested mapping: how the sheet's consent was obtained (written, verbal, electronic, representative)" };
        var language = Language();
        var command = new Command("sheet", "Import cases from a spreadsheet: every problem is reported with its row and column, and then all rows are imported or none.")
        {
            file, org, profile, map, dryRun, writeMap, saveProfile, perVictim, consentMethod, language,
        };
        command.SetAction(p =>
        {
            var path = p.GetValue(file)!;
            var lang = p.GetValue(language)!;
            var sheet = Terminal.Ok(Sheet.Open(path.FullName));
            using var instance = where(p).OpenUnsealed();
            var scope = Commands.InOrganisation(instance, p.GetValue(org));
            Console.Error.WriteLine($"{path.Name}: {sheet.Description}, {sheet.Header.Count} columns.");

            ImportMapping mapping;
            var chosen = p.GetValue(map) is not null || p.GetValue(profile) is not null;
            if (p.GetValue(map) is { } mapFile)
            {
                mapping = Terminal.Ok(ImportMapping.FromJson(File.Exists(mapFile.FullName) ? File.ReadAllText(mapFile.FullName) : throw new CliFailure($"No file {mapFile.FullName}.")));
            }
            else if (p.GetValue(profile) is { } name)
            {
                mapping = Terminal.Ok(new ListImportProfiles(instance).Find(scope, name)).Mapping.ForSheet(sheet.Header);
            }
            else
            {
                var columns = SuggestMapping.Columns(sheet.Header).Where(c => c.Field is not null).Select(c => new MappedColumn(c.Column, c.Field!)).ToList();
                var states = new Dalel.Core.Organisations.ListOrganisations(instance).CountriesOf(scope.OrganisationId);
                mapping = new ImportMapping
                {
                    Columns = columns, RowPerVictim = p.GetValue(perVictim) || SuggestMapping.IsLayout(sheet.Header), ConsentMethod = p.GetValue(consentMethod), Language = lang,
                    Country = states[0], AlsoCountries = states,
                };
                mapping = SuggestMapping.WithSuggestions(mapping, SuggestMapping.Values(sheet, mapping, instance.Catalog));
            }

            if (p.GetValue(writeMap) is not null && chosen)
            {
                // Writing a mapping to check: values the given one has not seen yet get their suggestions, never
                // replacing a choice made.
                var suggested = SuggestMapping.WithSuggestions(mapping, SuggestMapping.Values(sheet, mapping with { Values = new Dictionary<string, IReadOnlyDictionary<string, string>>() }, instance.Catalog));
                mapping = mapping with
                {
                    Values = suggested.Values.ToDictionary(
                        f => f.Key,
                        f => (IReadOnlyDictionary<string, string>)f.Value.Where(v => mapping.CodeFor(f.Key, v.Key) is null)
                            .Concat(mapping.Values.GetValueOrDefault(f.Key) ?? new Dictionary<string, string>())
                            .ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase)),
                };
            }

            Show(sheet, mapping, instance, lang);
            if (p.GetValue(writeMap) is { } output)
            {
                using (var writer = new StreamWriter(PrivateFiles.Create(output.FullName)))
                {
                    writer.Write(mapping.ToJson());
                }

                Console.Error.WriteLine($"Wrote the mapping to {output.FullName}. Check it, then: dalel import sheet {path.Name} --org {scope.OrganisationId} --map {output.Name}");
            }

            // A mapping written to be checked is not used yet.
            var dry = p.GetValue(dryRun) || !chosen || p.GetValue(writeMap) is not null;
            var report = dry
                ? new ImportSheet(instance).DryRun(scope, sheet, mapping)
                : new ImportSheet(instance).Run(scope, sheet, mapping, Sha256(path.FullName), p.GetValue(profile));
            var shown = report.IsOk ? report.Value : report.Error is ImportRejected rejected ? rejected.Report : Terminal.Ok(report);
            Print(shown, dry || !report.IsOk, lang);
            if (!chosen && !p.GetValue(dryRun))
            {
                Console.Error.WriteLine("Nothing imported: a sheet is imported with a mapping you have checked (--map FILE, or --profile NAME). Use --write-map to start from the suggestions.");
                return shown.ProblemCount == 0 ? 2 : 1;
            }

            if (shown.ProblemCount > 0)
            {
                Console.Error.WriteLine(Texts.Get("error.import_rejected", lang, shown.ProblemCount));
                return 1;
            }

            if (p.GetValue(saveProfile) is { } saveAs)
            {
                Terminal.Ok(new SaveImportProfile(instance).Run(scope, saveAs, mapping.WithHeaders(sheet.Header)));
                Console.Error.WriteLine($"Saved the mapping as profile \"{saveAs.Trim()}\".");
            }

            return 0;
        });

        return command;
    }

    internal static Command Template()
    {
        var templateOut = new Option<FileInfo>("--out") { Required = true, Description = "XLSX file to write" };
        var templateLanguage = Language();
        var template = new Command("template", "Write an empty import sheet with drop-down lists, in English, Russian or Kazakh.") { templateLanguage, templateOut };
        template.SetAction(p =>
        {
            var lang = p.GetValue(templateLanguage)!;
            if (!Texts.Languages.Contains(lang))
            {
                throw new CliFailure($"--lang must be one of {string.Join(", ", Texts.Languages)}.");
            }

            if (p.GetValue(templateOut)!.Directory is { Exists: false } missing)
            {
                throw new CliFailure($"No folder {missing.FullName}.");
            }

            using (var stream = File.Create(p.GetValue(templateOut)!.FullName))
            {
                WriteImportTemplate.Run(stream, lang, Dalel.Core.Vocabularies.Catalog.Default);
            }

            Console.Error.WriteLine($"Wrote {p.GetValue(templateOut)!.FullName}.");
            return 0;
        });
        return template;
    }

    internal static Command Export()
    {
        var where = Commands.Where;
        var org = new Option<Guid>("--org") { Required = true, Description = "Organisation whose cases to write" };
        var output = new Option<FileInfo>("--out") { Required = true, Description = "File to write (.xlsx or .csv; plaintext: keep it safe)" };
        var language = Language();
        var command = new Command("sheet", "Write the organisation's cases as a spreadsheet in the import layout (one row per victim), to edit and import back.") { org, output, language };
        command.SetAction(p =>
        {
            var file = p.GetValue(output)!;
            var format = file.Extension.Equals(".csv", StringComparison.OrdinalIgnoreCase) ? SheetFormat.Csv : SheetFormat.Xlsx;
            using var instance = where(p).OpenUnsealed();
            var scope = Commands.InOrganisation(instance, p.GetValue(org));
            int count;
            using (var stream = PrivateFiles.Create(file.FullName))
            {
                count = Terminal.Ok(new ExportCaseSheet(instance).Run(scope, format, p.GetValue(language)!, stream));
            }

            Console.Error.WriteLine($"Wrote {count} cases to {file.FullName}. This file is NOT encrypted.");
            return 0;
        });
        return command;
    }


    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The mapping as the person should check it: each column's field, and each coded value's term and why.</summary>
    private static void Show(Sheet sheet, ImportMapping mapping, DalelInstance instance, string lang)
    {
        Console.WriteLine(mapping.RowPerVictim ? "One row per victim (rows with the same reference are one case)." : "One row per case.");
        for (var i = 0; i < sheet.Header.Count; i++)
        {
            var fields = mapping.Columns.Where(c => c.Column == i).Select(c => Texts.Get("import.field." + c.Field, lang)).ToList();
            Console.WriteLine($"  {SheetColumns.Letter(i),-3} {sheet.Header[i]} → {(fields.Count == 0 ? "(not imported)" : string.Join(", ", fields))}");
        }

        foreach (var field in SuggestMapping.Values(sheet, mapping, instance.Catalog))
        {
            Console.WriteLine($"{Texts.Get("import.field." + field.Field, lang)}:");
            var choices = ImportChoices.For(field.Field, instance.Catalog, mapping.Country);
            foreach (var value in field.Values)
            {
                var term = value.Code switch
                {
                    null => "?? (choose one in the mapping file)",
                    "" => "(ignored)",
                    var code => string.Join(" + ", code.Split('+').Select(c => choices.Find(c)?.Labels.For(lang) ?? c)) + (value.Basis == SuggestionBasis.Close ? "  (close match: check)" : ""),
                };
                Console.WriteLine($"  {value.Value} ×{value.Count} → {term}");
            }
        }
    }

    private static void Print(ImportReport report, bool dry, string lang)
    {
        foreach (var problem in report.Problems)
        {
            Console.WriteLine($"row {problem.Row}{(problem.Column is null ? "" : $", {problem.ColumnLetter} ({problem.Header})")}: {Texts.Describe(problem.AsFieldError(), lang)}");
        }

        if (report.ProblemCount > report.Problems.Count)
        {
            Console.WriteLine($"… and {report.ProblemCount - report.Problems.Count} more problems.");
        }

        var verb = dry ? "Would create" : "Created";
        Console.WriteLine($"{report.Rows} rows: {verb} {report.Created} cases, {(dry ? "would update" : "updated")} {report.Updated}, {report.Unchanged} unchanged; {report.ProblemCount} problems.");
    }
}
