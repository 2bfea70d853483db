using Dalel.Core.Cases;
using Dalel.Core.Demo;
using Dalel.Core.Members;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Demo;

public sealed class DemoCoalitionTests
{
    [Fact]
    public void The_demo_follows_the_reference_submission()
    {
        using var test = TestInstance.Create(initialise: false);
        var demo = new BuildDemoCoalition(test.Instance).Run(KdfParameters.Fast).Value;

        Assert.Equal(5, demo.Organisations.Count);
        Assert.Equal(20, demo.SignIns.Count);
        Assert.InRange(demo.Cases, 300, 700);

        var trans = demo.Organisations.Single(o => o.Name.Contains("Trans", StringComparison.Ordinal)).Id;
        var all2024 = Cases(test, trans).Where(c => c.Date.Year == 2024).ToList();
        Assert.Equal(112, all2024.Count);
        Assert.Equal(56, all2024.Count(c => c.Acts.Any(a => a.Perpetrators.Any(p => p.Type == "police"))));

        var health = demo.Organisations.Single(o => o.Name.Contains("Health", StringComparison.Ordinal)).Id;
        // "Fake dating was the most frequently reported form": more cases than any other violation outside fake-dating cases.
        foreach (var year in Cases(test, health).GroupBy(c => c.Date.Year))
        {
            static bool FakeDating(CaseRecord c) => c.Acts.Any(a => a.Violations.Contains("fake_dating"));
            var fakeDating = year.Count(FakeDating);
            var next = year.Where(c => !FakeDating(c)).SelectMany(c => c.Acts.SelectMany(a => a.Violations).Distinct()).GroupBy(v => v).Max(g => g.Count());
            Assert.True(fakeDating > next, $"{year.Key}: fake dating {fakeDating}, next {next}");
        }

        Assert.Contains(Cases(test, trans), c => c.Narrative.Contains("полиции", StringComparison.Ordinal));
        Assert.Contains(Cases(test, trans), c => c.Narrative.Contains("Police officers", StringComparison.Ordinal));

        // The first organisation's public form is on, with two reports, the older one answered.
        Assert.True(new Dalel.Core.Intake.FindIntakeForm(test.Instance).Run(BuildDemoIntake.Slug).IsOk);
        var reports = new Dalel.Core.Intake.ListIntakeReports(test.Instance).Run(OrgScope.Cli(demo.Organisations.Single(o => o.Name == BuildDemoCoalition.Organisations[0].Name).Id)).Value;
        Assert.Equal([false, true], reports.Select(r => r.Messages > 1).ToArray());
    }

    [Fact]
    public void Demo_sign_ins_work_with_the_printed_password()
    {
        using var test = TestInstance.Create(initialise: false);
        new BuildDemoCoalition(test.Instance).Run(KdfParameters.Fast);

        Assert.True(new SignIn(test.Instance).Run("trans.owner", BuildDemoCoalition.Password).IsOk);
        Assert.True(new SignIn(test.Instance).Run("feminist.analyst", BuildDemoCoalition.Password).IsOk);
        using var node = test.OpenNode();
        Assert.True(new UnsealVault(node).Run(BuildDemoCoalition.Passphrase, "cli").IsOk);
    }

    private static List<CaseRecord> Cases(TestInstance test, Guid org)
    {
        var all = new List<CaseRecord>();
        for (var page = 1; ; page++)
        {
            var found = new SearchCases(test.Instance).Run(OrgScope.Cli(org), new CaseQuery { PageSize = 200, Page = page }).Value;
            all.AddRange(found.Items.Select(s => new GetCase(test.Instance).Run(OrgScope.Cli(org), s.Id).Value.Record));
            if (page >= found.Pages)
            {
                return all;
            }
        }
    }
}
