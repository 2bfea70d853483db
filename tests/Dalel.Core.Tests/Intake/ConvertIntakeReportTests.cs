using Dalel.Core.Cases;
using Dalel.Core.Intake;
using Dalel.Core.Storage;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Intake;

public sealed class ConvertIntakeReportTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public async Task Documenters_converting_the_same_report_at_once_get_one_case(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "test");
        new ConfigureIntake(test.Instance).Run(test.OwnerOfA, DefaultIntake.Settings() with { Enabled = true, Slug = "race", PublicName = "Race" }, 0);
        new SubmitIntakeReport(test.Instance).Run("race", new Dictionary<string, string?> { ["what"] = "one report" }, "en");
        var report = new ListIntakeReports(test.Instance).Run(test.OwnerOfA).Value.Single().Id;

        var draft = new DraftCaseFromReport(test.Instance).Run(test.OwnerOfA, report, "en").Value.Content;
        var content = draft with { Acts = [draft.Acts[0] with { Violations = ["threats"] }] };
        var saves = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => new ConvertIntakeReport(test.Instance).Run(test.OwnerOfA, report, content))));

        // One save records the case; the others are told the report is a case already.
        var recorded = Assert.Single(saves, s => s.IsOk).Value;
        Assert.All(saves.Where(s => !s.IsOk), s => Assert.IsType<AlreadyExists>(s.Error));
        Assert.Equal(1, new SearchCases(test.Instance).Run(test.OwnerOfA, new CaseQuery()).Value.Total);
        Assert.Equal(recorded, new GetIntakeReport(test.Instance).Run(test.OwnerOfA, report).Value.CaseId);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public async Task Replies_and_additions_arriving_at_once_are_all_kept(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "test");
        new ConfigureIntake(test.Instance).Run(test.OwnerOfA, DefaultIntake.Settings() with { Enabled = true, Slug = "busy", PublicName = "Busy" }, 0);
        var receipt = new SubmitIntakeReport(test.Instance).Run("busy", new Dictionary<string, string?> { ["what"] = "first" }, "en").Value;
        var report = new ListIntakeReports(test.Instance).Run(test.OwnerOfA).Value.Single().Id;

        var writes = Enumerable.Range(0, 8).Select(i => Task.Run(() => i % 2 == 0
            ? new ReplyToIntakeReport(test.Instance).Run(test.OwnerOfA, report, $"reply {i}")
            : new AddToIntakeReport(test.Instance).Run("busy", receipt, $"addition {i}", "en")));
        Assert.All(await Task.WhenAll(writes), r => Assert.True(r.IsOk));

        Assert.Equal(9, new GetIntakeReport(test.Instance).Run(test.OwnerOfA, report).Value.Messages.Count);
    }
}
