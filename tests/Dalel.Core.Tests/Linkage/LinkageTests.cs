using System.Globalization;
using System.Text.RegularExpressions;
using Dalel.Core.Cases;
using Dalel.Core.Linkage;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Tests.Support;

namespace Dalel.Core.Tests.Linkage;

public sealed class LinkageTests : IDisposable
{
    private static readonly byte[] Secret = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
    private readonly TestInstance _test = TestInstance.Create();

    private Guid Record(OrgScope owner, string name, int age, DateOnly date, string region, string violation, string title = "case")
    {
        var content = SampleCases.Valid(title: title, violation: violation);
        var victim = content.Victims[0];
        return new RecordCase(_test.Instance).Run(owner, content with
        {
            Date = new IncidentDate(DatePrecision.Day, date, date),
            Place = new Place { Country = "KZ", Region = region },
            Victims = [victim with { Age = age }],
            Identities = [new VictimIdentity { VictimId = victim.Id, FullName = name }],
        }).Value;
    }

    private EncodingFile Encode(OrgScope owner) => new EncodeForLinkage(_test.Instance).Run(owner, Secret).Value;

    [Fact]
    public void Encodings_hold_no_plaintext_and_unrelated_secrets_give_unrelated_encodings()
    {
        var id = Record(_test.OwnerOfA, "Aigerim Nurlanova", 24, new DateOnly(2024, 4, 12), "east_kazakhstan", "police_violence", title: "Unique title marker");
        var file = Encode(_test.OwnerOfA);
        var json = file.ToJson();

        foreach (var plaintext in new[] { "Unique title marker", "east_kazakhstan", "police_violence", "Aigerim", "2024-04-12", id.ToString("D") })
        {
            Assert.DoesNotContain(plaintext, json, StringComparison.OrdinalIgnoreCase);
        }

        var record = file.Records.Single();
        Assert.NotEqual(id, record.Pseudonym);
        var bits = MatchEncodings.Decode(record.Bits);
        var again = MatchEncodings.Decode(Encode(_test.OwnerOfA).Records.Single().Bits);
        Assert.Equal(bits, again); // deterministic for one secret
        var other = MatchEncodings.Decode(new EncodeForLinkage(_test.Instance).Run(_test.OwnerOfA, Enumerable.Repeat((byte)1, 32).ToArray()).Value.Records.Single().Bits);
        Assert.InRange(Clk.Dice(bits, other, Clk.Count(bits), Clk.Count(other)), 0, 0.45); // chance level for sparse filters
        Assert.NotEqual(Encode(_test.OwnerOfA).Records.Single().Pseudonym, record.Pseudonym); // a new pseudonym per run
    }

    [Fact]
    public void Drawn_linkages_follow_each_organisations_decision_and_the_model_elsewhere()
    {
        var date = new DateOnly(2024, 4, 12);
        Record(_test.OwnerOfA, "Aigerim Nurlanova", 24, date, "almaty_city", "fake_dating");
        Record(_test.OwnerOfA, "Daniyar Seitkali", 31, new DateOnly(2024, 9, 1), "astana", "police_violence");
        Record(_test.OwnerOfB, "Айгерим Нурланова", 24, date, "almaty_city", "fake_dating");
        var result = MatchEncodings.Run([Encode(_test.OwnerOfA), Encode(_test.OwnerOfB)]).Value;
        Assert.NotEmpty(result.Pairs);
        var id = new ImportLinkageResult(_test.Instance).Run(_test.OwnerOfA, result.ToJson()).Value;
        var linkage = new OverlapsFromLinkage(_test.Instance);

        // Undecided: drawn with the model's probability, high for this pair.
        Assert.Equal(0, linkage.Run(_test.OwnerOfA).Value.Counts[0b11]);
        Assert.True(linkage.Drawn(_test.OwnerOfA, samples: 50).Value.Count(t => t.Counts[0b11] == 1) > 40);

        // One organisation rejects: never linked, whatever the model says.
        new DecideDuplicate(_test.Instance).Run(_test.OwnerOfA, id, 0, confirmed: true);
        new DecideDuplicate(_test.Instance).Run(_test.OwnerOfB, id, 0, confirmed: false);
        Assert.All(linkage.Drawn(_test.OwnerOfA, samples: 20).Value, t => Assert.Equal(0, t.Counts[0b11]));

        // Both confirm: linked in every draw, as in the confirmed table.
        new DecideDuplicate(_test.Instance).Run(_test.OwnerOfB, id, 0, confirmed: true);
        Assert.Equal(1, linkage.Run(_test.OwnerOfA).Value.Counts[0b11]);
        Assert.All(linkage.Drawn(_test.OwnerOfA, samples: 20).Value, t => Assert.Equal((1, 1, 0, 2L), (t.Counts[0b11], t.Counts[0b01], t.Counts[0b10], t.Observed)));
    }

