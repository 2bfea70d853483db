using System.CommandLine;
using Dalel.Core.HateCrime;
using Dalel.Core.Mechanisms;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Submissions;

namespace Dalel.Cli;

/// <summary>dalel submission, dalel register and dalel hate-crime: thin shells over the Core use cases.</summary>
internal static class ReportCommands
{
    public static IEnumerable<Command> Build(Func<ParseResult, Location> where) => [Submission(where), Register(where), HateCrime(where)];

    private static Command Submission(Func<ParseResult, Location> where)
    {
        var listOrg = new Option<Guid?>("--org") { Description = "Only this organisation's submissions" };
        var list = new Command("list", "List submissions with their ids.") { listOrg };
        list.SetAction(p =>
        {
            using var instance = where(p).OpenUnsealed();
            foreach (var org in Terminal.Ok(new ListOrganisations(instance).Run()).Where(o => p.GetValue(listOrg) is not { } only || o.Id == only))
            {
                foreach (var s in Terminal.Ok(new ListSubmissions(instance).Run(OrgScope.Cli(org.Id))))
                {
                    Console.WriteLine($"{s.Id}  {org.Name}  {s.Value.Mechanism}  {s.Value.Title}");
                }
            }

            return 0;
        });

        var id = new Option<Guid>("--id") { Required = true, Description = "Submission id (see 'dalel submission list')" };
        var format = new Option<string>("--format") { Description = "docx or html", DefaultValueFactory = _ => "docx" };
        format.AcceptOnlyFromAmong("docx", "html");
        var output = new Option<FileInfo>("--out") { Required = true, Description = "File to write" };
        var export = new Command("export", "Export a submission as Word (DOCX) or HTML; refused while a story or a number is not cleared for publication.") { id, format, output };
        export.SetAction(p =>
        {
            using var instance = where(p).OpenUnsealed();
            var wanted = p.GetValue(id);
            var owner = Terminal.Ok(new ListOrganisations(instance).Run())
                .FirstOrDefault(o => new GetSubmission(instance).Run(OrgScope.Cli(o.Id), wanted).IsOk)
                ?? throw new CliFailure($"No submission {wanted}.");
            var file = p.GetValue(output)!;
            using var buffer = new MemoryStream();
            var built = Terminal.Ok(new ExportSubmission(instance).Run(OrgScope.Cli(owner.Id), wanted, p.GetValue(format) == "html" ? SubmissionFormat.Html : SubmissionFormat.Docx, buffer));
            File.WriteAllBytes(file.FullName, buffer.ToArray());
            Console.Error.WriteLine($"Wrote {file.FullName}: {built.AllParagraphs.Count() + built.Sections.Sum(s => s.Recommendations.Count)} paragraphs, {built.WordCount} words"
                + (built.WordLimit is { } limit ? $" of {limit} allowed." : "."));
            return 0;
        });
        return new Command("submission", "Submissions to UN and OSCE mechanisms.") { list, export };
    }

    private static Command Register(Func<ParseResult, Location> where)
    {
        var input = new Argument<FileInfo>("file") { Description = "CSV exported from uhri.ohchr.org" };
        var org = new Option<Guid>("--org") { Required = true, Description = "Organisation recorded as importing (audit)" };
        var import = new Command("import", "Import recommendations from a UHRI CSV export; rows that cannot be read are listed and nothing is imported.") { input, org };
        import.SetAction(p =>
        {
            var file = p.GetValue(input)!;
            if (!file.Exists)
            {
                throw new CliFailure($"No file {file.FullName}.");
            }

            using var instance = where(p).OpenUnsealed();
            using var reader = new StreamReader(file.FullName);
            var result = Terminal.Ok(new ImportUhriRecommendations(instance).Run(OrgScope.Cli(p.GetValue(org)), reader));
            Console.WriteLine($"Imported {result.Added} recommendations; {result.AlreadyPresent} were already in the register.");
            return 0;
        });
        return new Command("register", "The register of UN documents and recommendations.") { import };
    }

    private static Command HateCrime(Func<ParseResult, Location> where)
    {
        var org = new Option<Guid>("--org") { Required = true, Description = "Organisation" };
        var year = new Option<int>("--year") { Required = true, Description = "Year of the incidents" };
        var format = new Option<string>("--format") { Description = "xlsx or csv", DefaultValueFactory = _ => "xlsx" };
        format.AcceptOnlyFromAmong("xlsx", "csv");
        var output = new Option<FileInfo>("--out") { Required = true, Description = "File to write" };
        var language = new Option<string>("--language") { Description = "en, ru or kk", DefaultValueFactory = _ => "en" };
        language.AcceptOnlyFromAmong("en", "ru", "kk");
        var export = new Command("export", "Export the organisation's incidents for OSCE ODIHR's hate crime report.") { org, year, format, output, language };
        export.SetAction(p =>
        {
            using var instance = where(p).OpenUnsealed();
            using var buffer = new MemoryStream();
            var report = Terminal.Ok(new ExportHateCrimes(instance).Run(OrgScope.Cli(p.GetValue(org)), p.GetValue(year),
                p.GetValue(format) == "csv" ? HateCrimeFormat.Csv : HateCrimeFormat.Xlsx, buffer, p.GetValue(language)!));
            File.WriteAllBytes(p.GetValue(output)!.FullName, buffer.ToArray());
            Console.Error.WriteLine($"Wrote {report.Incidents.Count} incidents to {p.GetValue(output)!.FullName}; {report.LeftOutForConsent} left out for consent, {report.DescriptionsWithheld} descriptions withheld.");
            return 0;
        });
        return new Command("hate-crime", "OSCE ODIHR hate crime reporting.") { export };
    }
}
