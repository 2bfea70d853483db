using System.CommandLine;
using Dalel.Core.Linkage;
using Dalel.Core.Members;

namespace Dalel.Cli;

/// <summary>dalel linkage encode | match | import | review | confirm | reject | overlaps | estimate: privacy-preserving duplicate detection across organisations.</summary>
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
        var threshold = new Option<double?>("--threshold") { Description = "Probability (from the model learned on these lists) from which two records are linked as the same incident; by default chosen from the data for the best expected F1" };
        var result = new Option<FileInfo>("--out") { Required = true, Description = "Result file to write" };
        var blocking = new Option<string>("--blocking") { Description = "none: compare every pair of records within an incident year (exact; the default). lsh: compare only pairs that MinHash LSH puts together, plus a 1-in-32 sample of the rest so the model still sees every kind of pair (about ten times fewer comparisons; for lists of tens of thousands)", DefaultValueFactory = _ => "none" };
        blocking.AcceptOnlyFromAmong("none", "lsh");
        var match = new Command("match", "Link encoding files (needs no secret and no data directory).") { files, threshold, result, blocking };
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

            var asked = p.GetValue(threshold);
            if (asked is { } given && !(given > 0 && given < 1))
            {
                throw new CliFailure("--threshold is a probability between 0 and 1 (0.5 links a pair when the model finds a match more likely than not).");
            }

            var linked = Terminal.Ok(MatchEncodings.Run(parsed, asked, blocking: p.GetValue(blocking) == "lsh"));
            var cut = linked.Threshold;
            Dalel.Core.Storage.PrivateFiles.Write(p.GetValue(result)!.FullName, System.Text.Encoding.UTF8.GetBytes(linked.ToJson()));
            var model = linked.Model!;
            var compared = model.Blocking?.Compared ?? model.Comparisons;
            var rate = model.Seconds > 0 ? compared / model.Seconds / 1e6 : 0;
            var pairs = model.Blocking is { } b
                ? $"{b.Compared:N0} of {model.Comparisons:N0} pairs ({(double)b.Compared / Math.Max(1, model.Comparisons):P1}: those LSH blocking put together and a 1-in-{b.SampleEvery} sample of the rest)"
                : $"{model.Comparisons:N0} pairs";
            var leftOut = model.Blocking is { } lb ? $", {lb.ExpectedMatchesLeftOut:N0} of them among the pairs blocking left out (never linked)" : "";
            Console.Error.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Compared {parsed.Sum(f => f.Records.Count):N0} records from {parsed.Count} lists: {pairs} in {model.Seconds:F1} s ({rate:N0} M pairs/s, two passes, {(model.Vectorised ? "AVX2 popcount" : "scalar popcount")}); the model expects {model.ExpectedMatches:N0} matching pairs{leftOut}; {linked.Clusters.Count:N0} possible duplicate groups at probability {cut:0.###}{(asked is null ? " (chosen from the data)" : "")}, written to {p.GetValue(result)!.FullName}."));
            if (model.AtCut is { } quality)
            {
                Console.Error.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"At that probability the model expects {quality.Precision:P0} of the linked pairs to be the same incident and the linked pairs to hold {quality.Recall:P0} of the matches (pairs before grouping; review decides)."));
            }

            if (model.Blocking is null && model.Comparisons > 500_000_000)
            {
                Console.Error.WriteLine("That is many pairs: '--blocking lsh' compares about a tenth of them and keeps nearly every pair this linked (docs/linkage.md).");
            }

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

        var reviewOrg = new Option<Guid>("--org") { Required = true, Description = "The organisation whose owner reviews" };
        var reviewPending = new Option<bool>("--pending") { Description = "Only the cases not yet decided" };
        var review = new Command("review", "List the organisation's cases that the latest linkage result grouped with other organisations' records, and the decisions so far (a decision made on an earlier result that grouped exactly the same cases still holds).") { reviewOrg, reviewPending };
        review.SetAction(p =>
        {
            using var instance = where(p).OpenUnsealed();
            var review = Terminal.Ok(new ListPossibleDuplicates(instance).Review(OrgScope.Cli(p.GetValue(reviewOrg))));
            var (found, linkageModel) = (review.Duplicates, review.Model);
            if (found.Count > 0 && linkageModel?.AtCut is { } quality)
            {
                Console.Error.WriteLine(Dalel.Core.Text.Texts.Get("linkage.quality_note", "en", Math.Round(quality.Precision * 100), Math.Round(quality.Recall * 100)));
            }

            if (linkageModel?.Blocking is { } blocked)
            {
                Console.Error.WriteLine(Dalel.Core.Text.Texts.Get("linkage.blocked_note", "en", Math.Round(blocked.ExpectedMatchesLeftOut).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
            }

            if (found.Count == 0)
            {
                Console.WriteLine("No possible duplicates: no linkage result imported, or none of the organisation's cases was grouped.");
                return 0;
            }

            if (p.GetValue(reviewPending))
            {
                var decided = found.Count(d => d.Confirmed is not null);
                found = [.. found.Where(d => d.Confirmed is null)];
                Console.Error.WriteLine($"{found.Count} not yet decided ({decided} decided, not shown).");
            }

            Console.WriteLine("result                                group  case                                  probability  other organisations  decision");
            foreach (var d in found)
            {
                Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{d.Result:D}  {d.Group,5}  {d.Case:D}  {d.Similarity,11:0.000}  {string.Join(", ", d.OtherOrganisations),-19}  {(d.Confirmed switch { true => "confirmed", false => "rejected", null => "not yet decided" })}{(d.CarriedFrom is { } from ? $" (on the earlier result {from:D}, same cases)" : "")}"));
            }

            return 0;
        });

        Command Decide(string name, bool confirmed, string description)
        {
            var decideOrg = new Option<Guid>("--org") { Required = true, Description = "The organisation deciding for its own case" };
            var resultId = new Option<Guid>("--result") { Required = true, Description = "The linkage result (from 'dalel linkage review')" };
            var group = new Option<int>("--group") { Required = true, Description = "The group number (from 'dalel linkage review')" };
            var command = new Command(name, description) { decideOrg, resultId, group };
            command.SetAction(p =>
            {
                using var instance = where(p).OpenUnsealed();
                Terminal.Ok(new DecideDuplicate(instance).Run(OrgScope.Cli(p.GetValue(decideOrg)), p.GetValue(resultId), p.GetValue(group), confirmed));
                Console.WriteLine(confirmed
                    ? "Confirmed: the organisation's case and the group are one incident."
                    : "Rejected: the organisation's case leaves the group and counts on its own; the others' decisions stand.");
                return 0;
            });
            return command;
        }

        var overlapsOrg = new Option<Guid>("--org") { Required = true, Description = "The organisation asking (needs to read coded facts)" };
        var overlapsResult = new Option<Guid?>("--result") { Description = "The linkage result (default: the latest imported)" };
        var byYear = new Option<bool>("--by-year") { Description = "One stratum per incident year (a year with fewer than 3 incidents is merged with a neighbouring one)" };
        var overlapsOut = new Option<FileInfo?>("--out") { Description = "CSV to write for 'dalel estimate --overlaps' (default: standard output)" };
        var overlaps = new Command("overlaps", "The overlap table of a linkage result, as 'dalel estimate' reads it: confirmed records count as one incident.") { overlapsOrg, overlapsResult, byYear, overlapsOut };
        overlaps.SetAction(p =>
        {
            using var instance = where(p).OpenUnsealed();
            var linked = Terminal.Ok(new OverlapsFromLinkage(instance).Open(OrgScope.Cli(p.GetValue(overlapsOrg)), p.GetValue(overlapsResult)));
            var k = Dalel.Core.Statistics.ComputeStatistics.DefaultThreshold;
            var (tables, merged) = p.GetValue(byYear) ? Terminal.Ok(linked.ByYear(k)) : ([Terminal.Ok(linked.All())], 0);
            if (merged > 0)
            {
                Console.Error.WriteLine($"{merged} year(s) with fewer than {k} incidents are merged with a neighbouring year, so no small number stands alone.");
            }

            var csv = Dalel.Core.Estimation.OverlapsCsv.Write(tables);
            if (p.GetValue(overlapsOut) is { } file)
            {
                Dalel.Core.Storage.PrivateFiles.Write(file.FullName, System.Text.Encoding.UTF8.GetBytes(csv));
                Console.Error.WriteLine($"Wrote {tables.Count} table(s) to {file.FullName}.");
            }
            else
            {
                Console.Write(csv);
            }

            return 0;
        });

        var estimateOrg = new Option<Guid>("--org") { Required = true, Description = "The organisation asking (needs to read coded facts)" };
        var estimateResult = new Option<Guid?>("--result") { Description = "The linkage result (default: the latest imported)" };
        var draws = new Option<int>("--draws") { Description = "Overlap tables drawn from the linkage model (pairwise counts from the pairs' probabilities and the model's own uncertainty, groups of three or more from sampled linkages)", DefaultValueFactory = _ => SampleLinkages.DefaultSamples };
        var estimateLanguage = new Option<string>("--lang") { Description = "en, ru or kk", DefaultValueFactory = _ => "en" };
        estimateLanguage.AcceptOnlyFromAmong("en", "ru", "kk");
        var estimate = new Command("estimate", "Estimate the total from a linkage result with the linkage's own uncertainty: model averaging over overlap tables drawn from the linkage model (decided pairs fixed), beside the figure from the confirmed groups alone.") { estimateOrg, estimateResult, draws, estimateLanguage };
        estimate.SetAction(p =>
        {
            var count = p.GetValue(draws);
            if (count is < 10 or > 10_000)
            {
                throw new CliFailure("--draws must be from 10 to 10,000.");
            }

            using var instance = where(p).OpenUnsealed();
            // One result, opened once: the confirmed table, the draws and the model all come from it.
            var linked = Terminal.Ok(new OverlapsFromLinkage(instance).Open(OrgScope.Cli(p.GetValue(estimateOrg)), p.GetValue(estimateResult)));
            var point = Terminal.Ok(linked.All());
            var drawn = linked.Drawn(count);
            if (drawn.Count == 0)
            {
                throw new CliFailure("This linkage result does not carry what the estimate needs (pair probabilities and the model's figures per pair of lists; results made before 2026-12-01 or by another tool): run 'dalel linkage match' again.");
            }

            var language = p.GetValue(estimateLanguage)!;
            var aware = Dalel.Core.Estimation.EstimateWithLinkageError.Run(point, drawn);
            string N(double v) => Dalel.Core.Estimation.EstimateTotal.Number(v, language);
            Console.WriteLine(aware.Statement(language));
            Console.WriteLine(Dalel.Core.Text.Texts.Get("estimate.linkage_share", language, Math.Round(aware.LinkageShare * 100), N(aware.Point.Median), N(aware.Point.Lower), N(aware.Point.Upper)));
            if (linked.Model?.Blocking is { } blocked)
            {
                Console.WriteLine(Dalel.Core.Text.Texts.Get("estimate.linkage_blocked", language, N(blocked.Compared), N(blocked.ExpectedMatchesLeftOut)));
            }

            if ((long)aware.Documented != aware.Confirmed)
            {
                Console.WriteLine(Dalel.Core.Text.Texts.Get("estimate.linkage_documented", language, N(aware.Documented), N(aware.Confirmed)));
            }

            if (aware.SaturatedShare >= 0.1)
            {
                Console.WriteLine(Dalel.Core.Text.Texts.Get("estimate.linkage_saturated", language, Math.Round(aware.SaturatedShare * 100)));
            }

            if (aware.Point.SaturatedShare > 0.5)
            {
                Console.WriteLine(Dalel.Core.Text.Texts.Get("estimate.averaged_saturated", language, Math.Round(aware.Point.SaturatedShare * 100)));
            }

            return 0;
        });

        return new Command("linkage", "Find cases documented by more than one organisation, without pooling them.")
        {
            encode, match, import, review,
            Decide("confirm", true, "Confirm that the organisation's case and the group are one incident."),
            Decide("reject", false, "Take the organisation's case out of the group (the other members' decisions stand)."),
            overlaps, estimate,
        };
    }
}