    [Fact]
    public void The_latest_imported_result_is_the_one_used_and_an_opened_result_keeps_answering_from_itself()
    {
        var date = new DateOnly(2024, 4, 12);
        Record(_test.OwnerOfA, "Aigerim Nurlanova", 24, date, "almaty_city", "fake_dating");
        Record(_test.OwnerOfB, "Aigerim Nurlanova", 24, date, "almaty_city", "fake_dating");
        var linked = MatchEncodings.Run([Encode(_test.OwnerOfA), Encode(_test.OwnerOfB)]).Value;
        var first = new ImportLinkageResult(_test.Instance).Run(_test.OwnerOfA, linked.ToJson()).Value;
        new DecideDuplicate(_test.Instance).Run(_test.OwnerOfA, first, 0, confirmed: true);
        new DecideDuplicate(_test.Instance).Run(_test.OwnerOfB, first, 0, confirmed: true);
        var linkage = new OverlapsFromLinkage(_test.Instance);
        var opened = linkage.Open(_test.OwnerOfA).Value;
        Assert.Equal(first, opened.Id);

        // A later import that grouped nothing becomes the latest (newer ids need not sort later)...
        _test.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = new ImportLinkageResult(_test.Instance).Run(_test.OwnerOfA, (linked with { Clusters = [] }).ToJson()).Value;
        Assert.Equal(second, linkage.Open(_test.OwnerOfA).Value.Id);
        Assert.Equal([0L, 1, 1, 0], linkage.Run(_test.OwnerOfA).Value.Counts);
        Assert.Equal([0L, 0, 0, 1], linkage.Run(_test.OwnerOfA, first).Value.Counts);

        // ...but what was opened before it still counts from the first result, tables and draws alike.
        Assert.Equal([0L, 0, 0, 1], opened.All().Value.Counts);
        Assert.Equal([0L, 0, 0, 1], Assert.Single(opened.ByYear().Value).Counts);
        Assert.All(opened.Drawn(samples: 10), t => Assert.Equal(1, t.Counts[0b11]));
        Assert.IsType<NotFound>(linkage.Open(_test.OwnerOfA, Guid.NewGuid()).Error);
    }

    [Fact]
    public void A_decision_holds_on_a_later_linkage_only_where_it_grouped_exactly_the_same_cases()
    {
        var aigerimOfA = Record(_test.OwnerOfA, "Aigerim Nurlanova", 24, new DateOnly(2024, 4, 12), "almaty_city", "fake_dating");
        var daniyarOfA = Record(_test.OwnerOfA, "Daniyar Seitkali", 31, new DateOnly(2024, 9, 1), "astana", "police_violence");
        Record(_test.OwnerOfB, "Айгерим Нурланова", 24, new DateOnly(2024, 4, 12), "almaty_city", "fake_dating");
        Record(_test.OwnerOfB, "Данияр Сейткали", 31, new DateOnly(2024, 9, 1), "astana", "police_violence");
        var review = new ListPossibleDuplicates(_test.Instance);
        PossibleDuplicate Of(Guid caseOfA) => Assert.Single(review.Run(_test.OwnerOfA).Value, d => d.Case == caseOfA);
        Guid Import(Func<LinkageResult, LinkageResult>? edit = null)
        {
            _test.Clock.Advance(TimeSpan.FromMinutes(1));
            var linked = MatchEncodings.Run([Encode(_test.OwnerOfA), Encode(_test.OwnerOfB)]).Value;
            Assert.Equal(2, linked.Clusters.Count);
            return new ImportLinkageResult(_test.Instance).Run(_test.OwnerOfA, (edit ?? (r => r))(linked).ToJson()).Value;
        }

        // The first linkage: A confirms both its cases; B confirms the Aigerim group and rejects the Daniyar one.
        var first = Import();
        foreach (var d in review.Run(_test.OwnerOfA).Value)
        {
            new DecideDuplicate(_test.Instance).Run(_test.OwnerOfA, first, d.Group, confirmed: true);
        }

        var aigerimGroup = Of(aigerimOfA).Group;
        foreach (var d in review.Run(_test.OwnerOfB).Value)
        {
            new DecideDuplicate(_test.Instance).Run(_test.OwnerOfB, first, d.Group, confirmed: d.Group == aigerimGroup);
        }

        var linkage = new OverlapsFromLinkage(_test.Instance);
        Assert.Equal([0L, 1, 1, 1], linkage.Run(_test.OwnerOfA).Value.Counts);

        // Run again (new pseudonyms, new group numbers), the same cases grouped alike: every decision holds, and says where it was made.
        var second = Import();
        var listed = review.Run(_test.OwnerOfA).Value;
        Assert.All(listed, d => Assert.Equal((second, true, first), (d.Result, d.Confirmed, d.CarriedFrom)));
        Assert.Equal(2, listed.Count); // the first result's groups are not listed again
        Assert.Equal([true, false], review.Run(_test.OwnerOfB).Value.OrderBy(d => d.Group == Of(aigerimOfA).Group ? 0 : 1).Select(d => d.Confirmed));
        Assert.Equal([0L, 1, 1, 1], linkage.Run(_test.OwnerOfA).Value.Counts);
        Assert.All(linkage.Drawn(_test.OwnerOfA, samples: 10).Value, t => Assert.Equal((1, 1, 1), (t.Counts[0b11], t.Counts[0b01], t.Counts[0b10])));

        // A decision made on the new result wins over the carried one.
        new DecideDuplicate(_test.Instance).Run(_test.OwnerOfB, second, Of(daniyarOfA).Group, confirmed: true);
        Assert.Equal([0L, 0, 0, 2], linkage.Run(_test.OwnerOfA).Value.Counts);
        Assert.Null(Assert.Single(review.Run(_test.OwnerOfB).Value, d => d.Group == Of(daniyarOfA).Group).CarriedFrom);

        // Groups that swapped a member are new questions: nothing carries, and only the latest result can be decided on.
        var third = Import(r => r with
        {
            Clusters = [r.Clusters[0] with { Members = [r.Clusters[0].Members[0], r.Clusters[1].Members[1]] }, r.Clusters[1] with { Members = [r.Clusters[1].Members[0], r.Clusters[0].Members[1]] }],
        });
        Assert.All(review.Run(_test.OwnerOfA).Value, d => Assert.Equal((third, (bool?)null, (Guid?)null), (d.Result, d.Confirmed, d.CarriedFrom)));
        Assert.Equal([0L, 2, 2, 0], linkage.Run(_test.OwnerOfA).Value.Counts);
        Assert.Equal("error.linkage_not_latest", Assert.Single(Assert.IsType<Invalid>(new DecideDuplicate(_test.Instance).Run(_test.OwnerOfA, second, 0, confirmed: true).Error).Errors).MessageKey);
        Assert.IsType<NotFound>(new DecideDuplicate(_test.Instance).Run(_test.OwnerOfA, third, 99, confirmed: true).Error);
        Assert.Equal([0L, 0, 0, 2], linkage.Run(_test.OwnerOfA, second).Value.Counts); // an earlier result still counts as decided
    }

