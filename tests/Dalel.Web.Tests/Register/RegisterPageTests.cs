using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dalel.Core.Members;
using Dalel.Web.Pages.Orgs.HateCrime;
using Dalel.Web.Pages.Orgs.Linkage;
using Dalel.Web.Pages.Orgs.Register;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Register;

/// <summary>The register, the ODIHR report and the duplicates pages as their users reach them, without JavaScript.</summary>
public sealed class RegisterPageTests
{
    [Fact]
    public async Task A_recommendation_added_on_the_register_page_is_listed_for_the_coalition_and_opens()
    {
        await using var app = new DalelApp();
        app.Unseal();
        using var analyst = await app.SignInAs(Role.Analyst);

        var saved = await analyst.Post(RegisterRoutes.Register(app.OrgA) + "?handler=Recommendation", new()
        {
            ["Recommendation.Mechanism"] = "ccpr", ["Recommendation.Symbol"] = "CCPR/C/KAZ/CO/3", ["Recommendation.Paragraph"] = "10",
            ["Recommendation.Text"] = "Adopt comprehensive anti-discrimination legislation",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        // The register is the coalition's: another member's analyst finds the same entry.
        using var other = await app.SignInAs(Role.Analyst, "b");
        var page = await other.Page(RegisterRoutes.Register(app.OrgB));
        var link = page.QuerySelector<IHtmlAnchorElement>("a[href*='/register/recommendations/']")!;
        Assert.Contains("CCPR/C/KAZ/CO/3", link.TextContent, StringComparison.Ordinal);
        var recommendation = await other.Page(link.GetAttribute("href")!);
        Assert.Contains("Adopt comprehensive anti-discrimination legislation", recommendation.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Kyrgyz_follow_up_recommendation_takes_its_State_from_the_symbol_and_is_found_by_State()
    {
        await using var app = new DalelApp();
        app.Unseal();
        using var documenter = await app.SignInAs(Role.Documenter);
        var register = RegisterRoutes.Register(app.OrgA);
        var form = (await documenter.Page(register)).QuerySelector<IHtmlFormElement>("form[action*='handler=Recommendation']")!;
        var values = new Dictionary<string, string>
        {
            ["Recommendation.Symbol"] = "CCPR/C/KGZ/CO/3", ["Recommendation.Paragraph"] = "12(a)-(c)", ["Recommendation.Text"] = "Adopt anti-discrimination legislation.",
            ["Recommendation.FollowUp"] = "true", ["Recommendation.FollowUpDue"] = "31.02.2027",
        };

        var refused = await WebBrowser.Parse(await documenter.Submit(form, register, values));
        Assert.NotNull(refused.QuerySelector("[name='Recommendation.FollowUpDue'] + .field-validation-error"));
        Assert.Equal("Adopt anti-discrimination legislation.", refused.QuerySelector<IHtmlTextAreaElement>("[name='Recommendation.Text']")!.Value);

        values["Recommendation.FollowUpDue"] = "01.11.2027";
        Assert.Equal(HttpStatusCode.Redirect, (await documenter.Submit(form, register, values)).StatusCode);

        var kyrgyz = await documenter.Page(register + "?state=KG");
        var row = kyrgyz.QuerySelector("main table tbody tr")!.TextContent;
        Assert.Contains("CCPR/C/KGZ/CO/3", row, StringComparison.Ordinal);
        Assert.Contains("12 (a)–(c)", row, StringComparison.Ordinal);
        Assert.Contains("Kyrgyzstan", row, StringComparison.Ordinal);
        Assert.Contains("Follow-up due 2027-11-01", row, StringComparison.Ordinal);
        Assert.Null((await documenter.Page(register + "?state=KZ")).QuerySelector("main table tbody a[href*='/register/recommendations/']"));
    }

    [Fact]
    public async Task A_register_entry_with_a_bad_symbol_is_refused_beside_its_field_and_the_text_kept()
    {
        await using var app = new DalelApp();
        app.Unseal();
        using var owner = await app.SignInAs(Role.Owner);

        var response = await owner.Post(RegisterRoutes.Register(app.OrgA) + "?handler=Recommendation", new()
        {
            ["Recommendation.Mechanism"] = "ccpr", ["Recommendation.Symbol"] = "not a symbol", ["Recommendation.Paragraph"] = "10",
            ["Recommendation.Text"] = "Text typed by the editor",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await WebBrowser.Parse(response);
        Assert.NotNull(page.QuerySelector(".field-validation-error, .notice.bad"));
        Assert.Contains("Text typed by the editor", page.Body!.InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_recommendation_that_carries_another_organisations_evidence_is_refused_on_its_page()
    {
        await using var app = new DalelApp();
        app.Unseal();
        var other = Seeded.Case(app, app.OrgB, "b");
        Assert.True(new Dalel.Core.Register.LinkEvidence(app.Instance).Run(DalelApp.Owner(app.OrgB), other.RecommendationId, other.Id, link: true).IsOk);
        using var analyst = await app.SignInAs(Role.Analyst);

        var response = await analyst.Post(RegisterRoutes.Recommendation(app.OrgA, other.RecommendationId) + "?handler=Delete");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Other organisations linked their cases", (await WebBrowser.Parse(response)).Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await analyst.Http.GetAsync(RegisterRoutes.Recommendation(app.OrgA, other.RecommendationId))).StatusCode);
    }

    [Fact]
    public async Task The_odihr_report_downloads_in_russian_with_its_headers_and_owners_only()
    {
        await using var app = new DalelApp();
        app.Unseal();
        using var owner = await app.SignInAs(Role.Owner);

        var csv = await owner.Http.GetByteArrayAsync(HateCrimeRoutes.Download(app.OrgA, "csv", 2024) + "&lang=ru");
        var text = System.Text.Encoding.UTF8.GetString(csv).TrimStart('\uFEFF');
        Assert.StartsWith("Номер инцидента,Дата (месяц),Регион,", text, StringComparison.Ordinal);
        using var viewer = await app.SignInAs(Role.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Http.GetAsync(HateCrimeRoutes.HateCrime(app.OrgA, 2024))).StatusCode);
    }

    [Fact]
    public async Task The_duplicates_page_says_when_there_is_nothing_to_review()
    {
        await using var app = new DalelApp();
        app.Unseal();
        using var owner = await app.SignInAs(Role.Owner);

        var page = await owner.Page(LinkageRoutes.Duplicates(app.OrgA));

        Assert.Empty(page.QuerySelectorAll("form[action*='handler=Decide']"));
        Assert.NotEmpty(page.QuerySelector("main")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_duplicates_page_warns_that_a_blocked_linkage_may_have_left_duplicates_out()
    {
        await using var app = new DalelApp();
        app.Unseal();
        LinkageSteps.ImportLinkageOfSharedIncidents(app, blocking: true);
        using var owner = await app.SignInAs(Role.Owner);

        var page = await owner.Page(LinkageRoutes.Duplicates(app.OrgA));

        Assert.NotEmpty(page.QuerySelectorAll("form[action*='handler=Decide']"));
        Assert.Matches(@"The latest linkage compared only the pairs that LSH blocking put together, so a duplicate it left out is not listed here: its model expects about \d+", page.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task The_duplicates_page_of_a_linkage_that_compared_every_pair_has_no_such_warning()
    {
        await using var app = new DalelApp();
        app.Unseal();
        LinkageSteps.ImportLinkageOfSharedIncidents(app, blocking: false);
        using var owner = await app.SignInAs(Role.Owner);

        var page = await owner.Page(LinkageRoutes.Duplicates(app.OrgA));

        Assert.NotEmpty(page.QuerySelectorAll("form[action*='handler=Decide']"));
        Assert.DoesNotContain("LSH blocking", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        // The owner is told how far to trust the suggestions, by the linkage's own model.
        Assert.Matches(@"By its own model, about \d+% of the pairs this linkage put together are the same incident, and they hold about \d+% of the incidents two organisations share", page.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task Decisions_made_on_the_page_hold_when_the_linkage_is_run_again_and_the_page_says_where_they_were_made()
    {
        await using var app = new DalelApp();
        app.Unseal();
        LinkageSteps.ImportLinkageOfSharedIncidents(app, blocking: false);
        using var owner = await app.SignInAs(Role.Owner);
        var url = LinkageRoutes.Duplicates(app.OrgA);
        var first = await owner.Page(url);
        var listed = first.QuerySelectorAll("tbody tr").Length;
        var confirm = first.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Decide']")
            .First(f => f.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=confirmed]")!.Value == "true");
        Assert.Equal(HttpStatusCode.Redirect, (await owner.Submit(confirm, url, [])).StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        LinkageSteps.ImportLinkage(app, blocking: false);
        var again = await owner.Page(url);

        // The latest linkage's groups only (not the first's as well), the decision kept on the group of the same cases.
        Assert.Equal(listed, again.QuerySelectorAll("tbody tr").Length);
        var main = again.QuerySelector("main")!.TextContent;
        Assert.Single(again.QuerySelectorAll("tbody tr"), row => row.TextContent.Contains("confirmed", StringComparison.Ordinal));
        Assert.Contains("decided on an earlier linkage that grouped exactly these cases", main, StringComparison.Ordinal);
        Assert.Contains("These are the groups of the latest linkage, the one the estimates count.", main, StringComparison.Ordinal);

        // A form from the page as it was before the new import: the owner is told why, and sees the new list.
        var stale = first.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Decide']").Last();
        var refused = await WebBrowser.Parse(await owner.Submit(stale, url, []));
        Assert.Contains("A newer linkage result has been imported since this list was shown", refused.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(listed, refused.QuerySelectorAll("tbody tr").Length);
    }

    [Fact]
    public async Task A_long_review_is_paged_and_filtered_and_a_decision_returns_the_owner_to_the_same_place()
    {
        await using var app = new DalelApp();
        app.Unseal();
        LinkageSteps.ImportLinkageOfSharedIncidents(app, blocking: false, shared: 56);
        using var owner = await app.SignInAs(Role.Owner);
        var url = LinkageRoutes.Duplicates(app.OrgA);

        var first = await owner.Page(url);
        var all = int.Parse(System.Text.RegularExpressions.Regex.Match(first.QuerySelector("main")!.TextContent, @"All \((\d+)\)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(all, 51, 56);
        Assert.Equal(50, first.QuerySelectorAll("tbody tr").Length);
        Assert.Contains("Page 1 of 2", first.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var second = await owner.Page(first.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlAnchorElement>("nav.pager a").Single(a => a.TextContent.Contains("Next", StringComparison.Ordinal)).GetAttribute("href")!);
        Assert.Equal(all - 50, second.QuerySelectorAll("tbody tr").Length);
        Assert.Empty(first.QuerySelectorAll("tbody tr").Select(r => r.QuerySelector("a")!.TextContent).Intersect(second.QuerySelectorAll("tbody tr").Select(r => r.QuerySelector("a")!.TextContent)));

        // The queue of undecided ones: a decision takes the case off it and brings the owner back to it.
        var pending = LinkageRoutes.Duplicates(app.OrgA, "pending", 1);
        var queue = await owner.Page(pending);
        var decided = queue.QuerySelector("tbody tr a")!.TextContent;
        var response = await owner.Submit(queue.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("tbody tr form")!, pending, []);
        Assert.Equal(pending, response.Headers.Location!.OriginalString);
        var after = await owner.Page(pending);
        Assert.DoesNotContain(after.QuerySelectorAll("tbody tr a"), a => a.TextContent == decided);
        Assert.Contains($"Not yet decided ({all - 1})", after.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var done = await owner.Page(LinkageRoutes.Duplicates(app.OrgA, "decided", 1));
        Assert.Equal(decided, Assert.Single(done.QuerySelectorAll("tbody tr")).QuerySelector("a")!.TextContent);
        Assert.Contains("Decided (1)", done.QuerySelector("strong[aria-current=page]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Owners_encode_their_cases_and_import_the_result_on_the_page_without_the_command_line()
    {
        await using var app = new DalelApp();
        app.Unseal();
        LinkageSteps.RecordSharedIncidents(app);

        var secret = Enumerable.Range(0, 32).Select(i => (byte)(i * 3 + 1)).ToArray();
        async Task<(WebBrowser Owner, Dalel.Core.Linkage.EncodingFile File)> Encode(string key, Guid org)
        {
            var owner = await app.SignInAs(Role.Owner, key);
            var response = await owner.SubmitWithFiles(LinkageRoutes.Duplicates(org), "form[action*='handler=Encode']", [], null, ("secret", "coalition.secret", secret));
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
            var json = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Surname", json, StringComparison.OrdinalIgnoreCase); // no plaintext leaves
            return (owner, Dalel.Core.Linkage.EncodingFile.Parse(json, "file").Value);
        }

        var (ownerOfA, fileA) = await Encode("a", app.OrgA);
        var (ownerOfB, fileB) = await Encode("b", app.OrgB);
        using var _ = ownerOfB;
        using var __ = ownerOfA;
        var result = Dalel.Core.Linkage.MatchEncodings.Run([fileA, fileB]).Value; // whoever runs the linkage, elsewhere
        var url = LinkageRoutes.Duplicates(app.OrgA);

        // A file that is not a result, and a secret too short, are refused with what to do.
        var notResult = await WebBrowser.Parse(await ownerOfA.SubmitWithFiles(url, "form[action*='handler=Import']", [], null, ("result", "result.json", System.Text.Encoding.UTF8.GetBytes(fileA.ToJson()))));
        Assert.Contains("is not a Dalel linkage file of the expected kind", notResult.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var shortSecret = await WebBrowser.Parse(await ownerOfA.SubmitWithFiles(url, "form[action*='handler=Encode']", [], null, ("secret", "coalition.secret", new byte[8])));
        Assert.Contains("32", shortSecret.QuerySelector(".notice.bad")!.TextContent, StringComparison.Ordinal);

        var imported = await ownerOfA.SubmitWithFiles(url, "form[action*='handler=Import']", [], null, ("result", "result.json", System.Text.Encoding.UTF8.GetBytes(result.ToJson())));
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        Assert.Equal(4, (await ownerOfA.Page(url)).QuerySelectorAll("tbody tr").Length);
        Assert.Equal(4, (await ownerOfB.Page(LinkageRoutes.Duplicates(app.OrgB))).QuerySelectorAll("tbody tr").Length);
    }
}
