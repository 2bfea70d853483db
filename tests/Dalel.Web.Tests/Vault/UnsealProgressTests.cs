using System.Net;
using Dalel.Core.Members;
using Dalel.Web.Pages.Vault;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Vault;

/// <summary>
/// A long unseal shows a page that refreshes itself without script and counts the cases decrypted; its outcome, right
/// or wrong, reaches the owner who typed the passphrase. (The wait before the progress page is set to nothing here,
/// so the page appears even for the few cases of a test.)
/// </summary>
public sealed class UnsealProgressTests
{
    private static readonly Dictionary<string, string> NoWait = new() { ["Dalel:UnsealWaitMilliseconds"] = "0" };

    [Fact]
    public async Task The_owner_watches_the_unseal_on_a_self_refreshing_page_and_lands_on_the_home_page()
    {
        using var app = new DalelApp(settings: NoWait);
        app.Unseal();
        for (var i = 0; i < 20; i++)
        {
            Seeded.Case(app, app.OrgA, $"p{i}");
        }

        new Dalel.Core.Vault.SealVault(app.Instance).Run("cli");
        using var owner = await app.SignInAs(Role.Owner);

        var posted = await owner.SubmitForm("/vault/unseal", "main form", new() { ["Passphrase"] = DalelApp.Passphrase });
        Assert.Equal(UnsealModel.ProgressUrl, posted.Headers.Location!.OriginalString);

        HttpResponseMessage progress;
        var pages = 0;
        while ((progress = await owner.Http.GetAsync(UnsealModel.ProgressUrl)).StatusCode == HttpStatusCode.OK)
        {
            var page = await WebBrowser.Parse(progress);
            Assert.Equal("2", page.QuerySelector("head meta[http-equiv=refresh]")!.GetAttribute("content"));
            Assert.NotNull(page.QuerySelector("main [role=status]"));
            pages++;
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Equal("/", progress.Headers.Location!.OriginalString);
        Assert.False(app.Instance.Vault.IsSealed);
        Assert.Equal(app.Instance.Unsealing.Total, app.Instance.Unsealing.Opened);
        Assert.True(app.Instance.Unsealing.Total >= 20);
        Assert.Contains("Dalel is unsealed.", (await owner.Page("/")).QuerySelector("main [role=status]")!.TextContent, StringComparison.Ordinal);
        // Once told, the outcome is gone: the progress address now just leads home.
        Assert.Equal("/", (await owner.Http.GetAsync(UnsealModel.ProgressUrl)).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_wrong_passphrase_is_said_to_the_owner_who_typed_it_after_the_wait()
    {
        using var app = new DalelApp(settings: NoWait);
        using var owner = await app.SignInAs(Role.Owner);

        await owner.SubmitForm("/vault/unseal", "main form", new() { ["Passphrase"] = "not the passphrase" });
        HttpResponseMessage progress;
        while ((progress = await owner.Http.GetAsync(UnsealModel.ProgressUrl)).StatusCode == HttpStatusCode.OK
               && (await WebBrowser.Parse(progress)).QuerySelector("head meta[http-equiv=refresh]") is not null)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Contains("The passphrase is wrong.", (await WebBrowser.Parse(progress)).Body!.TextContent, StringComparison.Ordinal);
        Assert.True(app.Instance.Vault.IsSealed);
    }
}
