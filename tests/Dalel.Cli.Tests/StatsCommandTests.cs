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
        Assert.Contains("Of 112 cases documented in 2024, 56 (50%) involved police.", own.Out, StringComparison.Ordinal);

        var russian = dalel.Ok("stats", "--scope", $"org:{trans}", "--rows", "perpetrator", "--filter", "year=2024", "--lang", "ru");
        Assert.Contains("Из 112 дел, задокументированных в 2024 году, нарушитель «Полиция» — в 56 (50%).", russian.Out, StringComparison.Ordinal);

        Assert.Contains("Internal — not for publication", own.Out, StringComparison.Ordinal);

        // The internal counts equal an independent count of the plaintext export.
        var export = Path.Combine(dalel.Data, "cases.jsonl");
        dalel.Ok("export", "cases", "--org", trans, "--out", export);
        if (!OperatingSystem.IsWindows())
        {
            // A plaintext export is its owner's alone.
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(export));
        }

        var in2024 = File.ReadLines(export).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("case"))
            .Where(c => c.GetProperty("date").GetProperty("from").GetString()!.StartsWith("2024", StringComparison.Ordinal)).ToList();
        var byPolice = in2024.Count(c => c.TryGetProperty("acts", out var acts) && acts.EnumerateArray().Any(a =>
            a.TryGetProperty("perpetrators", out var ps) && ps.EnumerateArray().Any(p => p.GetProperty("type").GetString() == "police")));
        Assert.Equal((112, 56), (in2024.Count, byPolice));

        // Marked for publication: consented cases only, perturbed, and the left-out cases named.
        var published = dalel.Ok("stats", "--scope", $"org:{trans}", "--rows", "perpetrator", "--filter", "year=2024", "--publish");
        Assert.Contains("perturbed", published.Out, StringComparison.Ordinal);
        Assert.Contains("Of about ", published.Out, StringComparison.Ordinal);
        Assert.Contains("18 of the organisation's units are left out", published.Out, StringComparison.Ordinal);

        var csv = dalel.Ok("stats", "--rows", "region", "--cols", "year", "--format", "csv").Out;
        Assert.StartsWith("Region,2022,2023,2024,2025,Cases", csv, StringComparison.Ordinal);
        var counts = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).SkipLast(1).Where(l => char.IsLetter(l[0])).SelectMany(l => l.TrimEnd('\r').Split(',').Skip(1)).ToList();
        Assert.NotEmpty(counts);
        Assert.All(counts, c => Assert.DoesNotContain(int.Parse(c, System.Globalization.CultureInfo.InvariantCulture), new[] { 1, 2 }));
        Assert.Contains("totals need not equal the sum", csv, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(dalel.Ok("stats", "--rows", "perpetrator", "--format", "json").Out);
        Assert.True(json.RootElement.GetProperty("protected").GetBoolean());
        Assert.True(json.RootElement.GetProperty("perturbed").GetBoolean());
        Assert.All(json.RootElement.GetProperty("values").EnumerateArray(), v =>
            Assert.DoesNotContain(v.GetProperty("total").GetProperty("count").GetInt32(), new[] { 1, 2 }));

        var spreadsheet = Path.Combine(dalel.Data, "trans.xlsx");
        var wrote = dalel.Ok("export", "deidentified", "--scope", $"org:{trans}", "--out", spreadsheet);
        Assert.Contains("de-identified cases", wrote.Err, StringComparison.Ordinal);
        Assert.Equal("PK"u8.ToArray(), File.ReadAllBytes(spreadsheet)[..2]);

        var refused = dalel.Dalel("export", "deidentified", "--scope", "coalition", "--out", Path.Combine(dalel.Data, "all.csv"));
        Assert.Equal(1, refused.Exit);
        Assert.Contains("no case-level file", refused.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dalel.Data, "all.csv")));
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
