namespace Dalel.Cli.Tests;

public sealed class EstimateCommandTests
{
    [Fact]
    public void The_headline_is_the_method_asked_for()
    {
        using var dalel = new DalelProcess();
        // Madigan and York's three lists: independence and the BIC choice give different totals.
        var file = Path.Combine(dalel.Data, "overlaps.csv");
        Directory.CreateDirectory(dalel.Data);
        File.WriteAllLines(file, ["A,B,C,count", "1,0,0,60", "0,1,0,49", "1,1,0,4", "0,0,1,247", "1,0,1,112", "0,1,1,142", "1,1,1,12"]);

        var independence = dalel.Ok("estimate", "--overlaps", file, "--model", "independence").Out;
        var best = dalel.Ok("estimate", "--overlaps", file, "--model", "best").Out;

        Assert.Contains("log-linear model independence, as asked", independence, StringComparison.Ordinal);
        Assert.DoesNotContain("chosen by BIC", independence, StringComparison.Ordinal);
        Assert.DoesNotContain("best by", independence, StringComparison.Ordinal);
        Assert.Single(independence.Split('\n'), l => l.TrimStart().StartsWith("independence", StringComparison.Ordinal));
        Assert.Contains("chosen by BIC", best, StringComparison.Ordinal);
        Assert.DoesNotContain("as asked", best, StringComparison.Ordinal);
    }
}
