using Dalel.Core.Cases;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Tests.Cases;

public sealed class CaseRulesTests
{
    private static readonly DateOnly Today = new(2025, 6, 1);

    private static List<string> Fields(CaseContent c) =>
        CaseValidation.Validate(c, Catalog.Default, Today).Select(e => $"{e.Field}:{e.MessageKey}").ToList();

    [Fact]
    public void A_complete_case_passes() => Assert.Empty(Fields(SampleCases.Valid()));

    [Fact]
    public void Each_broken_rule_names_its_field()
    {
        var valid = SampleCases.Valid();
        var victim = valid.Victims[0];
        var act = valid.Acts[0];

        Assert.Contains("Title:error.required", Fields(valid with { Title = " " }));
        Assert.Contains("DateFrom:error.date_in_future", Fields(valid with { Date = new IncidentDate(DatePrecision.Day, new DateOnly(2025, 7, 1), new DateOnly(2025, 7, 1)) }));
        Assert.Contains("Place.Region:error.unknown_code", Fields(valid with { Place = new Place { Region = "atlantis" } }));
        Assert.Contains("Place.Settlement:error.settlement_not_in_region", Fields(valid with { Place = new Place { Region = "astana", Settlement = "taraz" } }));
        Assert.Contains("Victims:error.at_least_one_victim", Fields(valid with { Victims = [], Acts = [] }));
        Assert.Contains("Acts:error.at_least_one_act", Fields(valid with { Acts = [] }));
        Assert.Contains("Acts[0].Violations:error.at_least_one_violation", Fields(valid with { Acts = [act with { Violations = [] }] }));
        Assert.Contains("Acts[0].Violations:error.unknown_code", Fields(valid with { Acts = [act with { Violations = ["bad_code"] }] }));
        Assert.Contains("Acts[0].VictimId:error.unknown_victim", Fields(valid with { Acts = [act with { VictimId = Guid.NewGuid() }] }));
        Assert.Contains("Acts[0].Perpetrators[0].Type:error.required", Fields(valid with { Acts = [act with { Perpetrators = [new Perpetrator { Type = "" }] }] }));
        Assert.Contains("Acts[0].Perpetrators[0].Count:error.count_range", Fields(valid with { Acts = [act with { Perpetrators = [new Perpetrator { Type = "police", Count = 0 }] }] }));
        Assert.Contains("Victims[0].Age:error.age_range", Fields(valid with { Victims = [victim with { Age = 130 }] }));
        Assert.Contains("Victims[0].GenderIdentity:error.unknown_code", Fields(valid with { Victims = [victim with { GenderIdentity = "gay" }] }));
        Assert.Contains("Victims[0].Consents[0].Method:error.required", Fields(valid with { Victims = [victim with { Consents = [new ConsentGrant { Use = "internal", Granted = true, Date = Today, Method = "" }] }] }));
        Assert.Contains("Victims[1].CodeName:error.duplicate_code_name", Fields(valid with { Victims = [victim, victim with { Id = Guid.NewGuid(), CodeName = "v-001" }] }));
        Assert.Contains("Sources[0].Type:error.unknown_code", Fields(valid with { Sources = [new Source { Type = "rumour" }] }));
        Assert.Contains("Interventions[0].Response:error.unknown_code", Fields(valid with { Interventions = [new Intervention { Type = "court", Response = "maybe" }] }));
    }

    [Fact]
    public void Consent_follows_the_latest_decision_for_each_use()
    {
        var victim = SampleCases.Valid().Victims[0] with
        {
            Consents =
            [
                new ConsentGrant { Use = "anonymised_story", Granted = true, Date = new DateOnly(2024, 1, 1), Method = "verbal" },
                new ConsentGrant { Use = "anonymised_story", Granted = false, Date = new DateOnly(2024, 6, 1), Method = "written" },
                new ConsentGrant { Use = "anonymous_statistics", Granted = true, Date = new DateOnly(2024, 6, 1), Method = "written" },
            ],
        };

        Assert.False(victim.Allows("anonymised_story"));
        Assert.True(victim.Allows("anonymous_statistics"));
        Assert.False(victim.Allows("named_publication"));
    }
}
