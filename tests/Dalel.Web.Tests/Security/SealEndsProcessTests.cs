using System.Net;
using Dalel.Core.Members;
using Dalel.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dalel.Web.Tests.Security;

/// <summary>Under the supervisor, Seal now stops the host that held the keys, and says so on the page (issue 20).</summary>
public sealed class SealEndsProcessTests
{
    [Fact]
    public async Task Seal_now_stops_the_host_and_tells_the_owner_a_fresh_one_starts()
    {
        await using var seeded = new DalelApp();
        await using var app = new DalelApp(seeded, new Dictionary<string, string> { ["Dalel:EndProcessOnSeal"] = "true" });
        app.Unseal();
        using var owner = await app.SignInAs(Role.Owner);
        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        Assert.False(stopping.IsCancellationRequested);

        var sealedPage = await owner.Post("/vault/seal");

        Assert.Equal(HttpStatusCode.OK, sealedPage.StatusCode);
        Assert.Contains("a fresh one starts, sealed", (await WebBrowser.Parse(sealedPage)).Body!.TextContent, StringComparison.Ordinal);
        Assert.True(app.Instance.Vault.IsSealed);
        Assert.True(stopping.WaitHandle.WaitOne(TimeSpan.FromSeconds(5)), "the host must stop once the instance sealed");
        Assert.True(Dalel.Web.DalelWebApp.EndedBySealing);
    }
}
