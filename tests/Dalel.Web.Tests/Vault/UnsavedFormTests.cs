using AngleSharp.Dom;
using System.Net;
using Dalel.Core.Members;
using Dalel.Web.Pages.Orgs.Cases;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Vault;

/// <summary>A case form sent after sealing is not saved, and its author is told so and how to get the input back.</summary>
public sealed class UnsavedFormTests
{
    private static readonly Dictionary<string, string> Case = new()
    {
        ["Form.Title"] = "Задержание у клуба", ["Form.DateFrom"] = "12.03.2024", ["Form.Victims[0].CodeName"] = "Гость-1", ["Form.Acts[0].Violations"] = "threats",
    };

    [Fact]
    public async Task A_form_sent_while_sealed_says_it_was_not_saved_and_how_to_get_it_back()
    {
        using var app = new DalelApp();
        app.Unseal();
        using var documenter = await app.SignInAs(Role.Documenter);
        var form = (await documenter.Page(CaseRoutes.New(app.OrgA))).QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("main form")!;
        new Dalel.Core.Vault.SealVault(app.Instance).Run("cli");

        var sent = await documenter.Submit(form, CaseRoutes.New(app.OrgA), Case, "save");

        Assert.Equal("/sealed?unsaved=true", sent.Headers.Location!.OriginalString);
        var page = await documenter.Page(sent.Headers.Location.OriginalString);
        Assert.Contains("was not saved", page.QuerySelector("main [role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Back", page.QuerySelector("main [role=alert]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_sent_after_the_session_ended_leads_to_a_sign_in_that_says_it_was_not_saved()
    {
        using var app = new DalelApp();
        app.Unseal();
        using var documenter = await app.SignInAs(Role.Documenter);
        var form = (await documenter.Page(CaseRoutes.New(app.OrgA))).QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("main form")!;
        // The worker that held the session is gone (sealing restarts it): the browser now sends a cookie no one can read.
        using var stranger = app.Anonymous();

        var sent = await stranger.Submit(form, CaseRoutes.New(app.OrgA), Case, "save");

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var location = sent.Headers.Location!.OriginalString;
        Assert.Contains("/sign-in?ReturnUrl=", location, StringComparison.Ordinal);
        Assert.EndsWith("&unsaved=true", location, StringComparison.Ordinal);
        var signIn = await stranger.Page(location[location.IndexOf("/sign-in", StringComparison.Ordinal)..]);
        Assert.Contains("was not saved", signIn.QuerySelector("main [role=alert]")!.TextContent, StringComparison.Ordinal);
        // Reading a page while signed out is a plain sign-in, with no such warning.
        var plain = await stranger.Http.GetAsync(CaseRoutes.List(app.OrgA));
        Assert.DoesNotContain("unsaved", plain.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
