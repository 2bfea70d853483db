using Dalel.Core.Cases;
using Dalel.Core.Demo;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Statistics;
using Dalel.Core.Storage;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Statistics;

/// <summary>
/// The attacks that recovered hidden counts from earlier versions, played against every table an analyst of another
/// member can ask for. The suite fails if the attacker determines more true counts of 1 or 2 exactly than guessing "1"
/// for every one of them would get right, and shows on the same data that the attack recovers counts from exact
/// tables with suppression (so it cannot pass by being toothless).
/// </summary>
public sealed class DisclosureAttackTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void The_demo_coalitions_published_tables_give_an_analyst_of_another_member_no_small_count(Provider provider)
    {
        using var test = TestInstance.Create(provider, initialise: false);
        var demo = new BuildDemoCoalition(test.Instance).Run(KdfParameters.Fast).Value;
        var analyst = TestInstance.Scope(demo.Organisations[^1].Id, Role.Analyst);

        var attacker = new HostileAnalyst(test.Instance, analyst, new StatisticsScope.Coalition(), Release.Published);
        attacker.AskEverything(2022, 2025);
        var result = attacker.Attack();

        Report("demo coalition, cell key method", attacker, result);
        Assert.True(result.ProtectedCounts > 50, "the attack must have small counts to go after");
        Assert.True(result.Determined <= result.CountsOfOne, $"{result.Determined} small counts determined, guessing 1 gets {result.CountsOfOne}");
        NoFalseFewerThan(attacker.Tables);
    }

    [Fact]
    public void The_same_attack_recovers_small_counts_from_exact_tables_with_suppression()
    {
        using var test = TestInstance.Create(initialise: false);
        var demo = new BuildDemoCoalition(test.Instance).Run(KdfParameters.Fast).Value;
        var largest = demo.Organisations.MaxBy(o => test.Instance.Enter(OrgScope.Cli(o.Id), Capability.ReadCodedFacts).Value.Cases.Count())!;
        var owner = TestInstance.Scope(largest.Id, Role.Owner);

        // What earlier versions published, and what a document of the organisation still may (checked as a whole).
        var attacker = new HostileAnalyst(test.Instance, owner, new StatisticsScope.Organisation(largest.Id), Release.Document);
        attacker.AskEverything(2022, 2025);
        var result = attacker.Attack();

        Report("largest demo organisation, exact counts with suppression", attacker, result);
        Assert.True(result.Determined > 0, "the attack found nothing even in suppressed exact tables: it would prove nothing about the cell key method");
        NoFalseFewerThan(attacker.Tables);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void Small_regions_a_year_apart_stay_hidden_from_every_combination(Provider provider)
    {
        // The fixture: Akmola with one case a year (total 4), Jambyl 3,1,1,1 (total 6), beside larger regions.
        using var test = TestInstance.Create(provider);
        new SetCoalitionSharing(test.Instance).Run(test.OwnerOfA, true);
        new SetCoalitionSharing(test.Instance).Run(test.OwnerOfB, true);
        var random = new Random(11);
        foreach (var year in new[] { 2021, 2022, 2023, 2024 })
        {
            Record(test, test.OrgA, "akmola", year, random);
            Record(test, test.OrgB, "jambyl", year, random);
            for (var i = 0; i < 12; i++)
            {
                Record(test, i % 2 == 0 ? test.OrgA : test.OrgB, i % 3 == 0 ? "astana" : "almaty_city", year, random);
            }
        }

        Record(test, test.OrgB, "jambyl", 2021, random);
        Record(test, test.OrgB, "jambyl", 2021, random);

        var cellKey = new HostileAnalyst(test.Instance, TestInstance.Scope(test.OrgB, Role.Analyst), new StatisticsScope.Coalition(), Release.Published);
        cellKey.AskEverything(2021, 2024);
        var protectedResult = cellKey.Attack();
        Report("fixture, cell key method", cellKey, protectedResult);
        Assert.True(protectedResult.Determined <= protectedResult.CountsOfOne);

        // The same figures exact with suppression, as one document of organisation A would print them: the audit that
        // stands behind every submission finds the disclosure.
        var exact = new HostileAnalyst(test.Instance, test.OwnerOfA, new StatisticsScope.Organisation(test.OrgA), Release.Document);
        exact.Ask("region×year", new StatisticsQuery { Rows = "region", Columns = "year" });
        var found = exact.Attack();
        Report("fixture, organisation A's region × year, exact with suppression", exact, found);
        Assert.Contains(found.Disclosures, d => d.Label.Contains("Akmola", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_published_count_of_one_or_two_is_perturbed_away_and_zero_stays_zero()
    {
        for (uint key = 0; key < 200_000; key += 7)
        {
            var hashed = unchecked(key * 2654435761u);
            Assert.DoesNotContain(CellKey.Publish(1, hashed), new[] { 1, 2 });
            Assert.DoesNotContain(CellKey.Publish(2, hashed), new[] { 1, 2 });
            Assert.DoesNotContain(CellKey.Publish(5, hashed), new[] { 1, 2 });
            Assert.InRange(CellKey.Publish(40, hashed), 38, 42);
        }

        Assert.Equal(0, CellKey.Publish(0, 12345));
        // Unbiased: over all keys, the mean published value equals the true count.
        foreach (var count in new[] { 1, 2, 3, 4, 5, 9 })
        {
            var mean = Enumerable.Range(0, 30).Average(i => CellKey.Publish(count, (uint)(((ulong)i << 32) / 30) + 1));
            Assert.Equal(count, mean, 6);
        }

        Assert.Equal((0, 3), CellKey.Preimage(0));
        Assert.Equal((1, 5), CellKey.Preimage(3));
        Assert.Equal((-1, -1), CellKey.Preimage(1));
    }

    /// <summary>"Fewer than 3" (and its ru/kk forms) only where the true count is below 3.</summary>
    private static void NoFalseFewerThan(IEnumerable<StatisticsTable> tables)
    {
        foreach (var table in tables)
        {
            foreach (var language in new[] { "en", "ru", "kk" })
            {
                var sentences = Sentences.For(table, language);
                var rows = table.RowValues.Select((v, i) => (v, i)).Where(r => r.v.Length > 0 && table.RowTotals[r.i] is { Kind: not CellKind.Secondary } c && (c.Count > 0 || c.Suppressed)).ToList();
                Assert.Equal(rows.Count, sentences.Count);
                for (var s = 0; s < sentences.Count; s++)
                {
                    var says = sentences[s].Contains("fewer than", StringComparison.Ordinal) || sentences[s].Contains("менее 3", StringComparison.Ordinal) || sentences[s].Contains("3-тен аз", StringComparison.Ordinal);
                    var cell = table.RowTotals[rows[s].i];
                    Assert.True(!says || (cell.Kind == CellKind.Small && cell.Count < 3), $"“{sentences[s]}” for a count of {cell.Count}");
                }
            }
        }
    }

    private void Report(string what, HostileAnalyst attacker, AuditResult result)
    {
        output.WriteLine($"{what}: {attacker.Tables.Count} tables, {attacker.FigureCount} published figures; true counts of 1–2 attacked {result.ProtectedCounts}, "
            + $"determined exactly {result.Determined}, guessing “1” right {result.CountsOfOne}");
        foreach (var d in result.Disclosures.Take(5))
        {
            output.WriteLine($"  {d.Label} = {d.TrueCount}");
        }
    }

    private static void Record(TestInstance test, Guid org, string region, int year, Random random)
    {
        var victim = new Victim
        {
            Id = Guid.NewGuid(),
            CodeName = "V",
            GenderIdentity = random.Next(2) == 0 ? "woman" : "man",
            Consents = [new ConsentGrant { Use = "anonymous_statistics", Granted = true, Date = new DateOnly(year, 1, 1), Method = "written" }],
        };
        var day = new DateOnly(year, 1 + random.Next(12), 1 + random.Next(28));
        var content = new CaseContent
        {
            Title = "t",
            Date = new IncidentDate(DatePrecision.Day, day, day),
            Place = new Place { Region = region },
            Victims = [victim],
            Acts = [new Act { Id = Guid.NewGuid(), VictimId = victim.Id, Violations = [random.Next(2) == 0 ? "police_violence" : "threats"], Perpetrators = [new Perpetrator { Type = random.Next(2) == 0 ? "police" : "private_individual" }] }],
            Interventions = random.Next(3) == 0 ? [new Intervention { Type = "complaint_police" }] : [],
        };
        Assert.True(new RecordCase(test.Instance).Run(OrgScope.Cli(org), content).IsOk);
    }
}