    [Fact]
    public void A_decision_carries_from_what_it_remembers_of_its_group_without_the_earlier_result_being_read_again()
    {
        Record(_test.OwnerOfA, "Aigerim Nurlanova", 24, new DateOnly(2024, 4, 12), "almaty_city", "fake_dating");
        Record(_test.OwnerOfB, "Айгерим Нурланова", 24, new DateOnly(2024, 4, 12), "almaty_city", "fake_dating");
        var review = new ListPossibleDuplicates(_test.Instance);
        Guid Import()
        {
            _test.Clock.Advance(TimeSpan.FromMinutes(1));
            return new ImportLinkageResult(_test.Instance).Run(_test.OwnerOfA, MatchEncodings.Run([Encode(_test.OwnerOfA), Encode(_test.OwnerOfB)]).Value.ToJson()).Value;
        }

        var first = Import();
        new DecideDuplicate(_test.Instance).Run(_test.OwnerOfA, first, Assert.Single(review.Run(_test.OwnerOfA).Value).Group, confirmed: true);
        new DecideDuplicate(_test.Instance).Run(_test.OwnerOfB, first, Assert.Single(review.Run(_test.OwnerOfB).Value).Group, confirmed: false);

        // Leave of the first result only when it was imported: a carry that had to read it whole would find no group.
        var open = _test.Instance.Enter(_test.OwnerOfA, Capability.ReviewDuplicates).Value;
        var stored = open.Read(c => SealedDocuments.Find<LinkageResult>(c, null, open.DirectoryKey, LinkageStore.ResultKind, SealedDocuments.Shared, first))!;
        _test.Instance.Database.Write((c, t) => SealedDocuments.Save(c, t, open.DirectoryKey, LinkageStore.ResultKind, SealedDocuments.Shared, first,
            stored.Value with { Clusters = [], Pairs = [], Lists = [] }, stored.Version)
            // ...and no separate record of its import time, as for results imported before those were kept.
            && SealedDocuments.Delete(c, t, LinkageStore.ImportedKind, SealedDocuments.Shared, first));

        var second = Import();
        Assert.Equal((second, true, first), Assert.Single(review.Run(_test.OwnerOfA).Value) is var a ? (a.Result, a.Confirmed, a.CarriedFrom) : default);
        Assert.Equal((second, false, first), Assert.Single(review.Run(_test.OwnerOfB).Value) is var b ? (b.Result, b.Confirmed, b.CarriedFrom) : default);
        Assert.Equal([0L, 1, 1, 0], new OverlapsFromLinkage(_test.Instance).Run(_test.OwnerOfA).Value.Counts); // B rejected: two incidents
    }

