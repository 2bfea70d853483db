using Dalel.Core;
using Dalel.Core.Cases;
using Dalel.Core.Linkage;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Vault;
using Dalel.Web.Pages.Orgs.Estimation;
using Microsoft.Playwright;

namespace Dalel.Web.Tests.Browser;

/// <summary>
/// The estimate with the linkage's own uncertainty, and the owner's list of possible duplicates, on a phone-sized screen
/// (390 px) without script, in Russian and in Kazakh, for a linkage that used LSH blocking: each says its method, how
/// far to trust it and what blocking may have left out, in the language, and fits the screen.
/// </summary>
public sealed class LinkageEstimateBrowserTests : IAsyncLifetime
{
    private const string Passphrase = "linkage browser passphrase";
    private LoopbackServer? _server;
    private Guid _org;

    public async ValueTask InitializeAsync()
    {
        Chromium.Require();
        // The owner reviews duplicates here; setting up a second factor is walked in RealBrowserTests.
        _server = new LoopbackServer("--Dalel:OwnersNeedSecondFactor=false");
        var instance = _server.Instance;
        _org = new InitialiseVault(instance).Run(Passphrase, "Инициатива", new FirstOwner("owner", "Owner", "owner-password"), KdfParameters.Fast).Value.OrganisationId;
        new AddMember(instance).Run(OrgScope.Cli(_org), "analyst", "Аналитик", "analyst-password", Role.Analyst);
        var other = new CreateOrganisation(instance).Run("Другая", "cli").Value;

        // Both organisations documented the same four incidents; each has two of its own as well.
        string[] regions = ["astana", "almaty_city", "shymkent", "karaganda", "pavlodar", "aktobe", "atyrau", "kostanay"];
        void Record(Guid org, int i) => new RecordCase(instance).Run(OrgScope.Cli(org), Case(i, regions[i]));
        foreach (var i in new[] { 0, 1, 2, 3, 4, 5 })
        {
            Record(_org, i);
        }

        foreach (var i in new[] { 0, 1, 2, 3, 6, 7 })
        {
            Record(other, i);
        }

        var secret = Enumerable.Range(0, 32).Select(i => (byte)(i * 5 + 1)).ToArray();
        var files = new[] { _org, other }.Select(org => new EncodeForLinkage(instance).Run(OrgScope.Cli(org), secret).Value).ToList();
        Assert.True(new ImportLinkageResult(instance).Run(OrgScope.Cli(_org), MatchEncodings.Run(files, blocking: true).Value.ToJson()).IsOk);
        await _server.StartAsync();
    }

    [Theory]
    [InlineData("ru-RU", "По собственной модели связывания около", "сгруппировала LSH-блокировка")]
    [InlineData("kk-KZ", "Байланыстырудың өз моделі бойынша", "LSH блоктау топтастырған")]
    public async Task The_owners_possible_duplicates_say_how_far_to_trust_them_on_a_phone(string locale, string quality, string blocked)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.Launch(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, BaseURL = _server!.Address, Locale = locale, ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();
        await Chromium.SignIn(page, "owner", "owner-password");

        await page.GotoAsync(Dalel.Web.Pages.Orgs.Linkage.LinkageRoutes.Duplicates(_org));

        var main = await page.InnerTextAsync("main");
        Assert.Contains(quality, main, StringComparison.Ordinal);
        Assert.Contains(blocked, main, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), $"dalel-walk-linkage-duplicates-{locale}.png"), FullPage = true });
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, $"{locale}: the page is wider than a 390 px screen");
    }

    [Theory]
    [InlineData("ru-RU", "С учётом неопределённости связывания", "таблицам пересечений", "сгруппировала LSH-блокировка")]
    [InlineData("kk-KZ", "Байланыстырудың өз белгісіздігін ескере отырып", "қиылысу кестесі", "LSH блоктау топтастырған")]
    public async Task The_estimate_with_linkage_error_reads_on_a_phone(string locale, string heading, string method, string blocked)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.Launch(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, BaseURL = _server!.Address, Locale = locale, ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();
        await Chromium.SignIn(page, "analyst", "analyst-password");

        await page.GotoAsync(EstimationRoutes.Estimate(_org));
        await page.ClickAsync("main button[formaction='?handler=FromLinkage']");

        var main = await page.InnerTextAsync("main");
        Assert.Contains(heading, main, StringComparison.Ordinal);
        Assert.Contains(method, main, StringComparison.Ordinal);
        Assert.Contains(blocked, main, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), $"dalel-walk-linkage-estimate-{locale}.png"), FullPage = true });
        // As the page walk judges it: the page never scrolls sideways (a wide table scrolls within its own box).
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, $"{locale}: the page is wider than a 390 px screen");
    }

    private static CaseContent Case(int day, string region)
    {
        var victim = new Victim { Id = Guid.NewGuid(), CodeName = $"V{day}", Age = 20 + day };
        var date = new DateOnly(2024, 3, 1).AddDays(day * 17);
        return new CaseContent
        {
            Title = $"Дело {day}",
            Date = new IncidentDate(DatePrecision.Day, date, date),
            Place = new Place { Region = region },
            Victims = [victim],
            Acts = [new Act { Id = Guid.NewGuid(), VictimId = victim.Id, Violations = ["raid"], Perpetrators = [new Perpetrator { Type = "police", Count = 1 }] }],
            Identities = [new VictimIdentity { VictimId = victim.Id, FullName = $"Имя{day} Фамилия{day}" }],
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
