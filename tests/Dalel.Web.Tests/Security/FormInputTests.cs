using System.Net;
using AngleSharp.Html.Dom;
using Dalel.Core.Cases;
using Dalel.Core.Intake;
using Dalel.Core.Members;
using Dalel.Web.Pages.Orgs.Cases;
using Dalel.Web.Tests.Intake;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Security;

/// <summary>
/// What a person types never turns into a bare 400 that loses it (issue 13, finding 7): NUL characters, a field over
/// ASP.NET's 4 MB, a body over its 30 MB.
/// </summary>
public sealed class FormInputTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public async Task A_NUL_in_every_field_of_the_case_form_keeps_the_input(Dalel.Core.Storage.Provider provider)
    {
        await using var app = new DalelApp(provider);
        app.Unseal();
        using var documenter = await app.SignInAs(Role.Documenter);
        var page = await documenter.Page(CaseRoutes.New(app.OrgA));
        var form = (IHtmlFormElement)page.QuerySelector("main form")!;
        var typed = new Dictionary<string, string>
        {
            ["Form.Title"] = "Raid on the club",
            ["Form.Narrative"] = "Police came at night",
            ["Form.DateFrom"] = "2024-03-15",
            ["Form.Region"] = "almaty_city",
            ["Form.Locality"] = "Dostyk avenue",
            ["Form.Victims[0].CodeName"] = "V-1",
            ["Form.Acts[0].Victim"] = "0",
            ["Form.Acts[0].Violations"] = "raid",
            ["Form.Acts[0].Perpetrators[0].Type"] = "police",
        };
        // Every field the form sends, typed or not, carries a NUL (the antiforgery token and select values too).
        var fields = WebBrowser.FormFields(form).Where(f => !typed.ContainsKey(f.Key)).Concat(typed)
            .Select(f => new KeyValuePair<string, string>(f.Key, f.Value.Length > 1 ? f.Value[..1] + "\0" + f.Value[1..] : f.Value + "\0"))
            .Append(new("Command", "save"));

        var saved = await documenter.Http.PostAsync(CaseRoutes.New(app.OrgA), new FormUrlEncodedContent(fields));

        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, string.Join(" | ", (await WebBrowser.Parse(saved)).QuerySelectorAll(".field-validation-error, .validation-summary-errors, .error").Select(e => e.TextContent.Trim()).Where(t => t.Length > 0)));
        var stored = new GetCase(app.Instance).Run(DalelApp.Owner(app.OrgA), Guid.Parse(saved.Headers.Location!.OriginalString.Split('/')[^1])).Value.Record;
        Assert.Equal("Raid on the club", stored.Title);
        Assert.Equal("Police came at night", stored.Narrative);
        Assert.Equal("Dostyk avenue", stored.Place.Locality);
        Assert.Equal("almaty_city", stored.Place.Region);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public async Task A_NUL_on_the_public_form_keeps_the_report_in_both_encodings(Dalel.Core.Storage.Provider provider)
    {
        await using var app = new DalelApp(provider);
        app.Unseal();
        var plain = IntakeSteps.EnableForm(app, app.OrgA, "nul-plain");
        var withFiles = IntakeSteps.EnableForm(app, app.OrgB, "nul-files", allowFiles: true);
        using var reporter = app.Anonymous();

        var (sent, page) = await IntakeSteps.Report(reporter, plain, new() { ["what"] = "They\0 took my phone" });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.NotNull(page.QuerySelector(".receipt"));
        var (sentWithFile, pageWithFile) = await IntakeSteps.ReportWithFiles(reporter, withFiles, new() { ["what"] = "Threats\0 by text" }, ("threat.png", IntakeSteps.PngBytes([0, 0, 0, 0x0D])));
        Assert.Equal(HttpStatusCode.OK, sentWithFile.StatusCode);
        Assert.NotNull(pageWithFile.QuerySelector(".receipt"));

        var first = new GetIntakeReport(app.Instance).Run(DalelApp.Owner(app.OrgA), new ListIntakeReports(app.Instance).Run(DalelApp.Owner(app.OrgA)).Value.Single().Id).Value;
        Assert.Equal("They took my phone", first.Messages[0].Answers.Single(a => a.QuestionId == "what").Answer);
        var second = new ListIntakeReports(app.Instance).Run(DalelApp.Owner(app.OrgB)).Value.Single().Id;
        Assert.Equal("Threats by text", new GetIntakeReport(app.Instance).Run(DalelApp.Owner(app.OrgB), second).Value.Messages[0].Answers.Single(a => a.QuestionId == "what").Answer);
        // The file keeps its NUL bytes: only text loses them.
        Assert.Equal(IntakeSteps.PngBytes([0, 0, 0, 0x0D]), new OpenIntakeFile(app.Instance).Run(DalelApp.Owner(app.OrgB), second, 1).Value.Content);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public async Task A_field_over_four_megabytes_is_named_and_kept_not_dropped(Dalel.Core.Storage.Provider provider)
    {
        await using var app = new DalelApp(provider);
        app.Unseal();
        using var documenter = await app.SignInAs(Role.Documenter);
        var narrative = "Testimony " + new string('x', 5 * 1024 * 1024);

        var answer = await documenter.SubmitForm(CaseRoutes.New(app.OrgA), "main form",
            new() { ["Form.Title"] = "Long testimony", ["Form.Narrative"] = narrative, ["Form.DateFrom"] = "2024-03-15" }, "save");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var page = await WebBrowser.Parse(answer);
        Assert.Contains("Too long: at most 100000 characters.", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(narrative, ((IHtmlTextAreaElement)page.QuerySelector("textarea[name='Form.Narrative']")!).Value);
        Assert.Equal("Long testimony", ((IHtmlInputElement)page.QuerySelector("input[name='Form.Title']")!).Value);

        using var reporter = app.Anonymous();
        var form = IntakeSteps.EnableForm(app, app.OrgA, "long");
        var (sent, reportPage) = await IntakeSteps.Report(reporter, form, new() { ["what"] = narrative });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Null(reportPage.QuerySelector(".receipt"));
        Assert.Equal(narrative, ((IHtmlTextAreaElement)reportPage.QuerySelector("textarea[name='Answers[what]']")!).Value);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_a_page_that_says_why_and_how_to_keep_the_text()
    {
        await using var app = new DalelApp();
        app.Unseal();
        var form = IntakeSteps.EnableForm(app, app.OrgA, "huge", allowFiles: true);
        using var reporter = app.Anonymous();
        var big = IntakeSteps.PngBytes(new byte[(int)Dalel.Web.Hosting.FormBodies.MaxBodyBytes / 3 + 1024]);

        var (sent, page) = await IntakeSteps.ReportWithFiles(reporter, form, new() { ["what"] = "Photos of the raid" }, ("a.png", big), ("b.png", big), ("c.png", big));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, sent.StatusCode);
        Assert.Contains("at most 40 MB", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Back button", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Three_files_of_ten_megabytes_the_public_form_allows_are_received()
    {
        await using var app = new DalelApp();
        app.Unseal();
        var form = IntakeSteps.EnableForm(app, app.OrgA, "three", allowFiles: true);
        using var reporter = app.Anonymous();
        var file = IntakeSteps.PngBytes(new byte[IntakeSettings.MaxFileBytes - 8]);
        Assert.True(Dalel.Web.Hosting.FormBodies.MaxBodyBytes >= IntakeSettings.MaxFiles * (long)IntakeSettings.MaxFileBytes + 8 * 1024 * 1024);

        var (sent, page) = await IntakeSteps.ReportWithFiles(reporter, form, new() { ["what"] = "Photos of the raid" }, ("a.png", file), ("b.png", file), ("c.png", file));

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.NotNull(page.QuerySelector(".receipt"));
    }
}