    [Fact]
    public void A_result_without_the_model_s_figures_per_pair_of_lists_draws_no_tables_rather_than_biased_ones()
    {
        var date = new DateOnly(2024, 4, 12);
        Record(_test.OwnerOfA, "Aigerim Nurlanova", 24, date, "almaty_city", "fake_dating");
        Record(_test.OwnerOfB, "Айгерим Нурланова", 24, date, "almaty_city", "fake_dating");
        var result = MatchEncodings.Run([Encode(_test.OwnerOfA), Encode(_test.OwnerOfB)]).Value;
        var older = result with { Model = result.Model! with { ByListPair = [] } };   // as results made before 2026-12-01

        Assert.True(new ImportLinkageResult(_test.Instance).Run(_test.OwnerOfA, older.ToJson()).IsOk);

        Assert.Empty(new OverlapsFromLinkage(_test.Instance).Drawn(_test.OwnerOfA).Value);
        Assert.NotEmpty(result.Model!.ByListPair.Single().Replicates);
    }

    [Fact]
    public void A_result_that_links_nothing_is_imported_and_listed_as_nothing()
    {
        Record(_test.OwnerOfA, "Aigerim Nurlanova", 24, new DateOnly(2024, 4, 12), "almaty_city", "fake_dating");
        Record(_test.OwnerOfB, "Olga Petrova", 40, new DateOnly(2022, 2, 2), "shymkent", "threats");
        var result = MatchEncodings.Run([Encode(_test.OwnerOfA), Encode(_test.OwnerOfB)]).Value;

        // Sealed documents leave empty lists out; reading one back must not need them.
        Assert.Empty(result.Clusters);
        Assert.True(new ImportLinkageResult(_test.Instance).Run(_test.OwnerOfA, result.ToJson()).IsOk);
        Assert.Empty(new ListPossibleDuplicates(_test.Instance).Run(_test.OwnerOfA).Value);
    }

    [Fact]
    public void The_same_incident_written_in_two_scripts_by_two_organisations_is_linked_and_others_are_not()
    {
        var date = new DateOnly(2024, 4, 12);
        Record(_test.OwnerOfA, "Aigerim Nurlanova", 24, date, "almaty_city", "fake_dating");
        Record(_test.OwnerOfA, "Daniyar Seitkali", 31, new DateOnly(2024, 9, 1), "astana", "police_violence");
        Record(_test.OwnerOfB, "Айгерим Нурланова", 25, date.AddDays(1), "almaty_city", "fake_dating");
        Record(_test.OwnerOfB, "Olga Petrova", 40, new DateOnly(2024, 2, 2), "shymkent", "threats");

        var result = MatchEncodings.Run([Encode(_test.OwnerOfA), Encode(_test.OwnerOfB)]).Value;

        var cluster = Assert.Single(result.Clusters);
        Assert.Equal([_test.OrgA, _test.OrgB], cluster.Members.Select(m => m.List));
        Assert.True(cluster.Similarity >= result.Threshold && result.Threshold >= MatchEncodings.MinimumThreshold);
    }

    [Fact]
    public void Each_organisation_sees_only_its_own_cases_in_a_result_and_confirmed_groups_feed_the_overlap_table()
    {
        var date = new DateOnly(2024, 4, 12);
        var mine = Record(_test.OwnerOfA, "Aigerim Nurlanova", 24, date, "almaty_city", "fake_dating");
        Record(_test.OwnerOfA, "Someone Else", 50, new DateOnly(2024, 1, 5), "astana", "threats");
        var theirs = Record(_test.OwnerOfB, "Aigerim Nurlanova", 24, date, "almaty_city", "fake_dating");
        var result = MatchEncodings.Run([Encode(_test.OwnerOfA), Encode(_test.OwnerOfB)]).Value;
        var imported = new ImportLinkageResult(_test.Instance).Run(_test.OwnerOfA, result.ToJson()).Value;

        var seenByA = Assert.Single(new ListPossibleDuplicates(_test.Instance).Run(_test.OwnerOfA).Value);
        Assert.Equal(mine, seenByA.Case);
        Assert.Equal(["Organisation B"], seenByA.OtherOrganisations);
        Assert.Null(seenByA.Confirmed);
        Assert.Equal(theirs, Assert.Single(new ListPossibleDuplicates(_test.Instance).Run(_test.OwnerOfB).Value).Case);
        Assert.IsType<Forbidden>(new ListPossibleDuplicates(_test.Instance).Run(TestInstance.Scope(_test.OrgA, Role.Documenter)).Error);

        var overlaps = new OverlapsFromLinkage(_test.Instance).Run(_test.OwnerOfA, imported).Value;
        Assert.Equal([0L, 2, 1, 0], overlaps.Counts); // nothing confirmed yet: every record on its own list

        Assert.True(new DecideDuplicate(_test.Instance).Run(_test.OwnerOfA, imported, seenByA.Group, confirmed: true).IsOk);
        Assert.Equal([0L, 2, 1, 0], new OverlapsFromLinkage(_test.Instance).Run(_test.OwnerOfA, imported).Value.Counts); // B has not confirmed
        Assert.True(new DecideDuplicate(_test.Instance).Run(_test.OwnerOfB, imported, seenByA.Group, confirmed: true).IsOk);
        Assert.Equal([0L, 1, 0, 1], new OverlapsFromLinkage(_test.Instance).Run(_test.OwnerOfA, imported).Value.Counts);
        var byYear = Assert.Single(new OverlapsFromLinkage(_test.Instance).ByYear(_test.OwnerOfA, imported).Value);
        Assert.Equal("2024", byYear.Stratum);
        Assert.Equal([0L, 1, 0, 1], byYear.Counts);
        // Two incidents in 2024, the only year: below a threshold of three there is no stratum to show at all.
        Assert.Equal((1, 0), (new OverlapsFromLinkage(_test.Instance).ByYear(_test.OwnerOfA, 2, imported).Value is var shown ? (shown.Years.Count, shown.Merged) : default));
        Assert.Equal((0, 0), (new OverlapsFromLinkage(_test.Instance).ByYear(_test.OwnerOfA, 3, imported).Value is var hidden ? (hidden.Years.Count, hidden.Merged) : default));
        Assert.IsType<NotFound>(new DecideDuplicate(_test.Instance).Run(_test.OwnerOfA, imported, 99, confirmed: true).Error);
    }

