using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Web.Pages.Orgs.Intake;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Intake;

/// <summary>Victims and witnesses report through an organisation's public form, anonymously, and come back with a receipt.</summary>
public sealed class PublicIntakeTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public async Task A_report_sent_while_sealed_reaches_the_documenters_and_their_reply_reaches_the_reporter(Provider provider)
    {
        using var app = new DalelApp(provider);
        app.Unseal();
        var form = IntakeSteps.EnableForm(app, app.OrgA, "safe-a");
        new Dalel.Core.Vault.SealVault(app.Instance).Run("cli");
        Assert.True(app.Instance.Vault.IsSealed);

        using var reporter = app.Anonymous();
        var receipt = await IntakeSteps.ReportAndGetReceipt(reporter, form, "Полицейские задержали нас у клуба 14 марта");
        Assert.Matches("^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$", receipt);
        Assert.Contains(AuditLog.Read(app.Instance), e => e.Action == AuditAction.IntakeReceived && e.OrgId == app.OrgA && e.Actor == Actors.Anonymous);

        app.Unseal();
        using var documenter = await app.SignInAs(Role.Documenter);
        var queue = await documenter.Page(IntakeRoutes.Queue(app.OrgA));
        Assert.Equal("Reports received (1)", queue.QuerySelector($"header a[href='/o/{app.OrgA}/intake']")!.TextContent);
        var link = queue.QuerySelector<IHtmlAnchorElement>($"a[href^='/o/{app.OrgA}/intake/']")!;
        Assert.Contains("Полицейские задержали нас у клуба", queue.Body!.TextContent, StringComparison.Ordinal);
        var report = await documenter.Page(link.PathName);
        Assert.Contains("Полицейские задержали нас у клуба 14 марта", report.Body!.TextContent, StringComparison.Ordinal);
        var replied = await documenter.SubmitForm(link.PathName, "form[action*='handler=Reply']", new() { ["Reply"] = "Мы получили ваше сообщение. Юрист свяжется через эту страницу." });
        Assert.Equal(HttpStatusCode.Redirect, replied.StatusCode);
        Assert.Equal("Reports received", (await documenter.Page(IntakeRoutes.Queue(app.OrgA))).QuerySelector($"header a[href='/o/{app.OrgA}/intake']")!.TextContent);

        // Lowercase and without dashes, as someone might type it on a phone.
        var (_, thread) = await IntakeSteps.Follow(reporter, form, receipt.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant());
        Assert.Contains("Юрист свяжется через эту страницу", thread.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Полицейские задержали", thread.Body!.TextContent, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await IntakeSteps.AddInformation(reporter, form, receipt, "Ещё: у меня забрали телефон")).StatusCode);
        var afterAddition = await documenter.Page(link.PathName);
        Assert.Contains("у меня забрали телефон", afterAddition.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("awaiting reply", afterAddition.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receipt_opens_only_its_own_report()
    {
        using var app = new DalelApp();
        app.Unseal();
        var formA = IntakeSteps.EnableForm(app, app.OrgA, "form-a");
        var formB = IntakeSteps.EnableForm(app, app.OrgB, "form-b");
        using var first = app.Anonymous();
        using var second = app.Anonymous();
        var receiptOne = await IntakeSteps.ReportAndGetReceipt(first, formA, "first report");
        var receiptTwo = await IntakeSteps.ReportAndGetReceipt(second, formA, "second report");
        var receiptB = await IntakeSteps.ReportAndGetReceipt(second, formB, "report to B");

        using var documenter = await app.SignInAs(Role.Documenter);
        var queue = await documenter.Page(IntakeRoutes.Queue(app.OrgA));
        var second_ = queue.QuerySelectorAll<IHtmlAnchorElement>($"a[href^='/o/{app.OrgA}/intake/']").Select(a => a.PathName).ToList();
        Assert.Equal(2, second_.Count);
        foreach (var url in second_)
        {
            var page = await documenter.Page(url);
            var reply = page.Body!.TextContent.Contains("second report", StringComparison.Ordinal) ? "reply for the second" : "reply for the first";
            await documenter.SubmitForm(url, "form[action*='handler=Reply']", new() { ["Reply"] = reply });
        }

        var (_, one) = await IntakeSteps.Follow(first, formA, receiptOne);
        Assert.Contains("reply for the first", one.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("reply for the second", one.Body!.TextContent, StringComparison.Ordinal);

        // Another organisation's receipt on this form, a changed character and plain junk all get the same answer.
        var changed = receiptTwo[..^1] + (receiptTwo[^1] == '0' ? '1' : '0');
        foreach (var code in new[] { receiptB, changed, "not a code", "' OR 1=1 --" })
        {
            var (response, page) = await IntakeSteps.Follow(first, formA, code);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("No report matches this code", page.Body!.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain("reply for", page.Body!.TextContent, StringComparison.Ordinal);
        }

        // B's own documenters do not see A's reports, nor A's B's.
        using var documenterB = await app.SignInAs(Role.Documenter, "b");
        var queueB = await documenterB.Page(IntakeRoutes.Queue(app.OrgB));
        Assert.Contains("report to B", queueB.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("first report", queueB.Body!.TextContent, StringComparison.Ordinal);
        await documenterB.Page(second_[0].Replace(app.OrgA.ToString(), app.OrgB.ToString(), StringComparison.Ordinal), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_missing_answer_or_a_busy_minute_gives_the_reporter_their_text_back()
    {
        using var app = new DalelApp(settings: new Dictionary<string, string> { ["Dalel:IntakeReportsPerMinute"] = "2" });
        app.Unseal();
        var form = IntakeSteps.EnableForm(app, app.OrgA, "busy-form");
        using var reporter = app.Anonymous();

        var (missing, missingPage) = await IntakeSteps.Report(reporter, form, new() { ["what"] = "", ["where"] = "Алматы, Медеуский район" });
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Null(missingPage.QuerySelector(".receipt"));
        Assert.Equal("Алматы, Медеуский район", missingPage.QuerySelector<IHtmlInputElement>("input[name='Answers[where]']")!.Value);
        Assert.Contains("required", missingPage.QuerySelector("form")!.TextContent, StringComparison.OrdinalIgnoreCase);

        await IntakeSteps.ReportAndGetReceipt(reporter, form, "second permit");
        var (busy, busyPage) = await IntakeSteps.Report(reporter, form, new() { ["what"] = "Текст, который нельзя потерять" });
        Assert.Equal(HttpStatusCode.TooManyRequests, busy.StatusCode);
        Assert.Equal("Текст, который нельзя потерять", busyPage.QuerySelector<IHtmlTextAreaElement>("textarea[name='Answers[what]']")!.Value);
        Assert.Null(busyPage.QuerySelector(".receipt"));
    }

    [Fact]
    public async Task The_form_loads_nothing_from_elsewhere_runs_no_script_and_offers_a_quick_exit()
    {
        using var app = new DalelApp();
        app.Unseal();
        var form = IntakeSteps.EnableForm(app, app.OrgA, "plain-form");
        using var reporter = app.Anonymous();
        foreach (var lang in new[] { "en", "ru", "kk" })
        {
            var response = await reporter.Http.GetAsync($"{form}?lang={lang}");
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.Contains("Culture", StringComparison.OrdinalIgnoreCase)));
            var page = await WebBrowser.Parse(response);
            Assert.Equal(lang, page.DocumentElement.GetAttribute("lang"));
            Assert.Empty(page.QuerySelectorAll("script"));
            var exit = page.QuerySelector<IHtmlAnchorElement>("a.quick-exit")!;
            Assert.Equal("https://www.wikipedia.org/", exit.Href);
            Assert.All(page.QuerySelectorAll("[src], link[href]"), e => Assert.StartsWith("/", e.GetAttribute("src") ?? e.GetAttribute("href")!, StringComparison.Ordinal));
            Assert.DoesNotContain("⟦", page.Body!.TextContent, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await reporter.Http.GetAsync("/report/no-such-form")).StatusCode);
        using var owner = await app.SignInAs(Role.Owner);
        var settings = IntakeRoutes.Settings(app.OrgA);
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitForm(settings, "main form", new() { ["Form.Enabled"] = "false" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reporter.Http.GetAsync(form)).StatusCode);
    }

    [Fact]
    public async Task Nothing_about_the_reporter_or_their_words_is_readable_at_rest()
    {
        var started = DateTime.UtcNow.AddSeconds(-2);
        var tag = Guid.NewGuid().ToString("N")[..10];
        var words = $"МенятИзбилиВОтделе{tag}";
        var userAgent = $"ReporterPhoneBrowser/{tag}";
        var app = new DalelApp { KeepDataDirectory = true };
        var dataDirectory = app.DataDirectory;
        var receipt = "";
        try
        {
            app.Unseal();
            var form = IntakeSteps.EnableForm(app, app.OrgA, "rest-form", allowFiles: true);
            new Dalel.Core.Vault.SealVault(app.Instance).Run("cli");
            using var reporter = app.Anonymous();
            reporter.Http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
            reporter.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.77");
            var (_, sent) = await IntakeSteps.ReportWithFiles(reporter, form, new() { ["what"] = words }, ($"скриншот{tag}.png", IntakeSteps.PngBytes(System.Text.Encoding.UTF8.GetBytes($"ScreenshotBytes{tag}"))));
            receipt = sent.QuerySelector(".receipt")!.TextContent.Trim();
            Assert.Equal(HttpStatusCode.OK, (await IntakeSteps.AddInformation(reporter, form, receipt, $"Дополнение{tag}")).StatusCode);
        }
        finally
        {
            await app.DisposeAsync();
        }

        var leaks = await AtRest.Leaks(dataDirectory, app.Logs.All, [words, $"Дополнение{tag}", $"скриншот{tag}", $"ScreenshotBytes{tag}", userAgent, "203.0.113.77", tag, receipt, receipt.Replace("-", "", StringComparison.Ordinal)], started);
        Directory.Delete(dataDirectory, recursive: true);
        Assert.Empty(leaks);
    }
}
