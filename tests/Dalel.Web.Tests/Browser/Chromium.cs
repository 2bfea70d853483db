using Microsoft.Playwright;

namespace Dalel.Web.Tests.Browser;

/// <summary>Debian's Chromium (apt-get install -y chromium), headless, reaching nothing but the app.</summary>
internal static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    /// <summary>Skips locally without Chromium; on CI its absence is a failure of .ci/run.</summary>
    public static void Require()
    {
        if (File.Exists(Path))
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail("Chromium is missing on CI: .ci/run must install Debian's chromium.");
        }

        Assert.Skip("The browser tests need Debian's chromium (apt-get install -y chromium).");
    }

    public static Task<IBrowser> Launch(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Path,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
    });

    /// <summary>Opens the menu group holding the page whose address ends so (or the sign-out button), then follows it.</summary>
    public static async Task Menu(IPage page, string pathEnd)
    {
        var target = pathEnd == "/sign-out" ? "form[action='/sign-out'] button" : $"a[href$='{pathEnd}']";
        var group = page.Locator("header nav details.menu").Filter(new LocatorFilterOptions { Has = page.Locator(target) }).First;
        await group.Locator("summary").ClickAsync();
        await group.Locator(target).ClickAsync();
    }

    public static async Task SignIn(IPage page, string login, string password)
    {
        await page.GotoAsync("/");
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", password);
        await page.ClickAsync("main button[type=submit]");
    }
}
