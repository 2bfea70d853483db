using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Web.Pages.Orgs.Import;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Import;

/// <summary>
/// Importing a sheet on the web without JavaScript (issue 14): upload, columns, values, the check, the confirmation;
/// a documenter with a messy Kazakh-headed sheet, and what other roles and other members may not do.
/// </summary>
public sealed class ImportPageTests
{
    private static readonly string[] Kazakh =
    [
        "Нөмір,Күні,Облыс,Не болды,Кім,Бұзушылық,Жасы",
        "K-1,15.03.2024,Алматы қаласы,Клуб маңында ұстады,полиция,бопсалау,23",
        "K-2,2024-13-45,Астана,Қорқытты,полиция,қорқыту,30",
        "K-3,45366,Шымкент,Ұрып-соқты,таксист,Физическое нападение,жиырма",
    ];

    private static byte[] Csv(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines));

    private static int Cases(DalelApp app) => new SearchCases(app.Instance).Run(DalelApp.Owner(app.OrgA), new CaseQuery()).Value.Total;

    /// <summary>Uploads and walks to the check, accepting every suggestion; returns the check page and its address.</summary>
    private static async Task<(IDocument Check, string Url)> WalkToCheck(WebBrowser browser, DalelApp app, byte[] sheet, Dictionary<string, string>? upload = null, Dictionary<string, string>? columns = null)
    {
        var uploaded = await browser.Upload(ImportRoutes.Index(app.OrgA) + "?handler=Upload", "кесте.csv", sheet, upload);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var columnsUrl = uploaded.Headers.Location!.OriginalString;
        var toValues = await browser.SubmitForm(columnsUrl, "form[action*='handler=Columns']", columns ?? []);
        Assert.Equal(HttpStatusCode.Redirect, toValues.StatusCode);
        var valuesUrl = toValues.Headers.Location!.OriginalString;
        var toCheck = await browser.SubmitForm(valuesUrl, "form[action*='handler=Values']", []);
        Assert.Equal(HttpStatusCode.Redirect, toCheck.StatusCode);
        var checkUrl = toCheck.Headers.Location!.OriginalString;
        return (await browser.Page(checkUrl), checkUrl);
    }

    [Fact]
    public async Task A_documenter_maps_a_Kazakh_sheet_sees_each_problem_by_row_and_imports_all_or_nothing()
    {
        await using var app = new DalelApp();
        app.Unseal();
        using var documenter = await app.SignInAs(Role.Documenter);

        // Columns: suggested from the Kazakh headers.
        var uploaded = await documenter.Upload(ImportRoutes.Index(app.OrgA) + "?handler=Upload", "кесте.csv", Csv(Kazakh));
        var columns = await documenter.Page(uploaded.Headers.Location!.OriginalString);
        string Chosen(IDocument page, string name) => page.QuerySelector<IHtmlSelectElement>($"select[name='{name}']")!.Value ?? "";
        Assert.Equal(["reference", "date", "region", "narrative", "perpetrator", "violation", "age"], Enumerable.Range(0, 7).Select(i => Chosen(columns, $"Field{i}")));
        Assert.Contains("Клуб маңында ұстады", columns.Body!.TextContent, StringComparison.Ordinal);

        var (check, checkUrl) = await WalkToCheck(documenter, app, Csv(Kazakh));

        var rows = check.QuerySelectorAll("table tbody tr").Select(r => string.Join(" | ", r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()))).ToList();
        Assert.Equal(
        [
            "3 | B Күні | \"2024-13-45\" is not a day of the calendar",
            "4 | E Кім | \"таксист\" has no Perpetrator chosen: choose one in the value step, or choose to ignore it.",
            "4 | G Жасы | \"жиырма\" is not an age: a whole number from 0 to 120 is needed",
        ], rows);
        Assert.Contains("3 rows: 1 new cases, 0 to update, 0 unchanged; 3 problems.", check.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(check.QuerySelector("form[action*='handler=Confirm']"));

        // Confirming anyway (a forged post) imports nothing.
        var forced = await documenter.Post(checkUrl.Replace("?step=check", "?handler=Confirm&step=check", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Contains("nothing was imported", (await WebBrowser.Parse(forced)).Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, Cases(app));

        // The corrected sheet goes in, and its mapping is saved for next time.
        var fixedSheet = Csv([Kazakh[0], Kazakh[1], Kazakh[2].Replace("2024-13-45", "2024-03-14", StringComparison.Ordinal)]);
        var (clean, _) = await WalkToCheck(documenter, app, fixedSheet);
        Assert.Contains("2 rows: 2 new cases", clean.Body!.TextContent, StringComparison.Ordinal);
        var confirmed = await documenter.Submit(clean.QuerySelector<IHtmlFormElement>("form[action*='handler=Confirm']")!, "", new() { ["ProfileName"] = "Ескі кесте" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(2, Cases(app));
        var index = await documenter.Page(confirmed.Headers.Location!.OriginalString);
        Assert.Contains("Imported: 2 new cases, 0 updated, 0 unchanged.", index.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Ескі кесте", index.Body.TextContent, StringComparison.Ordinal);
        Assert.Single(index.QuerySelectorAll("table tbody tr"));

        // The same sheet again, with the saved mapping: nothing to change, nothing duplicated.
        var profile = index.QuerySelector<IHtmlSelectElement>("select[name=Profile]")!.Options.Single(o => o.Text == "Ескі кесте").Value;
        var (again, _) = await WalkToCheck(documenter, app, fixedSheet, new() { ["Profile"] = profile });
        Assert.Contains("2 rows: 0 new cases, 0 to update, 2 unchanged; 0 problems.", again.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_can_be_mapped_or_ignored_in_the_value_step()
    {
        await using var app = new DalelApp();
        app.Unseal();
        using var owner = await app.SignInAs(Role.Owner);
        var sheet = Csv([Kazakh[0], Kazakh[3].Replace("жиырма", "20", StringComparison.Ordinal)]);

        var uploaded = await owner.Upload(ImportRoutes.Index(app.OrgA) + "?handler=Upload", "s.csv", sheet);
        var toValues = await owner.SubmitForm(uploaded.Headers.Location!.OriginalString, "form[action*='handler=Columns']", []);
        var values = await owner.Page(toValues.Headers.Location!.OriginalString);
        var unknown = values.QuerySelectorAll("tr").Single(r => r.TextContent.Contains("таксист", StringComparison.Ordinal)).QuerySelector<IHtmlSelectElement>("select")!;
        Assert.Equal("", unknown.Value);
        var toCheck = await owner.Submit(values.QuerySelector<IHtmlFormElement>("form[action*='handler=Values']")!, "", new() { [unknown.Name!] = "private_individual" });
        var check = await owner.Page(toCheck.Headers.Location!.OriginalString);

        Assert.Contains("1 rows: 1 new cases", check.Body!.TextContent, StringComparison.Ordinal);
        var confirmed = await owner.Submit(check.QuerySelector<IHtmlFormElement>("form[action*='handler=Confirm']")!, "", []);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var stored = new SearchCases(app.Instance).Run(DalelApp.Owner(app.OrgA), new CaseQuery()).Value.Items.Single();
        var record = new GetCase(app.Instance).Run(DalelApp.Owner(app.OrgA), stored.Id).Value.Record;
        Assert.Equal(("private_individual", "таксист", "K-3"), (record.Acts[0].Perpetrators[0].Type, record.Acts[0].Perpetrators[0].Description, record.Reference));
    }

    [Theory]
    [InlineData(Role.Analyst)]
    [InlineData(Role.Viewer)]
    public async Task Those_who_do_not_write_cases_export_but_do_not_upload(Role role)
    {
        await using var app = new DalelApp();
        app.Unseal();
        Seeded.Case(app, app.OrgA, "a");
        using var member = await app.SignInAs(role);

        var page = await member.Page(ImportRoutes.Index(app.OrgA));
        Assert.Null(page.QuerySelector("form[action*='handler=Upload']"));
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Upload(ImportRoutes.Index(app.OrgA) + "?handler=Upload", "s.csv", Csv(Kazakh))).StatusCode);
        var export = await member.Http.GetAsync(ImportRoutes.Index(app.OrgA) + "?handler=Export&format=csv");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var text = await export.Content.ReadAsStringAsync();
        Assert.Equal(role == Role.Viewer, text.Contains("What happened", StringComparison.Ordinal));
        Assert.DoesNotContain("Victim's name", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_is_its_members_own_and_is_forgotten_at_sealing()
    {
        await using var app = new DalelApp();
        app.Unseal();
        using var documenter = await app.SignInAs(Role.Documenter);
        using var owner = await app.SignInAs(Role.Owner);
        using var otherOrganisation = await app.SignInAs(Role.Owner, "b");
        var uploaded = await documenter.Upload(ImportRoutes.Index(app.OrgA) + "?handler=Upload", "s.csv", Csv(Kazakh));
        var url = uploaded.Headers.Location!.OriginalString;

        // Another member of the same organisation, and an owner of another, reach nothing of it.
        var notTheirs = await owner.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        Assert.Contains("no longer here", await notTheirs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherOrganisation.Http.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await documenter.Http.GetAsync(url)).StatusCode);

        new Dalel.Core.Vault.SealVault(app.Instance).Run("cli");
        app.Unseal();

        Assert.Equal(HttpStatusCode.NotFound, (await documenter.Http.GetAsync(url)).StatusCode);
    }

    [Theory]
    [InlineData("ru", "Нарушение")]
    [InlineData("kk", "Бұзушылық")]
    public async Task The_template_downloads_in_each_language(string language, string header)
    {
        await using var app = new DalelApp();
        app.Unseal();
        using var documenter = await app.SignInAs(Role.Documenter);

        var response = await documenter.Http.GetAsync(ImportRoutes.Index(app.OrgA) + "?handler=Template&lang=" + language);

        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        var sheet = Dalel.Core.Import.Sheet.Open(await response.Content.ReadAsByteArrayAsync()).Value;
        Assert.Contains(header, sheet.Header);
    }
}