    [Fact]
    public void A_small_year_is_estimated_with_its_neighbour_so_the_table_of_all_years_less_the_strata_shown_reveals_nothing()
    {
        // The attack: a year withheld for having few incidents was the table of all years less the years shown, and
        // the Estimate page shows both. Merged with a neighbour, the strata add up to the whole and no year stands alone.
        for (var i = 0; i < 4; i++)
        {
            Record(_test.OwnerOfA, $"Person {i}", 20 + i, new DateOnly(2022, 1 + i, 3), "astana", "threats");
            Record(_test.OwnerOfB, $"Other {i}", 40 + i, new DateOnly(2024, 1 + i, 5), "shymkent", "police_violence");
        }

        Record(_test.OwnerOfB, "Lonely One", 33, new DateOnly(2023, 6, 6), "almaty_city", "fake_dating");
        Record(_test.OwnerOfA, "Late One", 35, new DateOnly(2025, 3, 6), "almaty_city", "fake_dating");
        var result = MatchEncodings.Run([Encode(_test.OwnerOfA), Encode(_test.OwnerOfB)]).Value;
        var imported = new ImportLinkageResult(_test.Instance).Run(_test.OwnerOfA, result.ToJson()).Value;
        var tables = new OverlapsFromLinkage(_test.Instance);
        var all = tables.Run(_test.OwnerOfA, imported).Value;

        var (years, merged) = tables.ByYear(_test.OwnerOfA, 3, imported).Value;

        Assert.Equal(["2022", "2023–2025"], years.Select(y => y.Stratum));
        Assert.Equal(2, merged); // 2023 and 2025, one incident each
        Assert.All(years, y => Assert.True(y.Observed >= 3));
        Assert.Equal(all.Counts, Enumerable.Range(0, all.Counts.Count).Select(c => years.Sum(y => y.Counts[c])));
        Assert.DoesNotContain(years, y => y.Observed == 1);
    }

    [Fact]
    public void Decoys_pad_the_file_but_never_count_as_cases()
    {
        for (var i = 0; i < 8; i++)
        {
            Record(_test.OwnerOfA, $"Person {i}", 20 + i, new DateOnly(2024, 1 + i, 3), "astana", "threats");
        }

        Record(_test.OwnerOfB, "Person 0", 20, new DateOnly(2024, 1, 3), "astana", "threats");
        var file = Encode(_test.OwnerOfA);
        Assert.Equal(10, file.Records.Count); // 8 cases and 2 decoys, indistinguishable in the file

        var result = MatchEncodings.Run([file, Encode(_test.OwnerOfB)]).Value;
        var imported = new ImportLinkageResult(_test.Instance).Run(_test.OwnerOfA, result.ToJson()).Value;
        var overlaps = new OverlapsFromLinkage(_test.Instance).Run(_test.OwnerOfA, imported).Value;
        Assert.Equal(8 + 1, overlaps.Observed);
    }

