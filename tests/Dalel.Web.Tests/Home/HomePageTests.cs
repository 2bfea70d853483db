using Dalel.Core.Members;
using Dalel.Core.Submissions;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Home;

public sealed class HomePageTests
{
    [Fact]
    public async Task After_unsealing_the_home_page_lists_what_waits_in_each_organisation_as_far_as_the_role_may_see()
    {
        using var app = new DalelApp();
        app.Unseal();
        var seeded = Seeded.Case(app, app.OrgA, "home");
        var due = app.Clock.GetUtcNow().AddDays(10);
        new CreateSubmission(app.Instance).Run(DalelApp.Owner(app.OrgA), new SubmissionHeader { Title = "Shadow report", Mechanism = "ccpr", Deadline = DateOnly.FromDateTime(due.UtcDateTime) });

        using var documenter = await app.SignInAs(Role.Documenter);
        var home = (await documenter.Page("/")).QuerySelector(".org-card")!;

        var lines = home.QuerySelectorAll("ul.attention li a").Select(a => (a.TextContent, a.GetAttribute("href"))).ToList();
        Assert.Contains(("Public reports waiting for a reply: 1", $"/o/{app.OrgA}/intake"), lines);
        Assert.Contains(("Cases still drafts: 1", $"/o/{app.OrgA}/cases?case-status=draft"), lines);
        Assert.Contains(lines, l => l.TextContent.StartsWith("Submission “Shadow report” is due on", StringComparison.Ordinal) && l.TextContent.EndsWith("(10 days left)", StringComparison.Ordinal));
        Assert.Contains(("UN recommendations with no assessment of their implementation yet: 1", $"/o/{app.OrgA}/register"), lines);
        // Counts and titles of the organisation's own documents only: no case's title or story.
        Assert.DoesNotContain(seeded.Title, home.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(seeded.NarrativeMarker, home.TextContent, StringComparison.Ordinal);

        // The draft link finds exactly the drafts.
        var drafts = await documenter.Page($"/o/{app.OrgA}/cases?case-status=draft");
        Assert.Equal(seeded.Title, drafts.QuerySelector("main table tbody a")!.TextContent);

        // An analyst does not handle public reports, so none are counted for them.
        using var analyst = await app.SignInAs(Role.Analyst);
        var analystHome = (await analyst.Page("/")).QuerySelector(".org-card")!.TextContent;
        Assert.DoesNotContain("Public reports", analystHome, StringComparison.Ordinal);
        Assert.Contains("Cases still drafts: 1", analystHome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_sealed_the_home_page_counts_nothing()
    {
        using var app = new DalelApp();
        app.Unseal();
        Seeded.Case(app, app.OrgA, "sealed-home");
        new Dalel.Core.Vault.SealVault(app.Instance).Run("cli");

        using var documenter = await app.SignInAs(Role.Documenter);
        var home = await documenter.Page("/");

        Assert.Empty(home.QuerySelectorAll("ul.attention"));
        Assert.DoesNotContain("drafts", home.Body!.TextContent, StringComparison.Ordinal);
    }
}
