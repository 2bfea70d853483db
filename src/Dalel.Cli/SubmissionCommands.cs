using System.CommandLine;
using Dalel.Core.HateCrime;
using Dalel.Core.Register;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Submissions;

namespace Dalel.Cli;

/// <summary>dalel submission: list and export the organisation's submissions.</summary>
internal static class SubmissionCommands
{
    public static Command Build(Func<ParseResult, Location> where)
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
            Dalel.Core.Storage.PrivateFiles.Write(file.FullName, buffer.ToArray());
            Console.Error.WriteLine($"Wrote {file.FullName}: {built.AllParagraphs.Count() + built.Sections.Sum(s => s.Recommendations.Count)} paragraphs, {built.WordCount} words"
                + (built.WordLimit is { } limit ? $" of {limit} allowed." : "."));
            return 0;
        });
        return new Command("submission", "Submissions to UN and OSCE mechanisms.") { list, export };
    }
}
