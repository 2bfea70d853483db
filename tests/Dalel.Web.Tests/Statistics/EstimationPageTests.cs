using System.Net;
using AngleSharp.Dom;
using Dalel.Core.Members;
using Dalel.Web.Pages.Orgs.Estimation;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Statistics;

public sealed class EstimationPageTests
{
    [Fact]
    public async Task An_uploaded_overlap_table_gives_every_model_and_the_statement()
    {
        await using var app = new DalelApp();
        app.Unseal();
        using var browser = await app.SignInAs(Role.Analyst);
        var csv = "A,B,C,count\n1,0,0,60\n0,1,0,49\n1,1,0,4\n0,0,1,247\n1,0,1,112\n0,1,1,142\n1,1,1,12\n"u8.ToArray();

        var response = await browser.Upload(EstimationRoutes.Estimate(app.OrgA), "overlaps.csv", csv);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await WebBrowser.Parse(response);
        Assert.Equal(8, page.QuerySelectorAll("tbody tr").Length);
        Assert.Contains("Documented: 626; estimated total: 731 (95% interval 700–766)", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("The estimate assumes", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_estimate_beyond_its_time_budget_stops_and_says_so()
    {
        await using var app = new DalelApp(settings: new Dictionary<string, string> { ["Dalel:EstimateSeconds"] = "1" });
        app.Unseal();
        using var browser = await app.SignInAs(Role.Viewer);
        var csv = new System.Text.StringBuilder("A,B,C,D,E,F,count\n");
        for (var p = 1; p < 64; p++)
        {
            csv.Append(string.Join(',', Enumerable.Range(0, 6).Select(j => (p >> j) & 1))).Append(",15000\n");
        }

        var response = await browser.Upload(EstimationRoutes.Estimate(app.OrgA), "overlaps.csv", System.Text.Encoding.UTF8.GetBytes(csv.ToString()), new() { ["latentClass"] = "true" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("stopped before it finished", (await WebBrowser.Parse(response)).Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_row_is_named_and_nothing_is_estimated()
    {
        await using var app = new DalelApp();
        app.Unseal();
        using var browser = await app.SignInAs(Role.Viewer);

        var response = await browser.Upload(EstimationRoutes.Estimate(app.OrgA), "overlaps.csv", "A,B,count\n1,0,5\n2,1,3\n"u8.ToArray());

        var page = await WebBrowser.Parse(response);
        Assert.Contains("Row 2", page.QuerySelector(".notice.bad")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("tbody tr"));
    }
}
