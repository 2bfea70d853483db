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
        Assert.Contains("Imported linkage result", dalel.Ok("linkage", "import", result, "--org", orgs[0]).Out, StringComparison.Ordinal);

        var shortSecret = Path.Combine(dalel.Data, "short.secret");
        File.WriteAllBytes(shortSecret, new byte[8]);
        var refused = dalel.Dalel("linkage", "encode", "--org", orgs[0], "--secret-file", shortSecret, "--out", files[0]);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("at least 32 bytes", refused.Err, StringComparison.Ordinal);
    }
}
