using System.Globalization;
using System.Net;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Vocabularies;
using Dalel.Web.Pages.Orgs.Cases;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Cases;

public sealed class LargeCaseTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public async Task A_raid_with_two_hundred_victims_and_acts_is_saved_in_one_go(Dalel.Core.Storage.Provider provider)
    {
        await using var app = new DalelApp(provider);
        app.Unseal();
        using var documenter = await app.SignInAs(Role.Documenter);
        var uses = Catalog.Default[Catalog.ConsentUses].Terms.Select(t => t.Code).ToList();
        var fields = new Dictionary<string, string>
        {
            ["Command"] = "save",
            ["Form.Title"] = "Raid on a club",
            ["Form.DateFrom"] = "2024-03-15",
            ["Form.Region"] = "almaty_city",
        };
        for (var i = 0; i < 200; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            fields[$"Form.Victims[{n}].CodeName"] = $"V-{n}";
            // A browser sends every consent row of every victim, as the form shows them: this is what went past 1,024 values.
            for (var u = 0; u < uses.Count; u++)
            {
                fields[$"Form.Victims[{n}].Consents[{u}].Use"] = uses[u];
                fields[$"Form.Victims[{n}].Consents[{u}].Decision"] = "";
            }

            fields[$"Form.Acts[{n}].Victim"] = n;
            fields[$"Form.Acts[{n}].Violations"] = "raid";
            fields[$"Form.Acts[{n}].Perpetrators[0].Type"] = "police";
        }

        var saved = await documenter.Post(CaseRoutes.New(app.OrgA), fields);

        Assert.True(fields.Count > 1_024, "the form must be larger than ASP.NET's default limit to test anything");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = Guid.Parse(saved.Headers.Location!.OriginalString.Split('/')[^1]);
        var stored = new GetCase(app.Instance).Run(DalelApp.Owner(app.OrgA), id).Value.Record;
        Assert.Equal(200, stored.Victims.Count);
        Assert.Equal(200, stored.Acts.Count);
    }
}
