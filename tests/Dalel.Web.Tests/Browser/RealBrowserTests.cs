using Dalel.Core;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Vault;
using Microsoft.Playwright;

namespace Dalel.Web.Tests.Browser;

/// <summary>
/// Real Chromium (Debian's, at /usr/bin/chromium, with JavaScript disabled as in Tor Browser's safest mode) against
/// the real server on a loopback port: a reporter uses the public form while sealed; an owner sets up a second factor
/// and unseals; a documenter records a case in Russian and finds it by search.
/// </summary>
public sealed class RealBrowserTests : IAsyncLifetime
{
    private LoopbackServer? _server;

    public async ValueTask InitializeAsync()
    {
        Chromium.Require();

        _server = new LoopbackServer();
        var instance = _server.Instance;
        var init = new InitialiseVault(instance).Run("browser test passphrase", "Инициатива", new FirstOwner("owner", "Owner", "owner-password"), KdfParameters.Fast).Value;
        new AddMember(instance).Run(OrgScope.Cli(init.OrganisationId), "documenter", "Documenter", "documenter-password", Role.Documenter);
        new Dalel.Core.Intake.ConfigureIntake(instance).Run(OrgScope.Cli(init.OrganisationId), Dalel.Core.Intake.DefaultIntake.Settings() with { Enabled = true, Slug = "browser-form", PublicName = "Сообщить" }, 0);
        new SealVault(instance).Run("cli");
        await _server.StartAsync();
    }

    [Fact]
    public async Task A_documenter_signs_in_after_the_owner_unseals_records_a_case_in_russian_and_finds_it()
    {
        var address = _server!.Address;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.Launch(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, BaseURL = address, Locale = "ru-RU" });
        var page = await context.NewPageAsync();

