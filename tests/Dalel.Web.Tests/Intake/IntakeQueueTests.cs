using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Web.Pages.Orgs.Intake;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Intake;

/// <summary>Owners set up the form; documenters turn reports into cases.</summary>
public sealed class IntakeQueueTests
{
    [Fact]
    public async Task An_owner_sets_up_the_form_and_mistakes_are_shown_beside_their_fields_with_the_input_kept()
    {
        using var app = new DalelApp();
        app.Unseal();
        IntakeSteps.EnableForm(app, app.OrgB, "taken-address");
        using var owner = await app.SignInAs(Role.Owner);
        var settings = IntakeRoutes.Settings(app.OrgA);
        var page = await owner.Page(settings);
        Assert.Equal(7, page.QuerySelectorAll("input[name$='.Id']").Length); // six standard questions and a blank one to add

        var bad = await owner.SubmitForm(settings, "main form", new()
        {
            ["Form.Enabled"] = "true",
            ["Form.Slug"] = "Bad Address!",
            ["Form.PublicName"] = "Безопасное сообщение",
            ["Form.QuickExitUrl"] = "javascript:alert(1)",
            ["Form.Questions[6].Id"] = "phone_seized",
            ["Form.Questions[6].Kind"] = "Choice",
            ["Form.Questions[6].Label[ru]"] = "Забрали ли телефон?",
            ["Form.Questions[6].Options[ru]"] = "Да\nНет",
            ["Form.Questions[6].Options[en]"] = "Yes",
        });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var shown = await WebBrowser.Parse(bad);
        Assert.Equal("Безопасное сообщение", shown.QuerySelector<IHtmlInputElement>("input[name='Form.PublicName']")!.Value);
        Assert.Equal("Забрали ли телефон?", shown.QuerySelector<IHtmlInputElement>("input[name='Form.Questions[6].Label[ru]']")!.Value);
        Assert.Contains("same number in every language", shown.Body!.TextContent, StringComparison.Ordinal);

        var fixedOptions = await owner.Submit(shown.QuerySelector<IHtmlFormElement>("main form")!, settings, new() { ["Form.Questions[6].Options[en]"] = "Yes\nNo" });
        var second = await WebBrowser.Parse(fixedOptions);
        var text = second.Body!.TextContent;
        Assert.Contains("lowercase Latin letters", text, StringComparison.Ordinal);
        Assert.Contains("full web address", text, StringComparison.Ordinal);

        var taken = await owner.Submit(second.QuerySelector<IHtmlFormElement>("main form")!, settings, new() { ["Form.Slug"] = "taken-address", ["Form.QuickExitUrl"] = "https://weather.com/" });
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        var third = await WebBrowser.Parse(taken);
        var saved = await owner.Submit(third.QuerySelector<IHtmlFormElement>("main form")!, settings, new() { ["Form.Slug"] = "our-address" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        using var reporter = app.Anonymous();
        var form = await reporter.Page("/report/our-address?lang=ru");
        Assert.Contains("Забрали ли телефон?", form.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("https://weather.com/", form.QuerySelector<IHtmlAnchorElement>("a.quick-exit")!.Href);
        Assert.Equal(2, form.QuerySelectorAll("input[name='Answers[phone_seized]']").Length);
        var (sent, _) = await IntakeSteps.Report(reporter, "/report/our-address", new() { ["what"] = "Текст", ["phone_seized"] = "0" });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        using var documenter = await app.SignInAs(Role.Documenter);
        var queue = await documenter.Page(IntakeRoutes.Queue(app.OrgA));
        var report = await documenter.Page(queue.QuerySelector<IHtmlAnchorElement>($"a[href^='/o/{app.OrgA}/intake/']")!.PathName);
        Assert.Contains("Забрали ли телефон?", report.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_sent_while_sealed_reach_the_documenters_unchanged_and_become_the_cases_evidence()
    {
        using var app = new DalelApp();
        app.Unseal();
        var form = IntakeSteps.EnableForm(app, app.OrgA, "with-files", allowFiles: true);
        new Dalel.Core.Vault.SealVault(app.Instance).Run("cli");
        var screenshot = IntakeSteps.PngBytes(System.Text.Encoding.UTF8.GetBytes("PNG-ish screenshot of the threats " + Guid.NewGuid()));
        var letter = System.Text.Encoding.UTF8.GetBytes("%PDF-1.4 refusal letter " + Guid.NewGuid());
        using var reporter = app.Anonymous();

        // Too many files: the answers come back, with a word that the files must be chosen again.
        var four = Enumerable.Range(0, 4).Select(i => ($"f{i}.pdf", letter)).ToArray();
        var (tooMany, tooManyPage) = await IntakeSteps.ReportWithFiles(reporter, form, new() { ["what"] = "Угрозы в переписке" }, four);
        Assert.Equal(HttpStatusCode.OK, tooMany.StatusCode);
        Assert.Equal("Угрозы в переписке", tooManyPage.QuerySelector<IHtmlTextAreaElement>("textarea[name='Answers[what]']")!.Value);
        Assert.Contains("choose them again", tooManyPage.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("at most 3 files", tooManyPage.Body!.TextContent, StringComparison.Ordinal);

        var (sent, sentPage) = await IntakeSteps.ReportWithFiles(reporter, form, new() { ["what"] = "Угрозы в переписке" }, ("threats.png", screenshot), ("letter.pdf", letter));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.NotNull(sentPage.QuerySelector(".receipt"));

        app.Unseal();
        using var documenter = await app.SignInAs(Role.Documenter);
        var queue = await documenter.Page(IntakeRoutes.Queue(app.OrgA));
        var url = queue.QuerySelector<IHtmlAnchorElement>($"a[href^='/o/{app.OrgA}/intake/']")!.PathName;
        var report = await documenter.Page(url);
        var link = report.QuerySelectorAll<IHtmlAnchorElement>("a[href*='handler=File']").Single(a => a.TextContent == "threats.png");
        var download = await documenter.Http.GetAsync(link.GetAttribute("href"));
        Assert.Equal(screenshot, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);

        var converted = await IntakeSteps.RecordAsCase(documenter, url);
        var caseId = Guid.Parse(converted.Headers.Location!.OriginalString.Split('/')[4]);
        var files = new GetCase(app.Instance).Run(DalelApp.Owner(app.OrgA), caseId).Value.Record.Files;
        Assert.Equal(["letter.pdf", "threats.png"], files.Select(f => f.FileName).Order().ToArray());
        var evidence = new OpenEvidence(app.Instance).Run(DalelApp.Owner(app.OrgA), caseId, files.Single(f => f.FileName == "threats.png").Id).Value;
        Assert.Equal(screenshot, evidence.Content);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(screenshot)), evidence.File.Sha256);

        // A form that takes no files offers none and refuses one sent anyway.
        var plain = IntakeSteps.EnableForm(app, app.OrgB, "no-files");
        Assert.Null((await reporter.Page(plain)).QuerySelector("input[type=file]"));
        Assert.IsType<Dalel.Core.Invalid>(new Dalel.Core.Intake.SubmitIntakeReport(app.Instance).Run("no-files", new Dictionary<string, string?> { ["what"] = "x" }, "en", [new("a.pdf", "application/pdf", letter)]).Error);
    }

    [Fact]
    public async Task A_documenter_turns_a_report_into_a_case_once_keeping_every_word_the_reporter_wrote()
    {
        using var app = new DalelApp();
        app.Unseal();
        var form = IntakeSteps.EnableForm(app, app.OrgA, "to-case");
        using var reporter = app.Anonymous();
        await IntakeSteps.Report(reporter, form, new() { ["what"] = "Нас избили после встречи, назначенной через приложение", ["when"] = "2025-03", ["who"] = "Незнакомцы из приложения", ["consent"] = "0" });
        using var documenter = await app.SignInAs(Role.Documenter);
        var queue = await documenter.Page(IntakeRoutes.Queue(app.OrgA));
        var url = queue.QuerySelector<IHtmlAnchorElement>($"a[href^='/o/{app.OrgA}/intake/']")!.PathName;

        // The form comes prefilled and nothing is recorded until it is saved.
        var draftUrl = (await documenter.Page(url)).QuerySelector<IHtmlAnchorElement>("a[href*='?report=']")!.GetAttribute("href")!;
        var draft = await documenter.Page(draftUrl);
        Assert.Equal("Reporter", draft.QuerySelector<IHtmlInputElement>("[name='Form.Victims[0].CodeName']")!.Value);
        Assert.Equal("granted", draft.QuerySelector<IHtmlSelectElement>("[name='Form.Victims[0].Consents[1].Decision']")!.Value);
        Assert.Equal(0, new SearchCases(app.Instance).Run(DalelApp.Owner(app.OrgA), new CaseQuery()).Value.Total);
        var converted = await IntakeSteps.RecordAsCase(documenter, url);
        Assert.Equal(HttpStatusCode.Redirect, converted.StatusCode);
        var caseId = Guid.Parse(converted.Headers.Location!.OriginalString.Split('/')[4]);
        var recorded = new GetCase(app.Instance).Run(DalelApp.Owner(app.OrgA), caseId).Value.Record;
        Assert.Contains("Нас избили после встречи", recorded.Narrative, StringComparison.Ordinal);
        Assert.Contains("Незнакомцы из приложения", recorded.Narrative, StringComparison.Ordinal);
        Assert.Contains("Yes, without my name", recorded.Narrative, StringComparison.Ordinal);
        Assert.Equal(new IncidentDate(DatePrecision.Month, new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 31)), recorded.Date);

        var reportPage = await documenter.Page(url);
        Assert.Null(reportPage.QuerySelector("a[href*='?report=']"));
        Assert.NotNull(reportPage.QuerySelector($"a[href='/o/{app.OrgA}/cases/{caseId}']"));
        // The draft again (an old tab, a second documenter) leads back to the report, and saving it records nothing.
        Assert.Equal(url, (await documenter.Http.GetAsync(draftUrl)).Headers.Location!.OriginalString);
        Assert.NotEqual(HttpStatusCode.Redirect, (await documenter.Submit(draft.QuerySelector<IHtmlFormElement>("main form")!, draftUrl, new() { ["Form.Acts[0].Violations"] = "threats" }, "save")).StatusCode);
        Assert.Equal(1, new SearchCases(app.Instance).Run(DalelApp.Owner(app.OrgA), new CaseQuery()).Value.Total);
    }
}