    /// <summary>
    /// Two lists: 60 only on A's, 40 only on B's, 20 on both, as in Lincoln–Petersen; every one of A's incidents a threat
    /// in Astana, as a small organisation's list can be. Every person has initials of their own: with one pair of
    /// initials for all, a decoy (fields of other real records) could tie with a true duplicate now and then and take its place.
    /// </summary>
    private void RecordOneCityLists(int onA = 80, int onB = 60, int shared = 20, int daysApart = 4)
    {
        string[] first = ["Aigerim", "Bolat", "Dana", "Erlan", "Farida", "Gani", "Ilyas", "Kamila", "Lyazzat", "Marat", "Nurlan", "Olzhas", "Perizat", "Ruslan", "Saule", "Timur", "Ulan", "Vera", "Yerzhan", "Zarina"];
        string[] last = ["Akhmetova", "Berikova", "Seitkali", "Tulegenova"];
        string Person(int i) => $"{first[i % 20]} {last[i / 20]}";
        for (var i = 0; i < onA; i++)
        {
            Record(_test.OwnerOfA, Person(i), 20 + (i % 30), new DateOnly(2024, 1, 1).AddDays(i * daysApart), "astana", "threats");
        }

        for (var i = 0; i < onB; i++)
        {
            // The first ones are the same incidents as A's first ones; the rest are different people, places and dates.
            Record(_test.OwnerOfB, i < shared ? Person(i) : $"Omega Human{i}", i < shared ? 20 + (i % 30) : 55, i < shared ? new DateOnly(2024, 1, 1).AddDays(i * daysApart) : new DateOnly(2024, 12, 1).AddDays(i % 20), i < shared ? "astana" : "shymkent", i < shared ? "threats" : "raid");
        }
    }

    [Theory]
    [InlineData(12, 8, 4)]   // so few pairs that matches are no sliver of them: EM starts from its prior alone
    [InlineData(30, 20, 8)]
    public void A_few_records_of_one_city_are_linked_as_well(int onA, int onB, int shared)
    {
        RecordOneCityLists(onA, onB, shared, daysApart: 9);

        var result = MatchEncodings.Run([Encode(_test.OwnerOfA), Encode(_test.OwnerOfB)]).Value;

        Assert.InRange(result.Model!.ExpectedMatches, shared - 1, shared + 3);
        Assert.InRange(result.Clusters.Count, shared - 1, shared + 1);
        Assert.All(result.Model.ByListPair[0].Replicates, r => Assert.InRange(r, 0, 3 * shared));
    }

    [Fact]
    public void Lists_of_one_city_and_one_kind_of_incident_share_what_they_share_not_every_pair_that_agrees_on_the_city()
    {
        RecordOneCityLists();

        var result = MatchEncodings.Run([Encode(_test.OwnerOfA), Encode(_test.OwnerOfB)]).Value;

        // Until 2026-12-01 EM took "agrees on city and violation" for a match: 1,454 expected matches among 7,500 pairs
        // of 80 and 60 records, and every table drawn for the estimate put 60 incidents on both lists.
        Assert.InRange(result.Model!.ExpectedMatches, 15, 30);
        Assert.InRange(result.Clusters.Count, 18, 23); // now and then a decoy made of real fields joins one
        new ImportLinkageResult(_test.Instance).Run(_test.OwnerOfA, result.ToJson());
        // Each draw carries the linkage's doubt (decoys differ from run to run): the point is that none is near 60.
        var shared = new OverlapsFromLinkage(_test.Instance).Drawn(_test.OwnerOfA, samples: 20).Value.Select(t => t.Counts[0b11]).ToList();
        Assert.InRange(shared.Average(), 15, 30);
        Assert.All(shared, n => Assert.InRange(n, 10, 40));
    }

