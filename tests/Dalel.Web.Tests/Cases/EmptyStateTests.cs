using Dalel.Core.Members;
using Dalel.Web.Pages.Orgs.Cases;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Cases;

public sealed class EmptyStateTests
{
    [Fact]
    public async Task An_organisation_with_no_cases_is_told_how_to_begin_and_an_empty_search_how_to_widen_it()
    {
        using var app = new DalelApp();
        app.Unseal();
        using var documenter = await app.SignInAs(Role.Documenter);

        var first = await documenter.Page(CaseRoutes.List(app.OrgA));
        Assert.Contains("No cases yet.", first.QuerySelector("main .notice")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(first.QuerySelector($"main .notice a[href='{CaseRoutes.New(app.OrgA)}']"));
        Assert.NotNull(first.QuerySelector($"main .notice a[href='/o/{app.OrgA}/import']"));
        Assert.Null(first.QuerySelector("main table"));

        Seeded.Case(app, app.OrgA, "empty");
        var none = await documenter.Page(CaseRoutes.List(app.OrgA) + "?q=nothing-like-this");
        Assert.Contains("No case matches these filters.", none.QuerySelector("main .notice")!.TextContent, StringComparison.Ordinal);

        // A viewer cannot record, so is not offered to.
        using var viewer = await app.SignInAs(Role.Viewer, "b");
        Assert.Null((await viewer.Page(CaseRoutes.List(app.OrgB))).QuerySelector($"main .notice a[href='{CaseRoutes.New(app.OrgB)}']"));

        var statistics = await documenter.Page($"/o/{app.OrgA}/statistics?From=2030-01-01");
        Assert.Contains("No case is counted with these choices", statistics.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Null(statistics.QuerySelector("main figure"));
    }
}
