using Dalel.Core.Intake;
using Dalel.Core.Storage;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Intake;

public sealed class DraftCaseFromReportTests
{
    private static (TestInstance Test, Guid Report) Reported(IReadOnlyDictionary<string, string?> answers, string language)
    {
        var test = TestInstance.Create(Provider.Sqlite);
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "test");
        new ConfigureIntake(test.Instance).Run(test.OwnerOfA, DefaultIntake.Settings() with { Enabled = true, Slug = "draft", PublicName = "Draft" }, 0);
        Assert.True(new SubmitIntakeReport(test.Instance).Run("draft", answers, language).IsOk);
        return (test, new ListIntakeReports(test.Instance).Run(test.OwnerOfA).Value.Single().Id);
    }

    [Fact]
    public void The_reporters_words_suggest_the_region_and_perpetrator_and_their_consent_is_carried()
    {
        var (test, report) = Reported(new Dictionary<string, string?>
        {
            ["what"] = "Задержали у клуба", ["when"] = "12.03.2024", ["where"] = "в Алматы, у клуба", ["who"] = "полиция, двое", ["consent"] = "0",
        }, "ru");
        using var _ = test;

        var draft = new DraftCaseFromReport(test.Instance).Run(test.OwnerOfA, report, "ru").Value;

        Assert.Equal("almaty_city", draft.Content.Place.Region);
        var perpetrator = Assert.Single(Assert.Single(draft.Content.Acts).Perpetrators);
        Assert.Equal("police", perpetrator.Type);
        Assert.Equal("полиция, двое", perpetrator.Description);
        Assert.Equal([("region", "Алматы", "almaty_city"), ("perpetrator", "полиция", "police")], draft.Suggestions.Select(s => (s.Field, s.Word, s.Code)));
        Assert.Equal(new DateOnly(2024, 3, 12), draft.Content.Date.From);
        var victim = Assert.Single(draft.Content.Victims);
        Assert.Equal("Автор сообщения", victim.CodeName);
        Assert.True(victim.Allows("internal"));
        Assert.True(victim.Allows("anonymised_story"));
        Assert.True(victim.Allows("anonymous_statistics"));
        Assert.False(victim.Allows("named_publication"));
        // A draft is not a case: nothing was recorded and the report still waits.
        Assert.Equal(0, new Dalel.Core.Cases.SearchCases(test.Instance).Run(test.OwnerOfA, new Dalel.Core.Cases.CaseQuery()).Value.Total);
        Assert.Null(new GetIntakeReport(test.Instance).Run(test.OwnerOfA, report).Value.CaseId);
    }

    [Fact]
    public void A_refusal_is_carried_as_a_refusal_and_words_that_only_resemble_a_place_suggest_nothing()
    {
        var (test, report) = Reported(new Dictionary<string, string?> { ["what"] = "Угрозы", ["where"] = "Алмазная улица", ["who"] = "не знаю", ["consent"] = "1" }, "ru");
        using var _ = test;

        var draft = new DraftCaseFromReport(test.Instance).Run(test.OwnerOfA, report, "ru").Value;

        Assert.Null(draft.Content.Place.Region);
        Assert.Empty(draft.Content.Acts[0].Perpetrators);
        Assert.Empty(draft.Suggestions);
        var victim = draft.Content.Victims[0];
        Assert.True(victim.Allows("internal"));
        Assert.False(victim.Allows("anonymised_story"));
        Assert.Contains(victim.Consents, c => c.Use == "anonymised_story" && !c.Granted);
    }

    [Fact]
    public void Saving_a_draft_without_a_violation_is_refused_like_any_case_and_records_nothing()
    {
        var (test, report) = Reported(new Dictionary<string, string?> { ["what"] = "Угрозы" }, "ru");
        using var _ = test;
        var draft = new DraftCaseFromReport(test.Instance).Run(test.OwnerOfA, report, "ru").Value;

        var saved = new ConvertIntakeReport(test.Instance).Run(test.OwnerOfA, report, draft.Content);

        Assert.Contains(Assert.IsType<Invalid>(saved.Error).Errors, e => e.Field.EndsWith("Violations", StringComparison.Ordinal));
        Assert.Null(new GetIntakeReport(test.Instance).Run(test.OwnerOfA, report).Value.CaseId);
    }
}