    [Fact]
    public void A_submission_paragraph_prints_the_estimate_from_the_confirmed_groups()
    {
        var submission = new Dalel.Core.Submissions.CreateSubmission(_test.Instance).Run(_test.OwnerOfA, new Dalel.Core.Submissions.SubmissionHeader { Title = "S", Mechanism = "ccpr" }).Value;
        var paragraph = new Dalel.Core.Submissions.Paragraph { Id = Guid.NewGuid(), Text = "Most incidents are never documented: {estimate}", Estimate = true };
        Assert.True(new Dalel.Core.Submissions.EditSubmission(_test.Instance).Run(_test.OwnerOfA, submission, 1, s => Dalel.Core.Submissions.SubmissionEdits.AddParagraph(s, s.Sections[1].Id, paragraph)).IsOk);
        string Built() => new Dalel.Core.Submissions.BuildSubmission(_test.Instance).Run(_test.OwnerOfA, submission).Value.AllParagraphs.Single().PlainText;
        Assert.Contains(new Dalel.Core.Submissions.BuildSubmission(_test.Instance).Run(_test.OwnerOfA, submission).Value.Problems, p => p.MessageKey == "submission.estimate_missing");

        RecordOneCityLists();
        var result = MatchEncodings.Run([Encode(_test.OwnerOfA), Encode(_test.OwnerOfB)]).Value;
        var imported = new ImportLinkageResult(_test.Instance).Run(_test.OwnerOfA, result.ToJson()).Value;
        foreach (var owner in new[] { _test.OwnerOfA, _test.OwnerOfB })
        {
            foreach (var d in new ListPossibleDuplicates(_test.Instance).Run(owner).Value)
            {
                new DecideDuplicate(_test.Instance).Run(owner, d.Result, d.Group, confirmed: true);
            }
        }

        Assert.Equal([0L, 60, 40, 20], new OverlapsFromLinkage(_test.Instance).Run(_test.OwnerOfA, imported).Value.Counts);
        Assert.Equal("Most incidents are never documented: Documented: 120; estimated total: 240 (95% profile-likelihood interval 182–339), log-linear model independence, chosen by BIC.", Built());

        // The paragraph can ask for the figure with the doubt about the model, or about the linkage too, in the interval.
        var version = 2L;
        void EstimateBy(Dalel.Core.Submissions.SubmissionEstimate method) => Assert.True(new Dalel.Core.Submissions.EditSubmission(_test.Instance)
            .Run(_test.OwnerOfA, submission, version++, s => Dalel.Core.Submissions.SubmissionEdits.UpdateParagraph(s, paragraph.Id, p => p with { EstimateMethod = method })).IsOk);
        EstimateBy(Dalel.Core.Submissions.SubmissionEstimate.Averaged);
        var table = new OverlapsFromLinkage(_test.Instance).Run(_test.OwnerOfA).Value;
        var averaged = Dalel.Core.Estimation.EstimateTotal.Run([table], new Dalel.Core.Estimation.EstimateRequest { Headline = Dalel.Core.Estimation.EstimateMethod.Averaged }).Value.Strata[0].Headline!;
        Assert.Equal($"Most incidents are never documented: {averaged.Statement("en")}", Built());
        Assert.Contains("95% credible interval", Built(), StringComparison.Ordinal);

        EstimateBy(Dalel.Core.Submissions.SubmissionEstimate.WithLinkageError);
        var linked = new OverlapsFromLinkage(_test.Instance).Open(_test.OwnerOfA).Value;
        var aware = Dalel.Core.Estimation.EstimateWithLinkageError.Run(table, linked.Drawn(SampleLinkages.DefaultSamples));
        Assert.Equal($"Most incidents are never documented: Documented: 120; estimated total: {aware.Median:N0} (95% credible interval {aware.Lower:N0}–{aware.Upper:N0}), Bayesian model averaging over {aware.Tables} overlap tables drawn from the linkage model — its pairs’ probabilities and its own uncertainty (posterior median).", Built());
        Assert.DoesNotContain(new Dalel.Core.Submissions.BuildSubmission(_test.Instance).Run(_test.OwnerOfA, submission).Value.Problems, p => p.MessageKey.StartsWith("submission.estimate", StringComparison.Ordinal));
    }

