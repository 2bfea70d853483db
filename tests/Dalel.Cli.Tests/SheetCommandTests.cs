using Dalel.Core.Storage;
using System.Text;

namespace Dalel.Cli.Tests;

/// <summary>`dalel import sheet` and friends (issue 14): a messy Russian sheet from suggestion to import, through a mapping file.</summary>
public sealed class SheetCommandTests
{
    private static readonly string[] Messy =
    [
        "№;Дата;Область;Что произошло;Кто;Нарушение;Пострадавший;Возраст",
        "17;15.03.2024;г. Алматы;Задержали у клуба;участковый;вымогательство;А.;23",
        "17;15.03.2024;;;МВД;избиение;Б.;25 лет",
        "18;45366;Карагандинская обл.;Угрозы в сети;неизвестные;угрозы;В.;",
        "19;31.02.2024;Абай;Побили;соседи;побои;Г.;около 30",
    ];

    private static string Write(DalelProcess dalel, IEnumerable<string> lines, string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = Path.Combine(dalel.Data, name);
        File.WriteAllText(path, string.Join("\n", lines), Encoding.GetEncoding(1251));
        return path;
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public void A_messy_sheet_is_checked_then_imported_with_a_checked_mapping_and_again_updates(Provider provider)
    {
        using var dalel = new DalelProcess(provider);
        if (provider == Provider.Postgres && dalel.Postgres is null)
        {
            return;
        }

        var org = dalel.Init();
        var sheet = Write(dalel, Messy, "старая таблица.csv");
        var map = Path.Combine(dalel.Data, "map.json");

        // A JSON-lines import of a sheet says what to do instead of "line 1: not valid JSON".
        var wrongCommand = dalel.Dalel("import", "cases", sheet);
        Assert.Equal(1, wrongCommand.Exit);
        Assert.Contains("is a spreadsheet, not a Dalel export. Import it with: dalel import sheet", wrongCommand.Err, StringComparison.Ordinal);

        // Suggestions only: shown, written to a file, checked row by row, nothing imported.
        var suggested = dalel.Dalel("import", "sheet", sheet, "--org", org, "--row-per-victim", "--write-map", map, "--lang", "ru");
        Assert.Equal(1, suggested.Exit);
        Assert.Contains("CSV, windows-1251, ';'", suggested.Err, StringComparison.Ordinal);
        Assert.Contains("B   Дата → Дата", suggested.Out, StringComparison.Ordinal);
        Assert.Contains("участковый ×1 → Полиция", suggested.Out, StringComparison.Ordinal);
        Assert.Contains("row 5, B (Дата): «31.02.2024» — такой даты нет в календаре", suggested.Out, StringComparison.Ordinal);
        Assert.Contains("row 5, H (Возраст): «около 30» — не возраст", suggested.Out, StringComparison.Ordinal);
        Assert.Contains("Nothing imported", suggested.Err, StringComparison.Ordinal);
        Assert.True(File.Exists(map));

        // With the mapping, the bad sheet is refused as a whole.
        var refused = dalel.Dalel("import", "sheet", sheet, "--org", org, "--map", map);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("nothing was imported", refused.Err, StringComparison.Ordinal);
        Assert.Contains("Wrote 0 cases", dalel.Ok("export", "sheet", "--org", org, "--out", Path.Combine(dalel.Data, "empty.csv")).Err, StringComparison.Ordinal);

        var fixedSheet = Write(dalel, Messy.Take(4), "исправлено.csv");
        var imported = dalel.Ok("import", "sheet", fixedSheet, "--org", org, "--map", map, "--save-profile", "Старая таблица");
        Assert.Contains("3 rows: Created 2 cases, updated 0, 0 unchanged; 0 problems.", imported.Out, StringComparison.Ordinal);

        // A value the profile has never seen is reported, not guessed.
        var unseen = dalel.Dalel("import", "sheet", Write(dalel, Messy.Take(4).Select(l => l.Replace("неизвестные", "полиция", StringComparison.Ordinal)), "v2.csv"), "--org", org, "--profile", "старая таблица", "--lang", "ru");
        Assert.Equal(1, unseen.Exit);
        Assert.Contains("row 4, E (Кто): Для «полиция» не выбрано значение поля «Нарушитель»", unseen.Out, StringComparison.Ordinal);

        var again = dalel.Ok("import", "sheet", Write(dalel, Messy.Take(4).Select(l => l.Replace("неизвестные", "МВД", StringComparison.Ordinal)), "v3.csv"), "--org", org, "--profile", "старая таблица");
        Assert.Contains("Created 0 cases, updated 1, 1 unchanged", again.Out, StringComparison.Ordinal);

        // The cases go out in the same layout and come back unchanged.
        var export = Path.Combine(dalel.Data, "cases.xlsx");
        Assert.Contains("Wrote 2 cases", dalel.Ok("export", "sheet", "--org", org, "--out", export, "--lang", "ru").Err, StringComparison.Ordinal);
        var exportMap = Path.Combine(dalel.Data, "export-map.json");
        dalel.Dalel("import", "sheet", export, "--org", org, "--write-map", exportMap, "--consent-method", "written");
        var back = dalel.Ok("import", "sheet", export, "--org", org, "--map", exportMap);
        Assert.Contains("3 rows: Created 0 cases, updated 0, 2 unchanged", back.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Violation")]
    [InlineData("kk", "Бұзушылық")]
    public void The_template_is_written_in_the_language_asked(string language, string header)
    {
        using var dalel = new DalelProcess();
        Directory.CreateDirectory(dalel.Data);
        var path = Path.Combine(dalel.Data, "template.xlsx");

        dalel.Ok("import", "template", "--lang", language, "--out", path);

        var sheet = Dalel.Core.Import.Sheet.Open(path).Value;
        Assert.Contains(header, sheet.Header);
        Assert.Equal(1, dalel.Dalel("import", "template", "--lang", "de", "--out", path).Exit);
    }

    [Fact]
    public void An_owner_creates_lists_and_revokes_an_API_token_at_the_command_line()
    {
        using var dalel = new DalelProcess();
        var org = dalel.Init();

        var created = dalel.Ok("token", "create", "--org", org, "--name", "report generator", "--scope", "statistics:read", "coded:read", "--days", "30");
        var secret = created.Out.Trim();
        Assert.StartsWith($"dalel.{Guid.Parse(org):N}.", secret, StringComparison.Ordinal);
        Assert.Contains("shown this once", created.Err, StringComparison.Ordinal);

        var listed = dalel.Ok("token", "list", "--org", org).Out;
        Assert.Contains("active", listed, StringComparison.Ordinal);
        Assert.Contains("report generator", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret.Split('.')[^1], listed, StringComparison.Ordinal);

        var id = listed.Split(' ')[0];
        dalel.Ok("token", "revoke", "--org", org, "--id", id);
        Assert.Contains("revoked", dalel.Ok("token", "list", "--org", org).Out, StringComparison.Ordinal);

        var refused = dalel.Dalel("token", "create", "--org", org, "--name", "x", "--scope", "everything");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("Choose at least one of the listed scopes", refused.Err, StringComparison.Ordinal);
    }
}
