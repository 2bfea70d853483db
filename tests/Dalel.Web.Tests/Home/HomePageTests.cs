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
    public async Task Follow_up_recommendations_due_within_half_a_year_are_reminded_until_judged_implemented()
    {
        using var app = new DalelApp();
        app.Unseal();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        Guid FollowUp(string paragraph, int days) => new Dalel.Core.Register.SaveRegisterEntry<Dalel.Core.Register.Recommendation>(app.Instance).Run(DalelApp.Owner(app.OrgA), null, 0, new Dalel.Core.Register.Recommendation
        {
            Mechanism = "ccpr", Body = "Human Rights Committee", Symbol = "CCPR/C/KGZ/CO/3", Paragraph = paragraph, Text = "Follow-up recommendation.", Country = "",
            FollowUp = true, FollowUpDue = today.AddDays(days),
        }).Value;
        var soon = FollowUp("12 (a)–(c)", 90);
        FollowUp("20", 400);
        var done = FollowUp("30", 30);
        Assert.True(new Dalel.Core.Register.AssessRecommendation(app.Instance).Run(DalelApp.Owner(app.OrgA), done, new Dalel.Core.Register.ImplementationAssessment
        {
            Date = today, Source = Dalel.Core.Register.AssessmentSource.Coalition, Status = "A",
        }).IsOk);

        using var viewer = await app.SignInAs(Role.Viewer);
        var lines = (await viewer.Page("/")).QuerySelectorAll(".org-card ul.attention li a").Select(a => (a.TextContent, a.GetAttribute("href"))).ToList();

        var due = today.AddDays(90).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(($"Follow-up on CCPR/C/KGZ/CO/3 para. 12 (a)–(c) due {due}", $"/o/{app.OrgA}/register/recommendations/{soon}"), lines);
        Assert.DoesNotContain(lines, l => l.TextContent.Contains("para. 20", StringComparison.Ordinal) || l.TextContent.Contains("para. 30", StringComparison.Ordinal));
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
