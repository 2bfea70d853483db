using System.Net;
using System.Xml.Linq;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Web.Pages.Orgs.Statistics;
using Dalel.Web.Tests.Support;
using MiniExcelLibs;

namespace Dalel.Web.Tests.Statistics;

public sealed class StatisticsPageTests
{
    private static async Task<(DalelApp App, Guid Trans)> Demo()
    {
        var app = new DalelApp();
        app.Unseal();
        // The demo coalition's cases, recorded into this app's two organisations' neighbours.
        var trans = new CreateOrganisation(app.Instance).Run("Trans", "cli").Value;
        new AddMember(app.Instance).Run(OrgScope.Cli(trans), "trans.analyst", "A", DalelApp.Password, Role.Analyst);
        new SetCoalitionSharing(app.Instance).Run(OrgScope.Cli(trans), true);
        new SetCoalitionSharing(app.Instance).Run(OrgScope.Cli(app.OrgA), true);
        for (var i = 0; i < 6; i++)
        {
            Seeded.Case(app, app.OrgA, $"a{i}");
        }

        for (var i = 0; i < 2; i++)
        {
            Seeded.Case(app, app.OrgB, $"b{i}");
        }

        await Task.CompletedTask;
        return (app, trans);
    }

    [Fact]
    public async Task An_organisation_sees_its_exact_table_chart_and_sentences()
    {
        var (app, _) = await Demo();
        using (app)
        {
            using var analyst = await app.SignInAs(Role.Analyst);
            var page = await analyst.Page(StatisticsRoutes.Statistics(app.OrgA) + "?Rows=perpetrator&f=year%3D2024");

            var cells = page.QuerySelectorAll("main table tbody td").Select(td => td.TextContent).ToList();
            Assert.Equal(["Police", "6", "100%"], cells);
            Assert.Contains("Of 6 cases documented in 2024, 6 (100%) involved police.", page.QuerySelector("ul.sentences")!.TextContent, StringComparison.Ordinal);
            Assert.Contains("Internal — not for publication", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
            var svg = XDocument.Parse(page.QuerySelector("figure svg")!.OuterHtml);
            Assert.Equal("svg", svg.Root!.Name.LocalName);
            Assert.Empty(page.QuerySelectorAll("script"));
        }
    }

    [Fact]
    public async Task The_coalition_table_is_perturbed_says_so_and_never_shows_case_text()
    {
        var (app, _) = await Demo();
        using (app)
        {
            new SetCoalitionSharing(app.Instance).Run(OrgScope.Cli(app.OrgB), true);
            using var analyst = await app.SignInAs(Role.Analyst, "b");
            var html = await analyst.Http.GetStringAsync(StatisticsRoutes.Statistics(app.OrgB) + "?scope=coalition&Rows=organisation");

            Assert.Contains("Counts are perturbed to protect the people concerned", html, StringComparison.Ordinal);
            var page = await analyst.Page(StatisticsRoutes.Statistics(app.OrgB) + "?scope=coalition&Rows=organisation");
            var counts = page.QuerySelectorAll("main table tbody td, main table tfoot th").Select(td => td.TextContent).Where(t => t.All(char.IsDigit) && t.Length > 0).ToList();
            Assert.NotEmpty(counts);
            Assert.DoesNotContain("1", counts);
            Assert.DoesNotContain("2", counts);
            Assert.Empty(page.QuerySelectorAll("a[href*='handler=Cases']"));
            Assert.Equal(HttpStatusCode.NotFound, (await analyst.Http.GetAsync(StatisticsRoutes.Statistics(app.OrgB) + "?handler=Cases&scope=coalition")).StatusCode);
            Assert.DoesNotContain("Title a", html, StringComparison.Ordinal);
            Assert.DoesNotContain("narrative-", html, StringComparison.Ordinal);
            Assert.DoesNotContain("CODE-", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Downloads_carry_the_same_table_and_another_organisation_is_refused()
    {
        var (app, trans) = await Demo();
        using (app)
        {
            using var analyst = await app.SignInAs(Role.Analyst);
            var query = StatisticsRoutes.Statistics(app.OrgA) + "?Rows=region&Columns=year&handler=Download";

            var bytes = await analyst.Http.GetByteArrayAsync(query + "&format=csv");
            Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
            var csv = System.Text.Encoding.UTF8.GetString(bytes[3..]);
            Assert.StartsWith("Region,2024,Cases", csv, StringComparison.Ordinal);
            Assert.Contains("Astana (city),6,6", csv, StringComparison.Ordinal);

            var xlsx = await analyst.Http.GetByteArrayAsync(query + "&format=xlsx");
            var rows = new MemoryStream(xlsx).Query(useHeaderRow: false).Cast<IDictionary<string, object>>().ToList();
            Assert.Equal("Astana (city)", rows[1]["A"]);
            Assert.Equal(6d, Convert.ToDouble(rows[1]["B"], System.Globalization.CultureInfo.InvariantCulture));

            XDocument.Parse(await analyst.Http.GetStringAsync(query + "&format=svg"));
            var png = await analyst.Http.GetByteArrayAsync(query + "&format=png");
            Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);

            var cases = await analyst.Http.GetAsync(StatisticsRoutes.Statistics(app.OrgA) + "?handler=Cases&scope=own");
            Assert.Equal("attachment", cases.Content.Headers.ContentDisposition!.DispositionType);
            var lines = (await cases.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(7, lines.Length);
            Assert.DoesNotContain(lines, l => l.Contains("narrative-", StringComparison.Ordinal) || l.Contains("identity-", StringComparison.Ordinal) || l.Contains("Title ", StringComparison.Ordinal));
            var spreadsheet = await analyst.Http.GetAsync(StatisticsRoutes.DeidentifiedCasesXlsx(app.OrgA));
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", spreadsheet.Content.Headers.ContentType!.MediaType);
            var sheet = new MemoryStream(await spreadsheet.Content.ReadAsByteArrayAsync()).Query(useHeaderRow: false).Cast<IDictionary<string, object>>().ToList();
            Assert.Equal(lines.Length, sheet.Count);
            Assert.Equal("row", sheet[0]["A"]);
            Assert.Equal(HttpStatusCode.Forbidden, (await analyst.Http.GetAsync(StatisticsRoutes.Statistics(trans))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await analyst.Http.GetAsync(StatisticsRoutes.Statistics(app.OrgB) + "?scope=coalition")).StatusCode);
        }
    }
}
