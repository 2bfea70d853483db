using System.CommandLine;
using Dalel.Core.HateCrime;
using Dalel.Core.Register;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Submissions;

namespace Dalel.Cli;

/// <summary>dalel hate-crime: the ODIHR hate crime report for a year.</summary>
internal static class HateCrimeCommands
{
    public static Command Build(Func<ParseResult, Location> where)
    {
        var org = new Option<Guid>("--org") { Required = true, Description = "Organisation" };
        var year = new Option<int>("--year") { Required = true, Description = "Year of the incidents" };
        var format = new Option<string>("--format") { Description = "xlsx or csv", DefaultValueFactory = _ => "xlsx" };
        format.AcceptOnlyFromAmong("xlsx", "csv");
        var output = new Option<FileInfo>("--out") { Required = true, Description = "File to write" };
        var language = new Option<string>("--language") { Description = "en, ru or kk", DefaultValueFactory = _ => "en" };
        language.AcceptOnlyFromAmong("en", "ru", "kk");
        var country = new Option<string?>("--country") { Description = "State (ISO 3166-1 alpha-2, e.g. KG); the organisation's first State if not given" };
        var export = new Command("export", "Export the organisation's incidents for OSCE ODIHR's hate crime report.") { org, year, format, output, language, country };
        export.SetAction(p =>
        {
            using var instance = where(p).OpenUnsealed();
            using var buffer = new MemoryStream();
            var report = Terminal.Ok(new ExportHateCrimes(instance).Run(OrgScope.Cli(p.GetValue(org)), p.GetValue(year),
                p.GetValue(format) == "csv" ? HateCrimeFormat.Csv : HateCrimeFormat.Xlsx, buffer, p.GetValue(language)!, p.GetValue(country)?.ToUpperInvariant()));
            Dalel.Core.Storage.PrivateFiles.Write(p.GetValue(output)!.FullName, buffer.ToArray());
            Console.Error.WriteLine($"Wrote {report.Incidents.Count} incidents to {p.GetValue(output)!.FullName}; {report.LeftOutForConsent} left out for consent, {report.DescriptionsWithheld} summaries withheld, {report.Incidents.Count(i => i.DescriptionFromFacts)} descriptions written from the coded facts.");
            return 0;
        });
        return new Command("hate-crime", "OSCE ODIHR hate crime reporting.") { export };
    }
}
