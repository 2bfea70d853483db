using System.Net;
using Dalel.Core.Members;
using Dalel.Web.Pages.Orgs.Cases;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Security;

public sealed class RecentPasswordTests
{
    [Fact]
    public async Task Revealing_identities_after_ten_minutes_asks_for_the_password_again()
    {
        await using var app = new DalelApp();
        app.Unseal();
        var seeded = Seeded.Case(app, app.OrgA, "recent");
        using var documenter = await app.SignInAs(Role.Documenter);
        var reveal = CaseRoutes.Case(app.OrgA, seeded.Id) + "?handler=Reveal";

        Assert.Contains(seeded.IdentityMarker, await (await documenter.Post(reveal)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromMinutes(11));
        var stale = await documenter.Post(reveal);
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.StartsWith("/account/confirm?ReturnUrl=", stale.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain(seeded.IdentityMarker, await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var wrong = await documenter.SubmitForm(stale.Headers.Location!.OriginalString, "main form", new() { ["Password"] = "not my password" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var confirmed = await documenter.SubmitForm(stale.Headers.Location!.OriginalString, "main form", new() { ["Password"] = DalelApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(CaseRoutes.Case(app.OrgA, seeded.Id), confirmed.Headers.Location!.OriginalString);
        Assert.Contains(seeded.IdentityMarker, await (await documenter.Post(reveal)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
