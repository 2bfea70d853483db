using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dalel.Core.Members;
using Dalel.Web.Pages.Orgs.Members;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Members;

/// <summary>Actions that cut people off ask first, without script (issue 15).</summary>
public sealed class MemberPageTests
{
    [Fact]
    public async Task Removing_a_member_asks_first_naming_them_and_only_the_second_press_removes()
    {
        await using var app = new DalelApp();
        app.Unseal();
        using var owner = await app.SignInAs(Role.Owner);
        var page = await owner.Page(MemberRoutes.Members(app.OrgA));
        var row = page.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(DalelApp.Login(Role.Viewer, "a"), StringComparison.Ordinal));

        var asked = await owner.Submit(row.QuerySelector<IHtmlFormElement>("form[action*='handler=Remove']")!, MemberRoutes.Members(app.OrgA), []);

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var confirm = await WebBrowser.Parse(asked);
        Assert.Contains("Viewer A", confirm.QuerySelector("#confirm-removal")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(new ListMembers(app.Instance).Run(DalelApp.Owner(app.OrgA)).Value, m => m.Login == DalelApp.Login(Role.Viewer, "a"));

        var removed = await owner.Submit(confirm.QuerySelector<IHtmlFormElement>("#confirm-removal form")!, MemberRoutes.Members(app.OrgA), []);

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.DoesNotContain(new ListMembers(app.Instance).Run(DalelApp.Owner(app.OrgA)).Value, m => m.Login == DalelApp.Login(Role.Viewer, "a"));
    }
}

/// <summary>Sizes as people read them (issue 15), with the exact count kept in the page for whoever needs it.</summary>
public sealed class SizeTests
{
    [Theory]
    [InlineData(840, "en", "840 B")]
    [InlineData(12_400, "en", "12 KB")]
    [InlineData(3_565_158, "en", "3.4 MB")]
    [InlineData(3_565_158, "ru", "3,4 МБ")]
    [InlineData(12_400, "kk", "12 КБ")]
    public void File_sizes_are_shown_in_bytes_kilobytes_or_megabytes(long bytes, string language, string shown) =>
        Assert.Equal(shown, Dalel.Web.Localization.L.Bytes(bytes, language));
}

/// <summary>Times in the organisation's zone with the zone written beside them (issue 15).</summary>
public sealed class TimeTests
{
    [Fact]
    public void A_moment_is_shown_in_the_configured_zone_with_its_offset()
    {
        var almaty = Dalel.Web.Localization.L.FindZone("Asia/Almaty");
        var moment = new DateTimeOffset(2026, 11, 30, 6, 24, 0, TimeSpan.Zero);
        var offset = almaty.GetUtcOffset(moment);

        Assert.Equal($"{moment.ToOffset(offset):yyyy-MM-dd HH:mm} (UTC+{offset.Hours})", Dalel.Web.Localization.L.When(moment));
        Assert.True(offset >= TimeSpan.FromHours(5), "Kazakhstan is at UTC+5 (or +6 with older time zone data)");
    }
}

/// <summary>A case an analyst opens is named by its number, and its page says when it was recorded and changed.</summary>
public sealed class CodedCaseTitleTests
{
    [Fact]
    public async Task An_analyst_sees_the_case_named_by_its_number_and_its_dates()
    {
        await using var app = new DalelApp();
        app.Unseal();
        var seeded = Seeded.Case(app, app.OrgA, "a");
        using var analyst = await app.SignInAs(Role.Analyst);

        var page = await analyst.Page(Dalel.Web.Pages.Orgs.Cases.CaseRoutes.Case(app.OrgA, seeded.Id));

        Assert.Equal($"Case {seeded.Id.ToString()[..8]}", page.QuerySelector("h1")!.TextContent);
        Assert.Contains(page.QuerySelectorAll("main p.muted"), p => p.TextContent.StartsWith("Recorded ", StringComparison.Ordinal));
    }
}
