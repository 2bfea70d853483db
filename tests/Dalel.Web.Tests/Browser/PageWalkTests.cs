using System.Text.Json;
using System.Text.RegularExpressions;
using Dalel.Core;
using Dalel.Core.Cases;
using Dalel.Core.Intake;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Register;
using Dalel.Core.Submissions;
using Dalel.Core.Vault;
using Microsoft.Playwright;

namespace Dalel.Web.Tests.Browser;

/// <summary>
/// Every page, as each role, on a phone (390 px, Russian) and a laptop (1280 px, Kazakh), with JavaScript off: nothing
/// may run off the screen sideways, axe-core (run inside the page) may find nothing serious or critical, and no English
/// may be left on a Russian or Kazakh page but proper names. The seeded content is Russian, so any Latin word on the
/// page comes from Dalel itself.
/// </summary>
public sealed partial class PageWalkTests : IAsyncLifetime
{
    private const string Password = "walk-password";
    private const string Passphrase = "page walk passphrase";
    private LoopbackServer? _server;
    private Walk _walk = null!;

    /// <summary>Latin words a Russian or Kazakh page may show: the product, the language menu, UN document symbols and
    /// file formats, which the UN's Russian texts also write in Latin letters.</summary>
    private static readonly HashSet<string> ProperNames = new(StringComparer.Ordinal)
    {
        "Dalel", "English", "CCPR", "KAZ", "CO", "CSV", "XLSX", "PNG", "JSON", "API", "OpenAPI", "SHA", "HTTPS", "Tor", "TOTP", "UTC",
        "Excel", "ODK", "KoboToolbox", "PDF", "DOCX", "ODT", "Word", "LibreOffice", "OSCE", "ODIHR", "UPR", "Bearer", "Authorization",
        "HTML", "SVG", "UHRI", "Aegis", "FreeOTP", "Google", "Authenticator", "Collect", "KoboCollect", "Tella",
        // Statistical notation Russian and Kazakh texts also write in Latin letters.
        "BIC", "AIC",
    };

    private sealed record Walk(Guid Org, Guid Case, Guid File, Guid Submission, Guid Report, Guid Recommendation, string Slug);

    public async ValueTask InitializeAsync()
    {
        Chromium.Require();
        _server = new LoopbackServer("--Dalel:OwnersNeedSecondFactor=false");
        _walk = Seed(_server.Instance);
        await _server.StartAsync();
    }

    private static Walk Seed(DalelInstance instance)
    {
        var org = new InitialiseVault(instance).Run(Passphrase, "Инициатива «Қадам»", new FirstOwner("owner", "Айгерим", Password), KdfParameters.Fast).Value.OrganisationId;
        var scope = OrgScope.Cli(org);
        foreach (var role in new[] { Role.Documenter, Role.Analyst, Role.Viewer })
        {
            new AddMember(instance).Run(scope, role.ToString().ToLowerInvariant(), "Сотрудник " + (int)role, Password, role);
        }

        var victim = new Victim
        {
            Id = Guid.NewGuid(),
            CodeName = "Гость-1",
            Consents =
            [
                new ConsentGrant { Use = "internal", Granted = true, Date = new DateOnly(2024, 5, 1), Method = "written" },
                new ConsentGrant { Use = "anonymous_statistics", Granted = true, Date = new DateOnly(2024, 5, 1), Method = "written" },
                // Without it the submission's story paragraph was refused and the editor walked without it (until 2026-12-01).
                new ConsentGrant { Use = StoryConsent.Use, Granted = true, Date = new DateOnly(2024, 5, 1), Method = "written" },
            ],
        };
        var caseId = new RecordCase(instance).Run(scope, new CaseContent
        {
            Title = "Рейд в клубе на Абая",
            Narrative = "Полицейские ворвались в клуб и переписали данные гостей.",
            Date = new IncidentDate(DatePrecision.Day, new DateOnly(2024, 4, 20), new DateOnly(2024, 4, 20)),
            Place = new Place { Region = "astana" },
            Victims = [victim],
            Acts = [new Act { Id = Guid.NewGuid(), VictimId = victim.Id, Violations = ["raid"], Perpetrators = [new Perpetrator { Type = "police", Count = 10 }] }],
            Identities = [new VictimIdentity { VictimId = victim.Id, FullName = "Иванов Иван" }],
        }).Value;
        byte[] png;
        using (var bitmap = new SkiaSharp.SKBitmap(64, 48))
        {
            bitmap.Erase(SkiaSharp.SKColors.Coral);
            using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
            png = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100).ToArray();
        }

