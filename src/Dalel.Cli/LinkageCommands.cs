using System.CommandLine;
using Dalel.Core.Linkage;
using Dalel.Core.Members;

namespace Dalel.Cli;

/// <summary>dalel linkage encode | match | import: privacy-preserving duplicate detection across organisations.</summary>
internal static class LinkageCommands
{
    public static Command Build(Func<ParseResult, Location> where)
    {
        var org = new Option<Guid>("--org") { Required = true, Description = "The organisation whose cases are encoded" };
        var secret = new Option<FileInfo>("--secret-file") { Required = true, Description = "The coalition secret (at least 32 bytes), held by member organisations only" };
        var output = new Option<FileInfo>("--out") { Required = true, Description = "File to write" };
        var encode = new Command("encode", "Encode the organisation's cases for linkage: no plaintext, no case ids, a new pseudonym per case and run.") { org, secret, output };
        encode.SetAction(p =>
        {
            var secretFile = p.GetValue(secret)!;
            if (!secretFile.Exists)
            {
                throw new CliFailure($"No file {secretFile.FullName}.");
            }

            using var instance = where(p).OpenUnsealed();
            var file = Terminal.Ok(new EncodeForLinkage(instance).Run(OrgScope.Cli(p.GetValue(org)), File.ReadAllBytes(secretFile.FullName)));
            Dalel.Core.Storage.PrivateFiles.Write(p.GetValue(output)!.FullName, System.Text.Encoding.UTF8.GetBytes(file.ToJson()));
            Console.Error.WriteLine($"Encoded {file.Records.Count} cases to {p.GetValue(output)!.FullName} (run {file.Run}).");
            return 0;
        });

        var files = new Argument<FileInfo[]>("files") { Description = "Encoding files from two or more organisations", Arity = ArgumentArity.OneOrMore };
        var threshold = new Option<double>("--threshold") { Description = "Dice similarity from which two records may be the same incident", DefaultValueFactory = _ => MatchEncodings.DefaultThreshold };
        var result = new Option<FileInfo>("--out") { Required = true, Description = "Result file to write" };
        var match = new Command("match", "Link encoding files (needs no secret and no data directory).") { files, threshold, result };
        match.SetAction(p =>
        {
            var inputs = p.GetValue(files)!;
            if (inputs.Length < 2)
            {
                throw new CliFailure("Give at least two encoding files.");
            }

            var parsed = inputs.Select(f => f.Exists ? Terminal.Ok(EncodingFile.Parse(File.ReadAllText(f.FullName), f.Name)) : throw new CliFailure($"No file {f.FullName}.")).ToList();
            if (parsed.Select(f => f.List).Distinct().Count() != parsed.Count)
            {
                throw new CliFailure("Two files come from the same organisation; give one file per organisation.");
            }

            var linked = MatchEncodings.Run(parsed, p.GetValue(threshold));
            Dalel.Core.Storage.PrivateFiles.Write(p.GetValue(result)!.FullName, System.Text.Encoding.UTF8.GetBytes(linked.ToJson()));
            Console.Error.WriteLine($"Compared {parsed.Sum(f => f.Records.Count)} records from {parsed.Count} lists: {linked.Clusters.Count} possible duplicate groups, written to {p.GetValue(result)!.FullName}.");
            return 0;
        });

        var resultFile = new Argument<FileInfo>("result") { Description = "Result written by 'dalel linkage match'" };
        var importOrg = new Option<Guid>("--org") { Required = true, Description = "Organisation recorded as importing (audit)" };
        var import = new Command("import", "Import a linkage result: each organisation's owner then reviews its possible duplicates.") { resultFile, importOrg };
        import.SetAction(p =>
        {
            var file = p.GetValue(resultFile)!;
            if (!file.Exists)
            {
                throw new CliFailure($"No file {file.FullName}.");
            }

            using var instance = where(p).OpenUnsealed();
            var id = Terminal.Ok(new ImportLinkageResult(instance).Run(OrgScope.Cli(p.GetValue(importOrg)), File.ReadAllText(file.FullName)));
            Console.WriteLine($"Imported linkage result {id}.");
            return 0;
        });

        return new Command("linkage", "Find cases documented by more than one organisation, without pooling them.") { encode, match, import };
    }
}
