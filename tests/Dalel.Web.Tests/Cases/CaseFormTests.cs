using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Web.Pages.Orgs.Cases;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Cases;

public sealed class CaseFormTests
{
    private static IHtmlFormElement MainForm(IDocument page) => page.QuerySelector<IHtmlFormElement>("main form")!;

    private static string Field(IDocument page, string name) =>
        page.QuerySelector<IHtmlInputElement>($"[name='{name}']")?.Value
        ?? page.QuerySelector<IHtmlTextAreaElement>($"[name='{name}']")?.Value
        ?? page.QuerySelector<IHtmlSelectElement>($"[name='{name}']")?.Value
        ?? throw new InvalidOperationException($"no field {name}");

    [Fact]
    public async Task A_documenter_records_a_case_in_russian_and_finds_it_by_search_and_filter()
    {
        using var app = new DalelApp();
        app.Unseal();
        using var browser = await app.SignInAs(Role.Documenter);
        var url = CaseRoutes.New(app.OrgA);

        var saved = await browser.Submit(MainForm(await browser.Page(url)), url, new()
        {
            ["Form.Title"] = "Задержание в Караганде",
            ["Form.Narrative"] = "Сотрудники полиции избили её у подъезда.",
            ["Form.DateFrom"] = "12.03.2024",
            ["Form.Region"] = "karaganda",
            ["Form.Settlement"] = "temirtau",
            ["Form.Victims[0].CodeName"] = "К-7",
            ["Form.Victims[0].Age"] = "29",
            ["Form.Victims[0].GenderIdentity"] = "woman",
            ["Form.Victims[0].TransStatus"] = "trans",
            ["Form.Victims[0].Consents[1].Decision"] = "granted",
            ["Form.Victims[0].Consents[1].Date"] = "2024-03-20",
            ["Form.Victims[0].Consents[1].Method"] = "written",
            ["Form.Acts[0].Violations"] = "police_violence",
            ["Form.Acts[0].Perpetrators[0].Type"] = "police",
            ["Form.Acts[0].Perpetrators[0].Count"] = "2",
        }, "save");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var view = await browser.Page(saved.Headers.Location!.OriginalString);
        Assert.Equal("Задержание в Караганде", view.QuerySelector("h1")!.TextContent);
        // The save says it happened, once (issue 15).
        Assert.Equal("The case is recorded.", view.QuerySelector("main > [role=status]")!.TextContent);
        Assert.Null((await browser.Page(saved.Headers.Location!.OriginalString)).QuerySelector("main > [role=status]"));
        Assert.Contains("Сотрудники полиции избили её у подъезда.", view.QuerySelector(".narrative")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Temirtau", view.Body!.TextContent, StringComparison.Ordinal);

        var found = await browser.Page(CaseRoutes.List(app.OrgA) + $"?q={Uri.EscapeDataString("ИЗБИЛИ")}&violations=police_violence&Region=karaganda");
        Assert.Equal("Задержание в Караганде", found.QuerySelector("main table tbody a")!.TextContent);
        var none = await browser.Page(CaseRoutes.List(app.OrgA) + $"?q={Uri.EscapeDataString("избили")}&violations=fake_dating");
        Assert.Null(none.QuerySelector("main table tbody a"));

        var stored = new SearchCases(app.Instance).Run(DalelApp.Owner(app.OrgA), new CaseQuery()).Value.Items.Single();
        var record = new GetCase(app.Instance).Run(DalelApp.Owner(app.OrgA), stored.Id).Value.Record;
        Assert.Equal(new IncidentDate(DatePrecision.Day, new DateOnly(2024, 3, 12), new DateOnly(2024, 3, 12)), record.Date);
        Assert.True(record.Victims[0].Allows("anonymous_statistics"));
        Assert.Equal(2, record.Acts[0].Perpetrators[0].Count);
    }

    [Fact]
    public async Task Invalid_input_is_explained_beside_its_field_and_everything_typed_is_kept()
    {
        using var app = new DalelApp();
        app.Unseal();
        using var browser = await app.SignInAs(Role.Owner);
        var url = CaseRoutes.New(app.OrgA);

        var response = await browser.Submit(MainForm(await browser.Page(url)), url, new()
        {
            ["Form.Title"] = "",
            ["Form.Narrative"] = "Длинный рассказ, который нельзя потерять.",
            ["Form.DateFrom"] = "вчера",
            ["Form.Locality"] = "Самал-2",
            ["Form.Victims[0].CodeName"] = "A-1",
            ["Form.Victims[0].Age"] = "двадцать",
            ["Form.Victims[0].FullName"] = "Kept Name",
            ["Form.Acts[0].Perpetrators[0].Description"] = "in uniform",
        }, "save");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await WebBrowser.Parse(response);
        Assert.Equal("Длинный рассказ, который нельзя потерять.", Field(page, "Form.Narrative"));
        Assert.Equal("вчера", Field(page, "Form.DateFrom"));
        Assert.Equal("Самал-2", Field(page, "Form.Locality"));
        Assert.Equal("двадцать", Field(page, "Form.Victims[0].Age"));
        Assert.Equal("Kept Name", Field(page, "Form.Victims[0].FullName"));
        Assert.Equal("in uniform", Field(page, "Form.Acts[0].Perpetrators[0].Description"));
        var errors = page.QuerySelectorAll(".field-validation-error").Select(e => e.TextContent).ToList();
        Assert.Contains(errors, e => e.StartsWith("Write the date as", StringComparison.Ordinal));
        Assert.Contains(errors, e => e == "Write a whole number.");
        // Everything at once (issue 15): what could not be read and the case rules, listed at the top with links.
        Assert.Contains("Required.", errors);
        Assert.Contains("Choose at least one violation.", errors);
        var summary = page.QuerySelectorAll("#problems li a").Select(a => (a.TextContent, a.GetAttribute("href"))).ToList();
        Assert.Contains(("Title", "#Form_Title"), summary);
        Assert.Contains(("Date", "#Form_DateFrom"), summary);
        Assert.Contains(("Victims 1: Age", "#Form_Victims_0__Age"), summary);
        Assert.All(summary, link => Assert.NotNull(page.QuerySelector(link.Item2!)));
        Assert.All(["#Form_Title", "#Form_DateFrom", "#Form_Victims_0__CodeName"], id => Assert.Equal("true", page.QuerySelector(id)!.GetAttribute("aria-required")));
        Assert.Equal(4, page.QuerySelectorAll("abbr.required").Length);
        var date = page.QuerySelector("#Form_DateFrom")!;
        Assert.Equal("true", date.GetAttribute("aria-invalid"));
        Assert.Contains("Write the date as", page.QuerySelector("#" + date.GetAttribute("aria-describedby")!.Split(' ')[^1])!.TextContent, StringComparison.Ordinal);

        var second = await browser.Submit(MainForm(page), url, new() { ["Form.DateFrom"] = "2024-05", ["Form.Victims[0].Age"] = "20" }, "save");
        var again = await WebBrowser.Parse(second);
        var messages = again.QuerySelectorAll(".field-validation-error").Select(e => e.TextContent).ToList();
        Assert.Contains("Required.", messages);
        Assert.Contains("Choose at least one violation.", messages);
        Assert.Equal("Длинный рассказ, который нельзя потерять.", Field(again, "Form.Narrative"));
        Assert.Equal(0, new SearchCases(app.Instance).Run(DalelApp.Owner(app.OrgA), new CaseQuery()).Value.Total);
    }

    [Fact]
    public async Task Row_buttons_add_and_remove_rows_without_losing_input()
    {
        using var app = new DalelApp();
        app.Unseal();
        using var browser = await app.SignInAs(Role.Documenter);
        var url = CaseRoutes.New(app.OrgA);

        var page = await WebBrowser.Parse(await browser.Submit(MainForm(await browser.Page(url)), url, new() { ["Form.Title"] = "Kept title", ["Form.Victims[0].CodeName"] = "first" }, "add-victim"));
        Assert.Equal("Kept title", Field(page, "Form.Title"));
        Assert.Equal("first", Field(page, "Form.Victims[0].CodeName"));
        Assert.NotNull(page.QuerySelector("[name='Form.Victims[1].CodeName']"));

        page = await WebBrowser.Parse(await browser.Submit(MainForm(page), url, new() { ["Form.Victims[1].CodeName"] = "second" }, "add-perpetrator-0"));
        Assert.NotNull(page.QuerySelector("[name='Form.Acts[0].Perpetrators[1].Type']"));

        page = await WebBrowser.Parse(await browser.Submit(MainForm(page), url, [], "remove-victim-0"));
        Assert.Equal("second", Field(page, "Form.Victims[0].CodeName"));
        Assert.Null(page.QuerySelector("[name='Form.Victims[1].CodeName']"));
        Assert.Equal("Kept title", Field(page, "Form.Title"));
    }

    [Fact]
    public async Task An_edit_keeps_the_consent_history_and_a_stale_edit_is_refused_without_losing_input()
    {
        using var app = new DalelApp();
        app.Unseal();
        var seeded = Seeded.Case(app, app.OrgA, "edit");
        using var browser = await app.SignInAs(Role.Documenter);
        var url = CaseRoutes.Edit(app.OrgA, seeded.Id);
        var form = MainForm(await browser.Page(url));

        var withdrawn = await browser.Submit(form, url, new()
        {
            ["Form.Victims[0].Consents[0].Decision"] = "refused",
            ["Form.Victims[0].Consents[0].Date"] = "2024-06-01",
            ["Form.Victims[0].Consents[0].Method"] = "verbal",
        }, "save");
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        var victim = new GetCase(app.Instance).Run(DalelApp.Owner(app.OrgA), seeded.Id).Value.Record.Victims[0];
        Assert.Equal(2, victim.Consents.Count(c => c.Use == "internal"));
        Assert.False(victim.Allows("internal"));

        var stale = await browser.Submit(form, url, new() { ["Form.Title"] = "my stale edit" }, "save");
        var page = await WebBrowser.Parse(stale);
        Assert.Contains("Someone saved this after you opened it", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("my stale edit", Field(page, "Form.Title"));
    }
}
