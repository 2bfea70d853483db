using System.Text.Json;

namespace Dalel.Cli.Tests;

public sealed class StatsCommandTests
{
    [Fact]
    public void Stats_prints_the_reference_figure_for_the_demo_and_protects_the_coalition_table()
    {
        using var dalel = new DalelProcess();
        dalel.Ok("demo");
        dalel.Environment["DALEL_PASSPHRASE"] = "dalel demo passphrase";
        var trans = dalel.Ok("org", "list").Out.Split('\n').Single(l => l.Contains("Trans", StringComparison.Ordinal))[..36];

        var own = dalel.Ok("stats", "--scope", $"org:{trans}", "--rows", "perpetrator", "--filter", "year=2024");
        Assert.Contains("Of 112 cases documented in 2024, 56 (50%) involved Police.", own.Out, StringComparison.Ordinal);

        var russian = dalel.Ok("stats", "--scope", $"org:{trans}", "--rows", "perpetrator", "--filter", "year=2024", "--lang", "ru");
        Assert.Contains("Из 112 дел, задокументированных в 2024 году, 56 (50%) касаются категории «Полиция».", russian.Out, StringComparison.Ordinal);

        var csv = dalel.Ok("stats", "--rows", "region", "--cols", "year", "--format", "csv").Out;
        Assert.StartsWith("Region,2022,2023,2024,2025,Cases", csv, StringComparison.Ordinal);
        Assert.Contains("<3", csv, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(dalel.Ok("stats", "--rows", "perpetrator", "--format", "json").Out);
        Assert.True(json.RootElement.GetProperty("protected").GetBoolean());
        Assert.All(json.RootElement.GetProperty("values").EnumerateArray(), v =>
        {
            var total = v.GetProperty("total");
            Assert.True(total.GetProperty("hidden").GetBoolean() || total.GetProperty("count").GetInt32() >= 3);
        });
    }

    [Fact]
    public void Bad_arguments_get_one_clear_line()
    {
        using var dalel = new DalelProcess();
        var org = dalel.Init();

        var scope = dalel.Dalel("stats", "--rows", "region", "--scope", "org:nope");
        Assert.Equal(1, scope.Exit);
        Assert.StartsWith("dalel: --scope must be 'coalition' or 'org:ID'", scope.Err, StringComparison.Ordinal);

        var filter = dalel.Dalel("stats", "--rows", "region", "--filter", "police");
        Assert.StartsWith("dalel: --filter takes DIM=CODE", filter.Err, StringComparison.Ordinal);

        var dimension = dalel.Dalel("stats", "--rows", "colour", "--scope", $"org:{org}");
        Assert.Equal(1, dimension.Exit);
        Assert.Contains("Rows: Choose a value from the list.", dimension.Err, StringComparison.Ordinal);

        Assert.Contains("Shares anonymous statistics", dalel.Ok("org", "share", "--org", org, "on").Out, StringComparison.Ordinal);
    }
}
