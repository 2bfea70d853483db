using System.CommandLine;
using Dalel.Core.Cases;
using Dalel.Core.Members;

namespace Dalel.Cli;

/// <summary>dalel custody export | verify: a case's evidence as an encrypted, verifiable package.</summary>
internal static class CustodyCommands
{
    public static Command Build(Func<ParseResult, Location> where)
    {
        var org = new Option<Guid>("--org") { Required = true, Description = "Organisation" };
        var caseId = new Option<Guid>("--case") { Required = true, Description = "Case whose evidence is packaged" };
        var output = new Option<FileInfo>("--out") { Required = true, Description = "Package file to write" };
        var export = new Command("export", "Package a case's evidence files with their hashes and custody log, encrypted under a passphrase for the recipient ($DALEL_PACKAGE_PASSPHRASE or prompt).") { org, caseId, output };
        export.SetAction(p =>
        {
            using var instance = where(p).OpenUnsealed();
            var passphrase = Terminal.Secret("DALEL_PACKAGE_PASSPHRASE", "Package passphrase: ", confirm: true);
            using var buffer = new MemoryStream();
            var manifest = Terminal.Ok(new ExportCustodyPackage(instance).Run(OrgScope.Cli(p.GetValue(org)), p.GetValue(caseId), passphrase, buffer));
            Dalel.Core.Storage.PrivateFiles.Write(p.GetValue(output)!.FullName, buffer.ToArray());
            Console.Error.WriteLine($"Packaged {manifest.Files.Count} files and {manifest.Custody.Count} custody events to {p.GetValue(output)!.FullName}.");
            return 0;
        });

        var package = new Argument<FileInfo>("package") { Description = "A package written by 'dalel custody export'" };
        var verify = new Command("verify", "Check that every file in a package is as it was when documented (needs no data directory).") { package };
        verify.SetAction(p =>
        {
            var file = p.GetValue(package)!;
            if (!file.Exists)
            {
                throw new CliFailure($"No file {file.FullName}.");
            }

            var passphrase = Terminal.Secret("DALEL_PACKAGE_PASSPHRASE", "Package passphrase: ");
            using var stream = file.OpenRead();
            var check = Terminal.Ok(VerifyCustodyPackage.Run(stream, passphrase));
            foreach (var f in check.Manifest.Files)
            {
                var state = check.Changed.Contains(f.Name) ? "CHANGED" : check.Missing.Contains(f.Name) ? "MISSING" : "ok";
                Console.WriteLine($"{state,-8} {f.Sha256}  {f.Name}");
            }

            foreach (var e in check.Manifest.Custody)
            {
                Console.WriteLine($"custody  {e.At:u}  {e.Action}  {e.File}  by {e.Actor}");
            }

            if (!check.Intact)
            {
                throw new CliFailure("The package does not match its manifest: see the files marked above.");
            }

            Console.WriteLine("Every file matches the hash taken when it was documented.");
            return 0;
        });
        return new Command("custody", "Evidence custody packages.") { export, verify };
    }
}
