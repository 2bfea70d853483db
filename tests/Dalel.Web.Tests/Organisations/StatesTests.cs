using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Web.Pages.Orgs.Cases;
using Dalel.Web.Pages.Orgs.Members;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Organisations;

/// <summary>A regional member documents Kyrgyzstan as well as Kazakhstan: its forms and filters offer both, and a region names its State.</summary>
public sealed class StatesTests
{
    [Fact]
    public async Task An_owner_adds_Kyrgyzstan_and_a_documenter_records_a_case_in_Bishkek()
    {
        using var app = new DalelApp();
        app.Unseal();
        using (var owner = await app.SignInAs(Role.Owner))
        {
            var members = MemberRoutes.Members(app.OrgA);
            var page = await owner.Page(members);
            var form = page.QuerySelector<IHtmlFormElement>("form[action*='handler=Countries']")!;
            IHtmlInputElement Box(string code) => form.QuerySelector<IHtmlInputElement>($"input[name='countries'][value='{code}']")!;
            Assert.True(Box("KZ").IsChecked);
            Box("KZ").IsChecked = false;
            var none = await owner.Submit(form, members, new() { ["defaultCountry"] = "KG" });
            Assert.Equal(HttpStatusCode.OK, none.StatusCode);
            Assert.Contains("Choose at least one State.", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            Box("KZ").IsChecked = true;
            Box("KG").IsChecked = true;
            var saved = await owner.Submit(form, members, new() { ["defaultCountry"] = "KG" });
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            var shown = await owner.Page(saved.Headers.Location!.OriginalString);
            Assert.Equal("The States were saved.", shown.QuerySelector("#countries + [role=status]")!.TextContent);
        }

        using var documenter = await app.SignInAs(Role.Documenter);
        var url = CaseRoutes.New(app.OrgA);
        var blank = await documenter.Page(url);
        Assert.Equal("KG", blank.QuerySelector<IHtmlSelectElement>("[name='Form.Country']")!.Value);
        Assert.Equal(["Kyrgyzstan", "Kazakhstan"], blank.QuerySelectorAll("[name='Form.Region'] optgroup").Select(g => g.GetAttribute("label")!));
        Assert.NotNull(blank.QuerySelector("[name='Form.Region'] optgroup[label='Kyrgyzstan'] option[value='bishkek']"));

        // The State select is left at Kazakhstan, but the region chosen is in Kyrgyzstan: the region decides.
        var recorded = await documenter.Submit(blank.QuerySelector<IHtmlFormElement>("main form")!, url, new()
        {
            ["Form.Title"] = "Detention in Bishkek",
            ["Form.DateFrom"] = "2024-03-12",
            ["Form.Country"] = "KZ",
            ["Form.Region"] = "bishkek",
            ["Form.Victims[0].CodeName"] = "B-1",
            ["Form.Acts[0].Violations"] = "police_violence",
            ["Form.Acts[0].Perpetrators[0].Type"] = "police",
        }, "save");
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);

        var stored = new SearchCases(app.Instance).Run(DalelApp.Owner(app.OrgA), new CaseQuery()).Value.Items.Single();
        Assert.Equal(("KG", "bishkek"), (stored.Country, stored.Region));
        var list = await documenter.Page(CaseRoutes.List(app.OrgA) + "?Region=bishkek");
        Assert.Contains("Bishkek (city)", list.QuerySelector("main table tbody")!.TextContent, StringComparison.Ordinal);
        var statistics = await documenter.Page($"/o/{app.OrgA}/statistics");
        Assert.NotNull(statistics.QuerySelector("option[value='region=bishkek']"));
        Assert.NotNull(statistics.QuerySelector("option[value='country=KG']"));
    }
}
