namespace Dalel.Cli.Tests;

public sealed class LinkageCommandTests
{
    [Fact]
    public void Organisations_encode_a_third_party_matches_without_the_secret_and_the_result_is_imported()
    {
        using var dalel = new DalelProcess();
        dalel.Ok("demo");
        dalel.Environment["DALEL_PASSPHRASE"] = "dalel demo passphrase";
        var orgs = dalel.Ok("org", "list").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..36]).Take(2).ToList();
        var secret = Path.Combine(dalel.Data, "coalition.secret");
        File.WriteAllBytes(secret, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var files = orgs.Select((org, i) => Path.Combine(dalel.Data, $"list{i}.json")).ToList();

        for (var i = 0; i < 2; i++)
        {
            Assert.Contains("Encoded", dalel.Ok("linkage", "encode", "--org", orgs[i], "--secret-file", secret, "--out", files[i]).Err, StringComparison.Ordinal);
        }

        var result = Path.Combine(dalel.Data, "result.json");
        var match = dalel.Ok("--data", Path.Combine(dalel.Data, "nowhere"), "linkage", "match", files[0], files[1], "--out", result);
        Assert.Contains("possible duplicate groups", match.Err, StringComparison.Ordinal);
        Assert.Contains("At that probability the model expects", match.Err, StringComparison.Ordinal);
        var blocked = dalel.Ok("linkage", "match", files[0], files[1], "--out", Path.Combine(dalel.Data, "blocked.json"), "--blocking", "lsh");
        Assert.Contains("LSH blocking put together", blocked.Err, StringComparison.Ordinal);
        Assert.Contains("minhash-lsh", File.ReadAllText(Path.Combine(dalel.Data, "blocked.json")), StringComparison.Ordinal);
        dalel.Ok("linkage", "import", Path.Combine(dalel.Data, "blocked.json"), "--org", orgs[0]);
        Assert.Contains("The latest linkage compared only the pairs that LSH blocking put together", dalel.Ok("linkage", "review", "--org", orgs[0]).Err, StringComparison.Ordinal);
        var unknown = dalel.Dalel("linkage", "match", files[0], files[1], "--out", result, "--blocking", "fast");
        Assert.NotEqual(0, unknown.Exit);
        Assert.Contains("lsh", unknown.Err, StringComparison.Ordinal);
        Assert.Contains("Imported linkage result", dalel.Ok("linkage", "import", result, "--org", orgs[0]).Out, StringComparison.Ordinal);
        Assert.DoesNotContain("LSH blocking", dalel.Ok("linkage", "review", "--org", orgs[0]).Err, StringComparison.Ordinal);

        var shortSecret = Path.Combine(dalel.Data, "short.secret");
        File.WriteAllBytes(shortSecret, new byte[8]);
        var refused = dalel.Dalel("linkage", "encode", "--org", orgs[0], "--secret-file", shortSecret, "--out", files[0]);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("at least 32 bytes", refused.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Owners_review_confirm_and_reject_on_the_command_line_and_the_overlap_table_follows_each_organisations_decision()
    {
        using var dalel = new DalelProcess();
        dalel.Ok("demo");
        dalel.Environment["DALEL_PASSPHRASE"] = "dalel demo passphrase";
        var orgs = dalel.Ok("org", "list").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..36]).Take(2).ToList();

        // The second organisation documented five of the first one's incidents too (same facts, its own case ids).
        var exported = Path.Combine(dalel.Data, "cases.jsonl");
        dalel.Ok("export", "cases", "--org", orgs[0], "--out", exported);
        var copies = File.ReadLines(exported).Take(5).Select(line =>
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(line)!;
            node["case"]!["id"] = Guid.NewGuid().ToString("D");
            node["case"]!["organisationId"] = orgs[1];
            return node.ToJsonString();
        });
        var copied = Path.Combine(dalel.Data, "copies.jsonl");
        File.WriteAllLines(copied, copies);
        dalel.Ok("import", "cases", copied, "--org", orgs[1]);

        var secret = Path.Combine(dalel.Data, "coalition.secret");
        File.WriteAllBytes(secret, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var files = orgs.Select((org, i) => Path.Combine(dalel.Data, $"list{i}.json")).ToList();
        for (var i = 0; i < 2; i++)
        {
            dalel.Ok("linkage", "encode", "--org", orgs[i], "--secret-file", secret, "--out", files[i]);
        }

        var result = Path.Combine(dalel.Data, "result.json");
        Assert.Contains("M pairs/s", dalel.Ok("linkage", "match", files[0], files[1], "--out", result).Err, StringComparison.Ordinal);
        dalel.Ok("linkage", "import", result, "--org", orgs[0]);

        var review = dalel.Ok("linkage", "review", "--org", orgs[0]);
        // How far to trust the suggestions, by the linkage's own model (there are five to review here).
        Assert.Contains("By its own model, about", review.Err, StringComparison.Ordinal);
        var rows = review.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        Assert.True(rows.Count >= 5, string.Join("\n", rows.Select(r => string.Join(" | ", r))));
        Assert.All(rows, r => Assert.Equal("not yet decided", r[^1]));
        var (resultId, first, second) = (rows[0][0], rows[0][1], rows[1][1]);

        // Both confirm the first group; the second organisation confirms the second, the first rejects it.
        foreach (var org in orgs)
        {
            dalel.Ok("linkage", "confirm", "--org", org, "--result", resultId, "--group", first);
        }

        dalel.Ok("linkage", "confirm", "--org", orgs[1], "--result", resultId, "--group", second);
        Assert.Contains("leaves the group", dalel.Ok("linkage", "reject", "--org", orgs[0], "--result", resultId, "--group", second).Out, StringComparison.Ordinal);
        Assert.Contains("confirmed", dalel.Ok("linkage", "review", "--org", orgs[0]).Out, StringComparison.Ordinal);
        var pending = dalel.Ok("linkage", "review", "--org", orgs[0], "--pending");
        Assert.Contains($"{rows.Count - 2} not yet decided (2 decided, not shown).", pending.Err, StringComparison.Ordinal);
        Assert.Equal(rows.Count - 2, pending.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Count(l => l.EndsWith("not yet decided", StringComparison.Ordinal)));
        Assert.DoesNotContain($"  {first}  ", pending.Out, StringComparison.Ordinal);

        var table = Path.Combine(dalel.Data, "overlaps.csv");
        dalel.Ok("linkage", "overlaps", "--org", orgs[0], "--out", table);
        var lines = File.ReadAllLines(table);
        Assert.EndsWith(",count", lines[0], StringComparison.Ordinal);
        Assert.Equal("1,1,1", lines.Single(l => l.StartsWith("1,1,", StringComparison.Ordinal)));
        Assert.Contains("documented on 2 lists", dalel.Ok("estimate", "--overlaps", table, "--model", "independence").Out, StringComparison.Ordinal);

        var withError = dalel.Ok("linkage", "estimate", "--org", orgs[0], "--draws", "20").Out;
        Assert.Contains("Bayesian model averaging over 20 overlap tables drawn from the linkage model", withError, StringComparison.Ordinal);
        Assert.Contains("Linkage uncertainty accounts for", withError, StringComparison.Ordinal);
        // Three of the five copies are still undecided: the drawn tables join them, the confirmed groups do not.
        Assert.Contains("is the median over the drawn tables, not the", withError, StringComparison.Ordinal);
        Assert.NotEqual(0, dalel.Dalel("linkage", "estimate", "--org", orgs[0], "--draws", "3").Exit);

        var missing = dalel.Dalel("linkage", "confirm", "--org", orgs[0], "--result", resultId, "--group", "9999");
        Assert.NotEqual(0, missing.Exit);

        // The lists are encoded and linked again (new pseudonyms, new group numbers): the decisions hold where the same
        // cases are grouped, and the review says where they were made; the first result's groups are not listed again.
        for (var i = 0; i < 2; i++)
        {
            dalel.Ok("linkage", "encode", "--org", orgs[i], "--secret-file", secret, "--out", files[i]);
        }

        dalel.Ok("linkage", "match", files[0], files[1], "--out", result);
        dalel.Ok("linkage", "import", result, "--org", orgs[0]);
        var again = dalel.Ok("linkage", "review", "--org", orgs[0]).Out;
        Assert.DoesNotContain(again.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith(resultId, StringComparison.Ordinal));
        Assert.Contains($"confirmed (on the earlier result {resultId}, same cases)", again, StringComparison.Ordinal);
        var stale = dalel.Dalel("linkage", "confirm", "--org", orgs[0], "--result", resultId, "--group", first);
        Assert.NotEqual(0, stale.Exit);
        Assert.Contains("A newer linkage result has been imported", stale.Err, StringComparison.Ordinal);
    }
}
