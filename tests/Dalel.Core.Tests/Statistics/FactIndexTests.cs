using Dalel.Core.Cases;
using Dalel.Core.Demo;
using Dalel.Core.Members;
using Dalel.Core.Statistics;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Statistics;

public sealed class FactIndexTests
{
    [Fact]
    public void The_index_counts_exactly_what_walking_the_records_counts()
    {
        using var test = TestInstance.Create(initialise: false);
        var demo = new BuildDemoCoalition(test.Instance).Run(KdfParameters.Fast).Value;
        var open = test.Instance.Enter(OrgScope.Cli(demo.Organisations[0].Id), Capability.ReadCodedFacts).Value;
        CompareWithWalking(open, demo, open.Facts, (s, o, c, r, cols, q) => FactIndex.Count(s, o, c, r, cols, q));
    }

    [Fact]
    public void Built_in_stripes_and_tallied_on_both_cores_the_index_still_counts_exactly()
    {
        // The demo is small, so the index is built here in stripes of 64 cases and every tally split between cores, as
        // they are for a million cases.
        using var test = TestInstance.Create(initialise: false);
        var demo = new BuildDemoCoalition(test.Instance).Run(KdfParameters.Fast).Value;
        var open = test.Instance.Enter(OrgScope.Cli(demo.Organisations[0].Id), Capability.ReadCodedFacts).Value;
        var all = demo.Organisations.SelectMany(o => open.SharedCases([o.Id]).Select(c => (o.Id, c))).ToArray();
        Assert.True(all.Length > 64 * 4, "several stripes");
        var striped = FactIndex.Snapshot.Of(all, test.Instance.Vault.Keys!, generation: 0, stripe: 64);
        CompareWithWalking(open, demo, striped, (s, o, c, r, cols, q) => FactIndex.Count(s, o, c, r, cols, q, parallelAbove: 0));
    }

    private static void CompareWithWalking(Dalel.Core.Door.Unsealed open, DemoCoalition demo, FactIndex.Snapshot snapshot,
        Func<FactIndex.Snapshot, ISet<Guid>, bool, Dimension, Dimension?, StatisticsQuery, Counts?> count)
    {
        var random = new Random(7);
        using var recordKeys = open.RecordKeys();
        var keys = new[] { "violation", "perpetrator", "region", "year", "gender-identity", "trans-status", "age-band", "iccpr", "reported", "response", "consent", "organisation" };
        var compared = 0;

        for (var i = 0; i < 200; i++)
        {
            var rows = Dimension.Find(keys[random.Next(keys.Length)])!;
            var columns = random.Next(2) == 0 ? null : Dimension.Find(keys[random.Next(keys.Length)]);
            var filters = new Dictionary<string, string>();
            if (random.Next(2) == 0)
            {
                filters["year"] = (2022 + random.Next(4)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (random.Next(2) == 0)
            {
                filters["perpetrator"] = random.Next(2) == 0 ? "police" : "organised_group";
            }

            if (random.Next(8) == 0)
            {
                filters["violation"] = "no_such_violation";
            }

            var query = new StatisticsQuery
            {
                Rows = rows.Key,
                Columns = columns?.Key,
                Filters = filters,
                From = random.Next(3) == 0 ? new DateOnly(2023, 3, 1) : null,
                To = random.Next(3) == 0 ? new DateOnly(2024, 10, 31) : null,
            };
            var organisations = random.Next(2) == 0
                ? demo.Organisations.Select(o => o.Id).ToHashSet()
                : [demo.Organisations[random.Next(demo.Organisations.Count)].Id];
            var consentedOnly = random.Next(2) == 0;

            var fast = count(snapshot, organisations, consentedOnly, rows, columns, query);
            var slow = ComputeStatistics.CountSlow(
                open.SharedCases(organisations).Select(c => c.Record)
                    .Where(c => !consentedOnly || (c.Victims.Count > 0 && c.Victims.All(v => v.Allows("anonymous_statistics")))),
                rows, columns, query, recordKeys);

            Assert.NotNull(fast);
            Assert.Equal(slow.Total, fast.Total);
            Assert.Equal(slow.TotalKey, fast.TotalKey);
            Assert.Equal(slow.Rows.OrderBy(r => r.Key, StringComparer.Ordinal), fast.Rows.OrderBy(r => r.Key, StringComparer.Ordinal));
            Assert.Equal(slow.RowKeys.OrderBy(r => r.Key, StringComparer.Ordinal), fast.RowKeys.OrderBy(r => r.Key, StringComparer.Ordinal));
            Assert.Equal(slow.Columns.OrderBy(r => r.Key, StringComparer.Ordinal), fast.Columns.OrderBy(r => r.Key, StringComparer.Ordinal));
            Assert.Equal(slow.Cells.OrderBy(r => r.Key.Item1, StringComparer.Ordinal).ThenBy(r => r.Key.Item2, StringComparer.Ordinal),
                fast.Cells.OrderBy(r => r.Key.Item1, StringComparer.Ordinal).ThenBy(r => r.Key.Item2, StringComparer.Ordinal));
            compared += slow.Total;
        }

        Assert.True(compared > 1000, "the random queries should count a good number of cases");
    }

    [Fact]
    public void The_index_follows_new_and_deleted_cases()
    {
        using var test = TestInstance.Create();
        var query = new StatisticsQuery { Rows = "perpetrator" };
        var statistics = new ComputeStatistics(test.Instance);
        var scope = new StatisticsScope.Organisation(test.OrgA);

        var id = new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid()).Value;
        Assert.Equal(1, statistics.Run(test.OwnerOfA, scope, query).Value.Total.Count);
        new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid());
        Assert.Equal(2, statistics.Run(test.OwnerOfA, scope, query).Value.Total.Count);
        new DeleteCase(test.Instance).Run(test.OwnerOfA, id);
        Assert.Equal(1, statistics.Run(test.OwnerOfA, scope, query).Value.Total.Count);
    }
}
