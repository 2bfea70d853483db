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

    [Fact]
    public void Strata_are_summed_into_one_total_and_wrong_sampler_settings_are_refused_by_name()
    {
        using var dalel = new DalelProcess();
        var file = Path.Combine(dalel.Data, "overlaps.csv");
        Directory.CreateDirectory(dalel.Data);
        File.WriteAllLines(file, ["A,B,C,count,stratum", "1,0,0,60,2023", "0,1,0,49,2023", "1,1,0,4,2023", "0,0,1,247,2023", "1,0,1,112,2023", "0,1,1,142,2023", "1,1,1,12,2023",
            "1,0,0,30,2024", "0,1,0,25,2024", "1,1,0,6,2024", "0,0,1,120,2024", "1,0,1,50,2024", "0,1,1,70,2024", "1,1,1,8,2024"]);

        var averaged = dalel.Ok("estimate", "--overlaps", file, "--model", "averaged").Out;
        var refused = dalel.Dalel("estimate", "--overlaps", file, "--model", "latent-class", "--chains", "0", "--alpha-prior", "1");

        Assert.Contains("All strata together: Documented: 935; estimated total:", averaged, StringComparison.Ordinal);
        Assert.Contains("sum of 2 strata, each by Bayesian model averaging", averaged, StringComparison.Ordinal);
        Assert.DoesNotContain("Log-linear", averaged, StringComparison.Ordinal);
        Assert.NotEqual(0, refused.Exit);
        Assert.Contains("--alpha-prior takes the Gamma prior's shape and rate", refused.Err, StringComparison.Ordinal);
    }
}