    [Fact]
    public void A_submission_estimate_with_linkage_error_says_why_its_documented_count_is_not_the_confirmed_one()
    {
        var submission = new Dalel.Core.Submissions.CreateSubmission(_test.Instance).Run(_test.OwnerOfA, new Dalel.Core.Submissions.SubmissionHeader { Title = "S", Mechanism = "ccpr" }).Value;
        var paragraph = new Dalel.Core.Submissions.Paragraph { Id = Guid.NewGuid(), Text = "{estimate}", Estimate = true, EstimateMethod = Dalel.Core.Submissions.SubmissionEstimate.WithLinkageError };
        Assert.True(new Dalel.Core.Submissions.EditSubmission(_test.Instance).Run(_test.OwnerOfA, submission, 1, s => Dalel.Core.Submissions.SubmissionEdits.AddParagraph(s, s.Sections[1].Id, paragraph)).IsOk);
        RecordOneCityLists();
        new ImportLinkageResult(_test.Instance).Run(_test.OwnerOfA, MatchEncodings.Run([Encode(_test.OwnerOfA), Encode(_test.OwnerOfB)]).Value.ToJson());

        // Nobody has decided yet: every record counts alone in the confirmed table (140), while the drawn tables join
        // about 20 pairs. Another paragraph printing the confirmed count would seem to contradict this one.
        var built = new Dalel.Core.Submissions.BuildSubmission(_test.Instance).Run(_test.OwnerOfA, submission).Value.AllParagraphs.Single().PlainText;
        var documented = int.Parse(Regex.Match(built, "^Documented: ([0-9,]+);").Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        Assert.InRange(documented, 100, 130);
        Assert.EndsWith("the confirmed groups alone count 140.", built, StringComparison.Ordinal);
    }

    [Fact]
    public void A_result_file_that_does_not_hold_together_is_refused_before_it_can_break_the_review()
    {
        var date = new DateOnly(2024, 4, 12);
        Record(_test.OwnerOfA, "Aigerim Nurlanova", 24, date, "almaty_city", "fake_dating");
        Record(_test.OwnerOfB, "Aigerim Nurlanova", 24, date, "almaty_city", "fake_dating");
        var result = MatchEncodings.Run([Encode(_test.OwnerOfA), Encode(_test.OwnerOfB)]).Value;
        var group = Assert.Single(result.Clusters);
        var (a, b) = (group.Members[0], group.Members[1]);
        var stranger = new ClusterMember(Guid.NewGuid(), Guid.NewGuid());
        string Refused(LinkageResult edited) =>
            Assert.Single(Assert.IsType<Invalid>(new ImportLinkageResult(_test.Instance).Run(_test.OwnerOfA, edited.ToJson()).Error).Errors).MessageKey;

        Assert.Equal("error.linkage_result_lists", Refused(result with { Lists = [result.Lists[0], result.Lists[0]] }));
        Assert.Equal("error.linkage_result_lists", Refused(result with { Threshold = 2 }));
        Assert.Equal("error.linkage_result_group", Refused(result with { Clusters = [group with { Members = [a, stranger] }] }));
        Assert.Equal("error.linkage_result_group", Refused(result with { Clusters = [group with { Members = [a, a with { Pseudonym = Guid.NewGuid() }] }] }));
        Assert.Equal("error.linkage_result_group", Refused(result with { Clusters = [group, group] }));
        Assert.Equal("error.linkage_result_group", Refused(result with { Clusters = [group with { Members = [a] }] }));
        Assert.Equal("error.linkage_result_pair", Refused(result with { Pairs = [new LinkedPair(a, a with { Pseudonym = Guid.NewGuid() }, 0.9)] }));
        Assert.Equal("error.linkage_result_pair", Refused(result with { Pairs = [new LinkedPair(a, b, 1.5)] }));
        Assert.Equal("error.linkage_result_lists", Refused(result with { Model = result.Model! with { ByListPair = [new ListPairMatches(0, 5, 1, 1)] } }));

        // Well formed, but linked from files this Dalel did not encode: a run it never made, an organisation it does not hold.
        Assert.Equal("error.linkage_result_unknown_run", Refused(result with { Lists = [result.Lists[0], result.Lists[1] with { Run = Guid.NewGuid() }] }));
        Assert.Equal("error.linkage_result_unknown_run", Refused(result with { Lists = [result.Lists[0], new LinkedList(stranger.List, stranger.Pseudonym, 1)], Clusters = [], Pairs = [] }));

        // The same organisation's file twice, or a file holding a record twice, is refused before matching.
        var fileA = Encode(_test.OwnerOfA);
        Assert.Equal("error.linkage_same_list", Assert.Single(Assert.IsType<Invalid>(MatchEncodings.Run([fileA, Encode(_test.OwnerOfA)]).Error).Errors).MessageKey);
        Assert.Equal("error.linkage_repeated_record", Assert.Single(Assert.IsType<Invalid>(MatchEncodings.Run([fileA with { Records = [.. fileA.Records, fileA.Records[0]] }, Encode(_test.OwnerOfB)]).Error).Errors).MessageKey);

        // Nothing refused was stored; the file as written is taken, and reviewed.
        Assert.Empty(new ListPossibleDuplicates(_test.Instance).Run(_test.OwnerOfA).Value);
        Assert.True(new ImportLinkageResult(_test.Instance).Run(_test.OwnerOfA, result.ToJson()).IsOk);
        Assert.Single(new ListPossibleDuplicates(_test.Instance).Run(_test.OwnerOfA).Value);
    }

    [Fact]
    public void A_short_secret_and_a_file_of_another_kind_are_refused()
    {
        Assert.IsType<Invalid>(new EncodeForLinkage(_test.Instance).Run(_test.OwnerOfA, new byte[16]).Error);
        Assert.IsType<Invalid>(new ImportLinkageResult(_test.Instance).Run(_test.OwnerOfA, "{\"format\":\"something else\"}").Error);
        Assert.IsType<Invalid>(new ImportLinkageResult(_test.Instance).Run(_test.OwnerOfA, "not json").Error);

        // A file of an earlier version is named as such, with what to do: encodings of two versions do not compare.
        var older = Encode(_test.OwnerOfA).ToJson().Replace(EncodingFile.FormatName, "dalel-linkage-encodings/2", StringComparison.Ordinal);
        var error = Assert.Single(Assert.IsType<Invalid>(EncodingFile.Parse(older, "list-a.json").Error).Errors);
        Assert.Equal(("error.linkage_version", "list-a.json", "dalel-linkage-encodings/2", EncodingFile.FormatName), (error.MessageKey, error.Args[0], error.Args[1], error.Args[2]));
        Assert.Equal("error.linkage_format", Assert.Single(Assert.IsType<Invalid>(EncodingFile.Parse("{\"format\":\"dalel-linkage-result/2\"}", "x").Error).Errors).MessageKey);
    }

    public void Dispose() => _test.Dispose();
}
