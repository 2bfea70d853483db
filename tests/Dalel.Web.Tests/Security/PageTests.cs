using AngleSharp.Dom;
using System.Net;
using System.Reflection;
using Dalel.Core.Members;
using Dalel.Web.Pages.Orgs.Cases;
using Dalel.Web.Pages.Orgs.Members;
using Dalel.Web.Pages.Orgs.Statistics;
using Dalel.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Tests.Security;

public sealed class PageTests
{
    [Fact]
    public async Task While_sealed_pages_say_so_and_reveal_nothing_until_an_owner_unseals()
    {
        using var app = new DalelApp();
        app.Unseal();
        var seeded = Seeded.Case(app, app.OrgA, "sealed");
        new Dalel.Core.Vault.SealVault(app.Instance).Run("cli");

        using var viewer = await app.SignInAs(Role.Viewer);
        var list = await viewer.Http.GetAsync(CaseRoutes.Case(app.OrgA, seeded.Id));
        Assert.Equal("/sealed", list.Headers.Location!.OriginalString);
        var home = await viewer.Page("/");
        Assert.Contains("Dalel is sealed", home.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Org A", home.Body.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Http.GetAsync("/vault/unseal")).StatusCode);

        using var owner = await app.SignInAs(Role.Owner);
        var wrong = await owner.SubmitForm("/vault/unseal", "main form", new() { ["Passphrase"] = "not it" });
        Assert.Contains("The passphrase is wrong.", (await WebBrowser.Parse(wrong)).Body!.TextContent, StringComparison.Ordinal);
        Assert.True(app.Instance.Vault.IsSealed);
        var right = await owner.SubmitForm("/vault/unseal", "main form", new() { ["Passphrase"] = DalelApp.Passphrase });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);

        var page = await viewer.Page(CaseRoutes.Case(app.OrgA, seeded.Id));
        Assert.Equal(seeded.Title, page.QuerySelector("h1")!.TextContent);

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Post("/vault/seal")).StatusCode);
        // The menu's "Seal now" asks first; only the confirmation's post seals.
        var confirm = await owner.Page("/vault/seal");
        Assert.False(app.Instance.Vault.IsSealed);
        Assert.Contains("every organisation on this server", confirm.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await owner.Submit(confirm.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("main form")!, "/vault/seal", [])).StatusCode);
        Assert.True(app.Instance.Vault.IsSealed);
    }

    [Fact]
    public async Task Pages_run_no_script_load_nothing_from_other_hosts_and_forbid_caching()
    {
        using var app = new DalelApp();
        app.Unseal();
        var seeded = Seeded.Case(app, app.OrgA, "static");
        using var owner = await app.SignInAs(Role.Owner);

        foreach (var url in new[] { "/", "/sign-in", CaseRoutes.List(app.OrgA), CaseRoutes.New(app.OrgA), CaseRoutes.Case(app.OrgA, seeded.Id), CaseRoutes.Edit(app.OrgA, seeded.Id), MemberRoutes.Members(app.OrgA), StatisticsRoutes.Statistics(app.OrgA) + "?Rows=perpetrator&Columns=year" })
        {
            var response = await owner.Http.GetAsync(url);
            var page = await WebBrowser.Parse(response);
            Assert.Empty(page.QuerySelectorAll("script"));
            Assert.All(page.QuerySelectorAll("[src],[href],[action]"), e =>
            {
                var target = e.GetAttribute("src") ?? e.GetAttribute("href") ?? e.GetAttribute("action") ?? "";
                Assert.True(target.StartsWith('/') || target.StartsWith('#') || target.Length == 0, $"{url}: {target}");
            });
            Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_language_choice_persists_across_pages()
    {
        using var app = new DalelApp();
        using var browser = app.Anonymous();

        var switched = await browser.SubmitForm("/sign-in", "form[action='/language']", new() { ["culture"] = "kk" });
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        var page = await browser.Page("/sign-in");
        Assert.Equal("Дәлелге кіру", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("kk", page.DocumentElement.GetAttribute("lang"));

        await browser.SubmitForm("/sign-in", "form[action='/language']", new() { ["culture"] = "ru" });
        Assert.Equal("Вход в Далел", (await browser.Page("/sign-in")).QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task Every_page_renders_every_text_in_every_language()
    {
        using var app = new DalelApp();
        app.Unseal();
        var seeded = Seeded.Case(app, app.OrgA, "texts");
        using var owner = await app.SignInAs(Role.Owner);
        foreach (var culture in new[] { "en", "ru", "kk" })
        {
            await owner.SubmitForm("/", "form[action='/language']", new() { ["culture"] = culture });
            foreach (var url in new[] { "/", CaseRoutes.List(app.OrgA), CaseRoutes.New(app.OrgA), CaseRoutes.Case(app.OrgA, seeded.Id), CaseRoutes.Edit(app.OrgA, seeded.Id), CaseRoutes.Delete(app.OrgA, seeded.Id), MemberRoutes.Members(app.OrgA), StatisticsRoutes.Statistics(app.OrgA) + "?Rows=year&Columns=violation", StatisticsRoutes.Statistics(app.OrgA) + "?scope=coalition&Rows=region", "/account/password" })
            {
                var html = await owner.Http.GetStringAsync(url);
                Assert.DoesNotContain("⟦", html, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_and_sessions_expire()
    {
        using var app = new DalelApp();
        using var browser = app.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            await browser.SubmitForm("/sign-in", "main form", new() { ["Login"] = DalelApp.Login(Role.Viewer, "a"), ["Password"] = "wrong" });
        }

        var locked = await browser.SubmitForm("/sign-in", "main form", new() { ["Login"] = DalelApp.Login(Role.Viewer, "a"), ["Password"] = DalelApp.Password });
        Assert.Contains("Too many failed attempts", (await WebBrowser.Parse(locked)).Body!.TextContent, StringComparison.Ordinal);

        using var owner = await app.SignInAs(Role.Owner);
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.GetAsync("/")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Contains("/sign-in", (await owner.Http.GetAsync("/")).Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_organisation_page_goes_through_the_organisation_policy()
    {
        var pages = typeof(Program).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Dalel.Web.Pages.Orgs", StringComparison.Ordinal) == true && typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract)
            .ToList();
        Assert.NotEmpty(pages);
        Assert.All(pages, p => Assert.True(p.IsSubclassOf(typeof(Dalel.Web.Pages.Orgs.OrgPageModel)), p.Name));

        var routes = typeof(Program).Assembly.GetCustomAttributes<Microsoft.AspNetCore.Razor.Hosting.RazorCompiledItemAttribute>()
            .Where(a => a.Identifier.StartsWith("/Pages/Orgs/", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(routes);
        Assert.All(Directory.EnumerateFiles(Path.Combine(SourceRoot(), "src/Dalel.Web/Pages/Orgs"), "*.cshtml", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).StartsWith('_')),
            f => Assert.Contains("@page \"/o/{org:guid}/", File.ReadAllText(f), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_member_changes_the_first_password_an_owner_gave_them()
    {
        using var app = new DalelApp();
        using var viewer = await app.SignInAs(Role.Viewer);

        var mismatch = await viewer.SubmitForm("/account/password", "main form", new() { ["Login"] = DalelApp.Login(Role.Viewer, "a"), ["Current"] = DalelApp.Password, ["New"] = "a new password", ["Again"] = "another one" });
        Assert.Contains("The two new passwords differ.", (await WebBrowser.Parse(mismatch)).Body!.TextContent, StringComparison.Ordinal);
        var wrong = await viewer.SubmitForm("/account/password", "main form", new() { ["Login"] = DalelApp.Login(Role.Viewer, "a"), ["Current"] = "nope", ["New"] = "a new password", ["Again"] = "a new password" });
        Assert.Contains("The sign-in name or the current password is wrong.", (await WebBrowser.Parse(wrong)).Body!.TextContent, StringComparison.Ordinal);
        var wrongName = await viewer.SubmitForm("/account/password", "main form", new() { ["Login"] = DalelApp.Login(Role.Viewer, "b"), ["Current"] = DalelApp.Password, ["New"] = "a new password", ["Again"] = "a new password" });
        Assert.Contains("The sign-in name or the current password is wrong.", (await WebBrowser.Parse(wrongName)).Body!.TextContent, StringComparison.Ordinal);
        var changed = await viewer.SubmitForm("/account/password", "main form", new() { ["Login"] = DalelApp.Login(Role.Viewer, "a"), ["Current"] = DalelApp.Password, ["New"] = "a new password", ["Again"] = "a new password" });
        Assert.Contains("Your password is changed.", (await WebBrowser.Parse(changed)).Body!.TextContent, StringComparison.Ordinal);

        Assert.IsType<Dalel.Core.BadCredentials>(new SignIn(app.Instance).Run(DalelApp.Login(Role.Viewer, "a"), DalelApp.Password).Error);
        Assert.True(new SignIn(app.Instance).Run(DalelApp.Login(Role.Viewer, "a"), "a new password").IsOk);
    }

    [Fact]
    public async Task The_case_list_pages_through_results_keeping_the_filters()
    {
        using var app = new DalelApp();
        app.Unseal();
        for (var i = 0; i < 27; i++)
        {
            Seeded.Case(app, app.OrgA, $"p{i}");
        }

        using var viewer = await app.SignInAs(Role.Viewer);
        var first = await viewer.Page(CaseRoutes.List(app.OrgA) + "?violations=raid&Sort=DateAsc");
        Assert.Empty(first.QuerySelectorAll(".validation-summary-errors"));
        Assert.Equal(25, first.QuerySelectorAll("main table tbody tr").Length);
        var next = first.QuerySelector(".pager a")!.GetAttribute("href")!;
        Assert.Contains("violations=raid", next, StringComparison.Ordinal);
        var second = await viewer.Page(next);
        Assert.Equal(2, second.QuerySelectorAll("main table tbody tr").Length);
        Assert.Contains("2", second.QuerySelector(".pager span")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Owners_manage_members_of_their_organisation()
    {
        using var app = new DalelApp();
        app.Unseal();
        using var owner = await app.SignInAs(Role.Owner);
        var url = MemberRoutes.Members(app.OrgA);

        var added = await owner.SubmitForm(url, "form[action*='Add']", new() { ["Add.Login"] = "new.person", ["Add.DisplayName"] = "Жанар", ["Add.Password"] = "a-fine-password", ["Add.Role"] = "Analyst" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = await owner.Page(url);
        Assert.Contains("Жанар", page.Body!.TextContent, StringComparison.Ordinal);

        var taken = await owner.SubmitForm(url, "form[action*='Add']", new() { ["Add.Login"] = "NEW.person", ["Add.DisplayName"] = "X", ["Add.Password"] = "a-fine-password" });
        Assert.Contains("This sign-in name is taken.", (await WebBrowser.Parse(taken)).Body!.TextContent, StringComparison.Ordinal);

        using var newcomer = await app.SignInAs(Role.Analyst, "a");
        Assert.Equal(HttpStatusCode.Forbidden, (await newcomer.Http.GetAsync(url)).StatusCode);
    }

    private static string SourceRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dalel.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("No Dalel.slnx above the test binaries.");
    }
}
