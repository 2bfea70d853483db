using System.CommandLine;
using Dalel.Core.HateCrime;
using Dalel.Core.Register;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Submissions;

namespace Dalel.Cli;

/// <summary>dalel register: import UN recommendations from UHRI.</summary>
internal static class RegisterCommands
{
    public static Command Build(Func<ParseResult, Location> where)
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
}
