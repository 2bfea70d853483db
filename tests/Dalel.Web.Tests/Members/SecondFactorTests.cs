using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dalel.Core.Members;
using Dalel.Web.Pages.Orgs.Cases;
using Dalel.Web.Pages.Orgs.Members;
using Dalel.Web.Tests.Support;
using OtpNet;

namespace Dalel.Web.Tests.Members;

/// <summary>TOTP for members, required for owners, with recovery codes.</summary>
public sealed class SecondFactorTests
{
    private static DalelApp RequiringOwnersSecondFactor() => new(settings: new Dictionary<string, string> { ["Dalel:OwnersNeedSecondFactor"] = "true" });

    private static string CodeNow(DalelApp app, string secret) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(app.Clock.GetUtcNow().UtcDateTime);

    /// <summary>Sets up TOTP from the page as a member would; returns the secret and the recovery codes shown.</summary>
    private static async Task<(string Secret, List<string> RecoveryCodes)> SetUp(DalelApp app, WebBrowser member)
    {
        var page = await member.Page("/account/two-factor?AccountName=Notes");
        Assert.StartsWith("data:image/png;base64,", page.QuerySelector<IHtmlImageElement>("figure img")!.Source, StringComparison.Ordinal);
        var secret = page.QuerySelector("code.secret")!.TextContent;
        var form = page.QuerySelector<IHtmlFormElement>("form[action*='handler=Enable']")!;

        var wrong = await member.Submit(form, "/account/two-factor", new() { ["Password"] = DalelApp.Password, ["Code"] = "000000" });
        var retry = await WebBrowser.Parse(wrong);
        Assert.Contains("That code is not right", retry.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(secret, retry.QuerySelector("code.secret")!.TextContent); // the same secret: what the app scanned still counts

        var enabled = await member.Submit(retry.QuerySelector<IHtmlFormElement>("form[action*='handler=Enable']")!, "/account/two-factor",
            new() { ["Password"] = DalelApp.Password, ["Code"] = CodeNow(app, secret) });
        var shown = await WebBrowser.Parse(enabled);
        var codes = shown.QuerySelectorAll(".recovery-codes code").Select(c => c.TextContent).ToList();
        Assert.Equal(10, codes.Count);
        return (secret, codes);
    }

    private static async Task<(HttpResponseMessage Response, WebBrowser Browser)> SignIn(DalelApp app, Role role, string password, string? code, string org = "a")
    {
        var browser = app.Anonymous();
        var values = new Dictionary<string, string> { ["Login"] = DalelApp.Login(role, org), ["Password"] = password };
        if (code is not null)
        {
            values["Code"] = code;
        }

        return (await browser.SubmitForm("/sign-in", "main form", values), browser);
    }

    [Fact]
    public async Task An_owner_must_set_up_a_second_factor_before_anything_else_and_then_signs_in_with_it()
    {
        using var app = RequiringOwnersSecondFactor();
        app.Unseal();
        using var owner = await app.SignInAs(Role.Owner);
        var blocked = await owner.Http.GetAsync(CaseRoutes.List(app.OrgA));
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        Assert.Equal("/account/two-factor?required=true", blocked.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await owner.Http.GetAsync(MemberRoutes.Members(app.OrgA))).StatusCode);

        // Sealing in a hurry is never held up by the missing second factor.
        var sealedNow = await owner.Post("/vault/seal");
        Assert.Equal("/sealed", sealedNow.Headers.Location!.OriginalString);
        Assert.True(app.Instance.Vault.IsSealed);
        app.Unseal();

        var (secret, recoveryCodes) = await SetUp(app, owner);
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.GetAsync(CaseRoutes.List(app.OrgA))).StatusCode);

        // Without a code: asked for it. The password alone does not sign in.
        var (withoutCode, _) = await SignIn(app, Role.Owner, DalelApp.Password, null);
        Assert.Equal(HttpStatusCode.OK, withoutCode.StatusCode);
        Assert.Contains("uses a second factor", (await WebBrowser.Parse(withoutCode)).Body!.TextContent, StringComparison.Ordinal);

        // The code used to turn it on cannot be replayed; the next one works.
        var (replayed, _) = await SignIn(app, Role.Owner, DalelApp.Password, CodeNow(app, secret));
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var (signedIn, browser) = await SignIn(app, Role.Owner, DalelApp.Password, CodeNow(app, secret));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        browser.Dispose();

        // A recovery code works once.
        var (recovered, _) = await SignIn(app, Role.Owner, DalelApp.Password, recoveryCodes[0].ToLowerInvariant());
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        var (again, _) = await SignIn(app, Role.Owner, DalelApp.Password, recoveryCodes[0]);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(new SecondFactorStatus(true, 9), new GetSecondFactorStatus(app.Instance).Run(MemberId(app, Role.Owner)));

        // Owners cannot turn it off.
        var settings = await owner.Page("/account/two-factor");
        Assert.Null(settings.QuerySelector("form[action*='handler=Disable']"));
        var refused = await owner.Post("/account/two-factor?handler=Disable", new() { ["Password"] = DalelApp.Password, ["Code"] = recoveryCodes[1] });
        Assert.Contains("Owners cannot turn off", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(new GetSecondFactorStatus(app.Instance).Run(MemberId(app, Role.Owner)).Enabled);
    }

    [Fact]
    public async Task The_secret_follows_a_password_change_and_wrong_codes_lock_the_account()
    {
        using var app = RequiringOwnersSecondFactor();
        using var documenter = await app.SignInAs(Role.Documenter);
        Assert.Equal(HttpStatusCode.OK, (await documenter.Http.GetAsync("/")).StatusCode); // not an owner: not required
        var (secret, _) = await SetUp(app, documenter);
        var raw = Base32Encoding.ToBytes(secret);
        foreach (var file in Directory.EnumerateFiles(app.DataDirectory, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".sock", StringComparison.Ordinal)))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.True(bytes.AsSpan().IndexOf(raw) < 0 && bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(secret)) < 0, $"the TOTP secret is readable in {file}");
        }

        var changed = await documenter.SubmitForm("/account/password", "main form", new() { ["Login"] = DalelApp.Login(Role.Documenter, "a"), ["Current"] = DalelApp.Password, ["New"] = "a brand new password", ["Again"] = "a brand new password" });
        Assert.True(changed.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var (signedIn, _) = await SignIn(app, Role.Documenter, "a brand new password", CodeNow(app, secret));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        for (var i = 0; i < 5; i++)
        {
            await SignIn(app, Role.Documenter, "a brand new password", "123456");
        }

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var (locked, _) = await SignIn(app, Role.Documenter, "a brand new password", CodeNow(app, secret));
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("Too many failed attempts", (await WebBrowser.Parse(locked)).Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_turns_it_off_with_a_code_and_an_owner_resets_a_lost_one()
    {
        using var app = new DalelApp();
        app.Unseal();
        using var documenter = await app.SignInAs(Role.Documenter);
        var (secret, recovery) = await SetUp(app, documenter);
        var page = await documenter.Page("/account/two-factor");
        var off = await documenter.Submit(page.QuerySelector<IHtmlFormElement>("form[action*='handler=Disable']")!, "/account/two-factor", new() { ["Password"] = DalelApp.Password, ["Code"] = recovery[3] });
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.False(new GetSecondFactorStatus(app.Instance).Run(MemberId(app, Role.Documenter)).Enabled);

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await SetUp(app, documenter);
        using var owner = await app.SignInAs(Role.Owner);
        var members = await owner.Page(MemberRoutes.Members(app.OrgA));
        var reset = await owner.Submit(members.QuerySelector<IHtmlFormElement>($"form[action*='handler=ResetSecondFactor']:has(input[value='{MemberId(app, Role.Documenter)}'])")!, MemberRoutes.Members(app.OrgA), []);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        var (signedIn, _) = await SignIn(app, Role.Documenter, DalelApp.Password, null);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        // Another organisation's owner cannot reset this member's.
        await SetUp(app, documenter);
        using var ownerB = await app.SignInAs(Role.Owner, "b");
        var foreign = await ownerB.Post(MemberRoutes.Members(app.OrgB) + "?handler=ResetSecondFactor", new() { ["member"] = MemberId(app, Role.Documenter).ToString() });
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.True(new GetSecondFactorStatus(app.Instance).Run(MemberId(app, Role.Documenter)).Enabled);
        _ = secret;
    }

    private static Guid MemberId(DalelApp app, Role role) =>
        new ListMembers(app.Instance).Run(DalelApp.Owner(app.OrgA)).Value.Single(m => m.Login == DalelApp.Login(role, "a")).Id;
}