        // A reporter, while the instance is sealed: the public form in Kazakh, sent without script, a receipt back.
        var reporter = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, BaseURL = address });
        var form = await reporter.NewPageAsync();
        await form.GotoAsync("/report/browser-form?lang=kk");
        Assert.Equal("kk", await form.GetAttributeAsync("html", "lang"));
        Assert.True(await form.IsVisibleAsync("a.quick-exit"));
        await form.FillAsync("textarea[name='Answers[what]']", "Клубтан шыққанда полиция ұстады");
        await form.CheckAsync("input[name='Answers[consent]'][value='1']");
        await form.ClickAsync("main form button[type=submit]");
        Assert.Matches("^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$", (await form.InnerTextAsync(".receipt")).Trim());
        await reporter.CloseAsync();

        await page.GotoAsync("/");
        await page.FillAsync("#login", "owner");
        await page.FillAsync("#password", "owner-password");
        await page.ClickAsync("main button[type=submit]");

        // Owners set up a second factor first: the QR code is an image drawn on the server, the key is shown beside it.
        Assert.EndsWith("/account/two-factor?required=true", page.Url, StringComparison.Ordinal);
        var qr = Convert.FromBase64String((await page.GetAttributeAsync("figure img", "src"))!["data:image/png;base64,".Length..]);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, qr[..4]);
        Assert.True(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(qr.AsSpan(16, 4)) > 100, "the QR code is not a real image");
        var secret = await page.InnerTextAsync("code.secret");
        await page.FillAsync("form[action*='handler=Enable'] #password", "owner-password");
        await page.FillAsync("#code", new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(secret)).ComputeTotp());
        await page.ClickAsync("form[action*='handler=Enable'] button[type=submit]");
        Assert.Equal(10, await page.Locator(".recovery-codes code").CountAsync());
        await page.GotoAsync("/");
        await page.ClickAsync("main a.button");
        await page.FillAsync("#passphrase", "browser test passphrase");
        await page.ClickAsync("main button[type=submit]");
        Assert.Contains("Инициатива", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await Chromium.Menu(page, "/sign-out");

        await page.FillAsync("#login", "documenter");
        await page.FillAsync("#password", "documenter-password");
        await page.ClickAsync("main button[type=submit]");
        await page.ClickAsync("main .org-card a");
        await Chromium.Menu(page, "/cases/new");
        Assert.Equal("Новое дело", await page.InnerTextAsync("h1"));

        await page.FillAsync("[name='Form.Title']", "Рейд в клубе на Абая");
        await page.FillAsync("[name='Form.DateFrom']", "04.2024");
        await page.SelectOptionAsync("[name='Form.Region']", "astana");
        await page.FillAsync("[name='Form.Narrative']", "Полицейские ворвались в клуб и переписали данные гостей.");
        await page.FillAsync("[name='Form.Victims[0].CodeName']", "Гость-1");
        await page.CheckAsync("input[name='Form.Acts[0].Violations'][value='raid']");
        await page.SelectOptionAsync("[name='Form.Acts[0].Perpetrators[0].Type']", "police");
        await page.ClickAsync("button[value='save']:not(.default-submit)");
        Assert.Equal("Рейд в клубе на Абая", await page.InnerTextAsync("h1"));

        await Chromium.Menu(page, "/cases");
        await page.FillAsync("#q", "ворвались");
        await page.ClickAsync("form[role=search] button[type=submit]");
        Assert.Equal("Рейд в клубе на Абая", await page.InnerTextAsync("main table tbody a"));
        Assert.Contains("Дел: 1", await page.InnerTextAsync("main"), StringComparison.Ordinal);
    }

    /// <summary>
    /// The pages issue 13 changed, on a phone-sized screen (390 px) without script: changing a password with the sign-in
    /// name, in Russian; a report that became a case, seen by the documenter, in Kazakh. Screenshots go to the temp
    /// directory (dalel-walk-*.png) for a person to look at; the test checks nothing runs off the screen.
    /// </summary>
    [Fact]
    public async Task The_password_and_intake_pages_read_on_a_phone_in_russian_and_kazakh()
    {
        var address = _server!.Address;
        Assert.True(new UnsealVault(_server.Instance).Run("browser test passphrase", "cli").IsOk);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.Launch(playwright);
        var phone = new ViewportSize { Width = 390, Height = 844 };

        var russian = await (await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, BaseURL = address, Locale = "ru-RU", ViewportSize = phone })).NewPageAsync();
        await Chromium.SignIn(russian, "documenter", "documenter-password");
        await russian.GotoAsync("/account/password");
        Assert.Equal("Ваше имя для входа", (await russian.InnerTextAsync("label[for=login]")).Trim());
        await russian.FillAsync("#login", "documenter");
        await russian.FillAsync("#current", "documenter-password");
        await russian.FillAsync("#new", "a new documenter password");
        await russian.FillAsync("#again", "a new documenter password");
        await russian.ClickAsync("main button[type=submit]");
        Assert.Contains("Пароль изменён.", await russian.InnerTextAsync("main"), StringComparison.Ordinal);
        await FitsThePhone(russian, "password-ru");

        var reporter = await (await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, BaseURL = address, ViewportSize = phone })).NewPageAsync();
        await reporter.GotoAsync("/report/browser-form?lang=kk");
        await reporter.FillAsync("textarea[name='Answers[what]']", "Клубтан шыққанда полиция ұстады");
        await reporter.ClickAsync("main form button[type=submit]");
        await FitsThePhone(reporter, "receipt-kk");

        var kazakh = await (await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, BaseURL = address, Locale = "kk-KZ", ViewportSize = phone })).NewPageAsync();
        await Chromium.SignIn(kazakh, "documenter", "a new documenter password");
        await kazakh.ClickAsync("main .org-card a");
        await Chromium.Menu(kazakh, "/intake");
        await kazakh.ClickAsync("main table a[href*='/intake/']");
        var report = kazakh.Url;
        // "Record as a case" opens the case form filled from the report; the case exists once it is saved.
        await kazakh.ClickAsync("main a[href*='?report=']");
        await FitsThePhone(kazakh, "from-report-kk");
        await kazakh.CheckAsync("input[name='Form.Acts[0].Violations'][value='arbitrary_detention']");
        await kazakh.ClickAsync("main button[value='save']:not(.default-submit)");
        await kazakh.GotoAsync(report);
        Assert.Contains("Хабарлаушы мұнда жазғаны енді істе", await kazakh.InnerTextAsync("main"), StringComparison.Ordinal);
        await FitsThePhone(kazakh, "intake-kk");
    }

    /// <summary>
    /// A sheet imported on a phone-sized screen with script off, in Russian (issue 14): upload, columns, values, check,
    /// confirm — each step a plain form that fits the screen.
    /// </summary>
    [Fact]
    public async Task A_sheet_is_imported_on_a_phone_without_script_in_russian()
    {
        var address = _server!.Address;
        Assert.True(new UnsealVault(_server.Instance).Run("browser test passphrase", "cli").IsOk);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.Launch(playwright);
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, BaseURL = address, Locale = "ru-RU", ViewportSize = new ViewportSize { Width = 390, Height = 844 } })).NewPageAsync();
        await Chromium.SignIn(page, "documenter", "documenter-password");
        await page.ClickAsync("main .org-card a");
        await Chromium.Menu(page, "/import");
        await FitsThePhone(page, "import-ru");
        await page.SetInputFilesAsync("#file", new FilePayload
        {
            Name = "таблица.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("№;Дата;Область;Что произошло;Кто;Нарушение\r\n17;15.03.2024;г. Алматы;Задержали у клуба;участковый;вымогательство\r\n18;2023;Абай;Угрозы;соседи;угрозы"),
        });
        await page.ClickAsync("form[action*='handler=Upload'] button[type=submit]");
        await FitsThePhone(page, "import-columns-ru");
        await page.ClickAsync("form[action*='handler=Columns'] button[type=submit]");
        await FitsThePhone(page, "import-values-ru");
        await page.ClickAsync("form[action*='handler=Values'] button[type=submit]");
        Assert.Contains("Строк: 2; новых дел: 2", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await FitsThePhone(page, "import-check-ru");
        await page.ClickAsync("form[action*='handler=Confirm'] button[type=submit]");
        Assert.Contains("Импортировано: новых дел 2", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        // The same sheet again, in Kazakh: the values step and the check (nothing new: both cases unchanged).
        var kazakh = await (await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, BaseURL = address, Locale = "kk-KZ", ViewportSize = new ViewportSize { Width = 390, Height = 844 } })).NewPageAsync();
        await Chromium.SignIn(kazakh, "documenter", "documenter-password");
        await kazakh.ClickAsync("main .org-card a");
        await Chromium.Menu(kazakh, "/import");
        await kazakh.SetInputFilesAsync("#file", new FilePayload
        {
            Name = "кесте.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("№;Дата;Область;Что произошло;Кто;Нарушение\r\n17;15.03.2024;г. Алматы;Задержали у клуба;участковый;вымогательство\r\n18;2023;Абай;Угрозы;соседи;угрозы"),
        });
        await kazakh.ClickAsync("form[action*='handler=Upload'] button[type=submit]");
        await kazakh.ClickAsync("form[action*='handler=Columns'] button[type=submit]");
        await FitsThePhone(kazakh, "import-values-kk");
        await kazakh.ClickAsync("form[action*='handler=Values'] button[type=submit]");
        Assert.Contains("2 жол: 0 жаңа іс, 0 жаңарту, 2 өзгеріссіз", await kazakh.InnerTextAsync("main"), StringComparison.Ordinal);
        // Nothing would change, so nothing is offered to import ("import 0 cases" was).
        Assert.Equal(0, await kazakh.Locator("form[action*='handler=Confirm']").CountAsync());
        Assert.Contains("импорттайтын ештеңе жоқ", await kazakh.InnerTextAsync("main"), StringComparison.Ordinal);
        await FitsThePhone(kazakh, "import-check-kk");
    }

    /// <summary>No block of the page is wider than the phone, and a screenshot is kept for a person to look at.</summary>
    private static async Task FitsThePhone(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), $"dalel-walk-{name}.png"), FullPage = true });
        foreach (var block in await page.Locator("main > *, header, form, table, textarea, input").AllAsync())
        {
            if (await block.BoundingBoxAsync() is { } box && await block.IsVisibleAsync())
            {
                Assert.True(box.X + box.Width <= 391, $"{name}: an element runs off a 390 px screen ({box.X + box.Width:0} px)");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