        var file = new AttachEvidence(instance).Run(scope, caseId, "снимок.png", "image/png", png).Value;
        var submission = new CreateSubmission(instance).Run(scope, new SubmissionHeader { Title = "Альтернативный доклад", Mechanism = "ccpr" }).Value;
        var storied = new EditSubmission(instance).Run(scope, submission, 1, s => SubmissionEdits.AddParagraph(s, s.Sections[1].Id, new Paragraph
        {
            Id = Guid.NewGuid(),
            Story = new CaseStory { Case = caseId, Text = "Полицейские ворвались в клуб." },
        }));
        // An empty paragraph opens its form (the estimate's method among its fields) and, asking for an estimate no
        // linkage can give yet, shows what is missing.
        Assert.True(storied.IsOk, $"{storied.Error}");
        var estimated = new EditSubmission(instance).Run(scope, submission, 2, s => SubmissionEdits.AddParagraph(s, s.Sections[1].Id, new Paragraph
        {
            Id = Guid.NewGuid(),
            Estimate = true,
            EstimateMethod = SubmissionEstimate.WithLinkageError,
        }));
        Assert.True(estimated.IsOk, $"{estimated.Error}");
        const string slug = "soobshchit";
        new ConfigureIntake(instance).Run(scope, DefaultIntake.Settings() with { Enabled = true, Slug = slug, PublicName = "Сообщить о нарушении" }, 0);
        new SubmitIntakeReport(instance).Run(slug, new Dictionary<string, string?> { ["what"] = "Задержали у клуба в Алматы", ["consent"] = "1" }, "ru");
        var report = new ListIntakeReports(instance).Run(scope).Value[0].Id;
        var recommendation = new SaveRegisterEntry<Recommendation>(instance).Run(scope, null, 0,
            new Recommendation { Mechanism = "ccpr", Body = "Комитет по правам человека", Symbol = "CCPR/C/KAZ/CO/3", Paragraph = "10", Text = "Принять всеобъемлющий антидискриминационный закон." }).Value;
        new Dalel.Core.Api.CreateApiToken(instance).Run(scope, "Отчётная таблица", [Dalel.Core.Api.ApiScopes.ReadCoded], 30);
        // Field capture on, with a phone and a refused submission, so the page shows its table and list, not only "off".
        new Dalel.Core.FieldCapture.EnableFieldCapture(instance).Run(scope, true);
        var phone = new Dalel.Core.FieldCapture.IssueFieldDevice(instance).Run(scope, "Телефон Айгерим").Value;
        new Dalel.Core.FieldCapture.ReceiveFieldSubmission(instance).Run(org, phone.Device.Id, phone.Secret,
            """<data xmlns="http://opendatakit.org/submissions" encrypted="yes" id="dalel_incident"><base64EncryptedKey>AAAA</base64EncryptedKey><meta><instanceID>uuid:walk</instanceID></meta><encryptedXmlFile>submission.xml.enc</encryptedXmlFile><base64EncryptedElementSignature>AAAA</base64EncryptedElementSignature></data>"""u8.ToArray(),
            new Dictionary<string, byte[]> { ["submission.xml.enc"] = [1, 2, 3] });
        new Dalel.Core.FieldCapture.OpenFieldSubmissions(instance).Run(scope, "ru");
        return new Walk(org, caseId, file, submission, report, recommendation, slug);
    }

    /// <summary>The pages a signed-in member can open; those a role may not are answered 403 and skipped for it.</summary>
    private IEnumerable<string> MemberPages()
    {
        var o = $"/o/{_walk.Org}";
        return
        [
            "/", "/account/password", "/account/two-factor", "/vault/seal", "/api/v1/reference",
            $"{o}/cases", $"{o}/cases?q=клуб", $"{o}/cases?q=ничего-такого", $"{o}/cases/new", $"{o}/cases/{_walk.Case}",
            $"{o}/cases/{_walk.Case}/edit", $"{o}/cases/{_walk.Case}/delete",
            $"{o}/cases/{_walk.Case}/files/{_walk.File}/redact",
            $"{o}/statistics", $"{o}/estimate", $"{o}/hate-crime", $"{o}/linkage",
            $"{o}/submissions", $"{o}/submissions/{_walk.Submission}",
            $"{o}/register", $"{o}/register/recommendations/{_walk.Recommendation}",
            $"{o}/intake", $"{o}/intake/{_walk.Report}", $"{o}/intake/settings", $"{o}/field",
            $"{o}/import", $"{o}/members", $"{o}/api-tokens",
        ];
    }

    public static TheoryData<Role, int, string> Screens() => new()
    {
        { Role.Owner, 390, "ru" }, { Role.Owner, 1280, "kk" },
        { Role.Documenter, 390, "kk" }, { Role.Documenter, 1280, "ru" },
        { Role.Analyst, 390, "ru" }, { Role.Analyst, 1280, "kk" },
        { Role.Viewer, 390, "kk" }, { Role.Viewer, 1280, "ru" },
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Every_page_a_member_opens_fits_the_screen_passes_axe_and_speaks_the_language(Role role, int width, string language)
    {
        var address = _server!.Address;
        Assert.True(new UnsealVault(_server.Instance).Run(Passphrase, "cli").IsOk);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.Launch(playwright);
        var page = await (await browser.NewContextAsync(Screen(address, width, language))).NewPageAsync();
        await Chromium.SignIn(page, role.ToString().ToLowerInvariant(), Password);
        var axe = await Axe(browser, page, address, width, language);
        var findings = new List<string>();
        var opened = 0;
        foreach (var url in MemberPages())
        {
            var response = await page.GotoAsync(url);
            if (response?.Status is 403 or 404)
            {
                continue;
            }

            Assert.True(response?.Ok, $"{url} as {role}: HTTP {response?.Status}");
            opened++;
            findings.AddRange(await Check(page, axe, url, width, language));
            if (url.EndsWith($"/submissions/{_walk.Submission}", StringComparison.Ordinal) && width < 500)
            {
                // For a person to look at: the editor's forms on a phone (the estimate's method among them).
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), $"dalel-walk-submission-{role}-{language}.png"), FullPage = true });
                if (await page.Locator("div.editor").CountAsync() > 0)
                {
                    await page.Locator("div.editor").Last.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), $"dalel-walk-submission-paragraph-{role}-{language}.png") });
                }
            }
        }

        Assert.True(opened >= 10, $"{role} opened only {opened} pages");
        Assert.True(findings.Count == 0, $"{role} at {width} px in {language}:\n" + string.Join('\n', findings));
    }

    [Theory]
    [InlineData(390, "ru")]
    [InlineData(1280, "kk")]
    public async Task The_pages_anyone_opens_fit_pass_axe_and_speak_the_language_sealed_or_not(int width, string language)
    {
        var address = _server!.Address;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.Launch(playwright);
        var page = await (await browser.NewContextAsync(Screen(address, width, language))).NewPageAsync();
        var axe = await Axe(browser, page, address, width, language);
        var findings = new List<string>();
        foreach (var url in new[] { "/", "/sign-in", "/vault/unseal", $"/report/{_walk.Slug}", $"/report/{_walk.Slug}/follow", "/api/v1/reference" })
        {
            var response = await page.GotoAsync(url);
            Assert.True(response?.Ok, $"{url}: HTTP {response?.Status}");
            findings.AddRange(await Check(page, axe, url + " (sealed)", width, language));
        }

        // A report sent: the receipt page.
        await page.GotoAsync($"/report/{_walk.Slug}");
        await page.FillAsync("textarea[name='Answers[what]']", "Угрожали в подъезде");
        await page.ClickAsync("main form button[type=submit]");
        findings.AddRange(await Check(page, null, "receipt", width, language));
        Assert.True(findings.Count == 0, $"{width} px in {language}:\n" + string.Join('\n', findings));
    }

    private static BrowserNewContextOptions Screen(string address, int width, string language, bool script = false) => new()
    {
        JavaScriptEnabled = script,
        BaseURL = address,
        Locale = language == "ru" ? "ru-RU" : "kk-KZ",
        ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 844 : 800 },
    };

    /// <summary>
    /// A second tab with script on, signed in as the first, for axe-core alone: axe needs script to run, and the pages
    /// carry none (the CSP forbids it), so both tabs are given the same document.
    /// </summary>
    private static async Task<IPage> Axe(IBrowser browser, IPage page, string address, int width, string language)
    {
        var context = await browser.NewContextAsync(Screen(address, width, language, script: true));
        await context.AddCookiesAsync((await page.Context.CookiesAsync()).Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        return await context.NewPageAsync();
    }

    private static async Task<List<string>> Check(IPage page, IPage? axe, string url, int width, string language)
    {
        var findings = new List<string>();
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (scrollWidth > width)
        {
            var wide = await page.EvaluateAsync<string[]>(
                "w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1 && ![...e.children].some(c => c.getBoundingClientRect().right > w + 1)).slice(0, 4).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')",
                width);
            findings.Add($"{url}: {scrollWidth} px wide on a {width} px screen ({string.Join(", ", wide)})");
        }

        if (axe is not null)
        {
            await axe.GotoAsync(page.Url);
            await axe.EvaluateAsync(await AxeSource());
            var violations = await axe.EvaluateAsync<JsonElement>(
                "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))");
            findings.AddRange(violations.EnumerateArray().Select(v => $"{url}: axe {v.GetString()}"));
        }

        // Text the page shows or says (labels, placeholders, titles), leaving out code and passages marked as written in
        // another language (a submission drafted in English, the API's own descriptions).
        var text = await page.EvaluateAsync<string>("""
            lang => {
                const own = e => { const l = e.closest('[lang]'); return !e.closest('code, kbd') && (!l || l.lang.startsWith(lang)); };
                const out = [document.title];
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                for (let n = walker.nextNode(); n; n = walker.nextNode()) { if (own(n.parentElement)) out.push(n.nodeValue); }
                for (const e of document.querySelectorAll('[placeholder],[title],[aria-label],[alt],input[type=submit][value]')) {
                    if (own(e)) out.push(...['placeholder', 'title', 'aria-label', 'alt'].map(a => e.getAttribute(a) ?? ''), e.type === 'submit' ? e.value : '');
                }
                return out.join('\n');
            }
            """, language);
        // Markers a writer types as they are ({statistic}, {estimate}, year=2024) are syntax, like code.
        var english = LatinWord().Matches(TypedMarker().Replace(text, "")).Select(m => m.Value).Where(w => !ProperNames.Contains(w)).Distinct().ToList();
        if (english.Count > 0)
        {
            findings.Add($"{url}: not in {language}: {string.Join(", ", english.Take(12))}");
        }

        return findings;
    }

    private static string? _axe;

    private static async Task<string> AxeSource()
    {
        if (_axe is not null)
        {
            return _axe;
        }

        var path = Support.Repository.NpmTool(Path.Combine("tools", "axe", "node_modules", "axe-core", "axe.min.js"), "npm ci --prefix tools/axe");
        return _axe = await File.ReadAllTextAsync(path);
    }

    // Words of three or more Latin letters, not part of a web address, an e-mail, a file name or a code like CASE-2024.
    [GeneratedRegex(@"(?<![\w@./:-])[A-Za-z][A-Za-z']{2,}(?![\w@/-]|\.\w)")]
    private static partial Regex LatinWord();

    [GeneratedRegex(@"\{[a-z_]+\}|\b[a-z_]+=[\w-]+")]
    private static partial Regex TypedMarker();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
