using Dalel.Core.Cases;
using Dalel.Core.Linkage;

namespace Dalel.Core.Tests.Linkage;

public sealed class FellegiSunterTests
{
    private const int Top = FellegiSunter.Levels - 1;

    /// <summary>Every segment at <paramref name="level"/>.</summary>
    private static int All(int level) => Enumerable.Range(0, 4).Sum(s => level * (int)Math.Pow(FellegiSunter.Levels, s));

    /// <summary>Pairs drawn from a known model: matches agree (the top level) with probability 0.8 per segment, non-matches with 0.05.</summary>
    private static long[] Histogram(int matches, int nonMatches, int segments, int seed)
    {
        var random = new Random(seed);
        var histogram = new long[FellegiSunter.Patterns(segments)];
        for (var i = 0; i < matches + nonMatches; i++)
        {
            var match = i < matches;
            var pattern = 0;
            var scale = 1;
            for (var s = 0; s < segments; s++)
            {
                var agree = random.NextDouble() < (match ? 0.8 : 0.05);
                pattern += (agree ? Top : 1 + random.Next(3)) * scale;
                scale *= FellegiSunter.Levels;
            }

            histogram[pattern]++;
        }

        return histogram;
    }

    [Fact]
    public void EM_recovers_the_share_of_matches_and_how_often_each_kind_agrees()
    {
        var model = FellegiSunter.Fit(Histogram(2_000, 200_000, 4, 5), 4);

        Assert.Equal(2_000.0 / 202_000, model.MatchShare, 0.001);
        for (var s = 0; s < 4; s++)
        {
            Assert.Equal(0.8, model.M[s, Top], 0.03);
            Assert.Equal(0.05, model.U[s, Top], 0.005);
        }

        Assert.True(model.Posterior[All(Top)] > 0.99);
        Assert.True(model.Posterior[All(1)] < 0.001);
    }

    [Fact]
    public void The_threshold_chosen_from_the_data_keeps_the_likely_and_drops_the_unlikely()
    {
        var histogram = Histogram(2_000, 200_000, 4, 6);
        var model = FellegiSunter.Fit(histogram, 4);

        var cut = MatchEncodings.ChooseThreshold(histogram, model.Posterior);

        Assert.InRange(cut, MatchEncodings.MinimumThreshold, 0.95);
        Assert.True(model.Posterior[All(Top)] >= cut);
    }

    [Fact]
    public void The_chosen_cut_is_the_one_whose_expected_F1_is_best()
    {
        var histogram = Histogram(3_000, 150_000, 4, 7);
        var posterior = FellegiSunter.Fit(histogram, 4).Posterior;
        double ExpectedF1(double cut)
        {
            double kept = 0, wrong = 0, all = 0;
            for (var p = 0; p < histogram.Length; p++)
            {
                all += histogram[p] * posterior[p];
                if (posterior[p] >= cut)
                {
                    kept += histogram[p] * posterior[p];
                    wrong += histogram[p] * (1 - posterior[p]);
                }
            }

            return 2 * kept / ((2 * kept) + wrong + (all - kept));
        }

        var cut = MatchEncodings.ChooseThreshold(histogram, posterior);

        var best = posterior.Where((p, i) => histogram[i] > 0 && p >= MatchEncodings.MinimumThreshold).Max(ExpectedF1);
        Assert.Equal(best, ExpectedF1(cut), 9);
    }

    [Fact]
    public void A_handful_of_pairs_is_still_judged_sensibly_by_the_prior()
    {
        var histogram = new long[FellegiSunter.Patterns(4)];
        histogram[All(Top)] = 1;
        histogram[All(1)] = 3;

        var model = FellegiSunter.Fit(histogram, 4);

        Assert.True(model.Posterior[All(Top)] > 0.5);
        Assert.True(model.Posterior[All(1)] < 0.5);
    }

    [Fact]
    public void No_segment_holds_the_region_alone_so_its_frequencies_cannot_give_it_away()
    {
        var clk = new Clk(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        QuasiIdentifiers Record(string act) => new(new DateOnly(2024, 3, 1), DatePrecision.Day, "almaty_city", null, 1990, "AN", [act], ["police"]);
        var a = clk.EncodeFields(Record("fake_dating"));
        var b = clk.EncodeFields(Record("threats"));

        // The same region, another act: the segment holding the region must differ, or every Almaty record would share it.
        var where = Clk.Segment("region");
        Assert.NotEqual(a.AsSpan(where * Clk.SegmentWords, Clk.SegmentWords).ToArray(), b.AsSpan(where * Clk.SegmentWords, Clk.SegmentWords).ToArray());
        Assert.Equal(Clk.Segment("act"), where);
        Assert.Equal(Clk.Segment("day"), Clk.Segment("month"));
    }

    [Fact]
    public void A_victim_known_only_by_age_band_agrees_in_part_with_an_exact_age_in_the_band_and_not_with_one_outside()
    {
        var clk = new Clk(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var date = new DateOnly(2024, 3, 1);
        var victim = new Victim { Id = Guid.NewGuid(), CodeName = "V1" };
        QuasiIdentifiers Of(int? age, string? band) => QuasiIdentifiers.Of(
            new CaseRecord { Id = Guid.NewGuid(), Title = "case", OrganisationId = Guid.NewGuid(), Date = new IncidentDate(DatePrecision.Day, date, date), Place = new Place(), Victims = [victim with { Age = age, AgeBand = band }] }, []);
        double Who(QuasiIdentifiers a, QuasiIdentifiers b)
        {
            var x = clk.EncodeFields(a).AsSpan(Clk.Segment("born") * Clk.SegmentWords, Clk.SegmentWords);
            var y = clk.EncodeFields(b).AsSpan(Clk.Segment("born") * Clk.SegmentWords, Clk.SegmentWords);
            return Clk.Count(x) == 0 || Clk.Count(y) == 0 ? double.NaN : Clk.Dice(x, y, Clk.Count(x), Clk.Count(y));
        }

        var exact = Of(24, null);
        var band = Of(null, "18_24");
        Assert.Equal((2000, 2006), band.BornBetween);
        Assert.Null(exact.BornBetween); // an exact age is encoded as before
        Assert.Null(Of(null, "unknown").BornBetween);
        Assert.Null(Of(30, "25_34").BornBetween);

        Assert.InRange(Who(exact, band), 0.25, 0.6);                // in the band: partly the same
        Assert.Equal(1, Who(band, Of(null, "18_24")));               // the same band: the same
        Assert.InRange(Who(exact, Of(null, "45_54")), 0, 0.1);      // outside it: chance
        Assert.InRange(Who(band, Of(null, "25_34")), 0, 0.25);      // neighbouring bands share at most a window's edge
        Assert.True(double.IsNaN(Who(exact, Of(null, null))));       // nothing known: missing, as before
    }

    [Fact]
    public void A_year_alone_says_nothing_of_the_month_and_a_range_agrees_with_the_days_it_covers()
    {
        var clk = new Clk(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        QuasiIdentifiers On(DatePrecision precision, DateOnly from, DateOnly to) => QuasiIdentifiers.Of(
            new CaseRecord { Id = Guid.NewGuid(), Title = "case", OrganisationId = Guid.NewGuid(), Date = new IncidentDate(precision, from, to), Place = new Place() }, []);
        QuasiIdentifiers Day(int month, int day) => On(DatePrecision.Day, new DateOnly(2024, month, day), new DateOnly(2024, month, day));
        double When(QuasiIdentifiers a, QuasiIdentifiers b)
        {
            var x = clk.EncodeFields(a).AsSpan(Clk.Segment("day") * Clk.SegmentWords, Clk.SegmentWords);
            var y = clk.EncodeFields(b).AsSpan(Clk.Segment("day") * Clk.SegmentWords, Clk.SegmentWords);
            return Clk.Count(x) == 0 || Clk.Count(y) == 0 ? double.NaN : Clk.Dice(x, y, Clk.Count(x), Clk.Count(y));
        }

        // A year (stored from its 1 January) is not a January date: nothing is known beyond the year, which salts the encoding anyway.
        Assert.True(double.IsNaN(When(On(DatePrecision.Year, new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)), Day(1, 1))));

        // "Between 10 and 20 March" agrees in part with 15 March (month and week), not with 15 May.
        var march = On(DatePrecision.Range, new DateOnly(2024, 3, 10), new DateOnly(2024, 3, 20));
        Assert.InRange(When(march, Day(3, 15)), 0.3, 0.9);
        Assert.InRange(When(march, Day(5, 15)), 0, 0.1);
        // "January to March" holds each month: 15 February agrees in part, as a month-only copy of February does.
        var quarter = On(DatePrecision.Range, new DateOnly(2024, 1, 1), new DateOnly(2024, 3, 31));
        Assert.InRange(When(quarter, Day(2, 15)), 0.1, 0.6);
        Assert.InRange(When(quarter, On(DatePrecision.Month, new DateOnly(2024, 2, 1), new DateOnly(2024, 2, 29))), 0.3, 0.9);
        Assert.InRange(When(quarter, Day(7, 15)), 0, 0.1);
        Assert.Equal(1, When(Day(3, 15), Day(3, 15)));
    }

    [Fact]
    public void Every_victim_is_encoded_so_copies_agree_whichever_victim_each_lists_first()
    {
        var clk = new Clk(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var date = new DateOnly(2024, 3, 1);
        var (aigerim, daniyar) = (new Victim { Id = Guid.NewGuid(), CodeName = "V1", Age = 24 }, new Victim { Id = Guid.NewGuid(), CodeName = "V2", Age = 31 });
        VictimIdentity[] names = [new() { VictimId = aigerim.Id, FullName = "Aigerim Nurlanova" }, new() { VictimId = daniyar.Id, FullName = "Данияр Сейткали" }];
        QuasiIdentifiers Listing(params Victim[] victims) => QuasiIdentifiers.Of(
            new CaseRecord { Id = Guid.NewGuid(), Title = "case", OrganisationId = Guid.NewGuid(), Date = new IncidentDate(DatePrecision.Day, date, date), Place = new Place(), Victims = victims }, names);
        double Segment(string field, QuasiIdentifiers a, QuasiIdentifiers b)
        {
            var x = clk.EncodeFields(a).AsSpan(Clk.Segment(field) * Clk.SegmentWords, Clk.SegmentWords);
            var y = clk.EncodeFields(b).AsSpan(Clk.Segment(field) * Clk.SegmentWords, Clk.SegmentWords);
            return Clk.Dice(x, y, Clk.Count(x), Clk.Count(y));
        }

        var both = Listing(aigerim, daniyar);
        foreach (var field in new[] { "born", "initials" })
        {
            Assert.Equal(1, Segment(field, both, Listing(daniyar, aigerim)));          // the order does not matter
            Assert.InRange(Segment(field, both, Listing(daniyar)), 0.5, 0.9);          // one who knows only the second victim still agrees in part
            Assert.InRange(Segment(field, Listing(aigerim), Listing(daniyar)), 0, 0.2); // different people do not
        }

        // Surname first, as documents write it, with a patronymic (Russian or Kazakh): the same initials.
        var official = new Victim { Id = Guid.NewGuid(), CodeName = "V3", Age = 24 };
        QuasiIdentifiers Named(string name) => QuasiIdentifiers.Of(new CaseRecord { Id = Guid.NewGuid(), Title = "case", OrganisationId = Guid.NewGuid(), Date = new IncidentDate(DatePrecision.Day, date, date), Place = new Place(), Victims = [official] },
            [new VictimIdentity { VictimId = official.Id, FullName = name }]);
        foreach (var name in new[] { "Nurlanova Aigerim", "Нурланова Айгерим Болатовна", "Нурланова Айгерим Болатқызы", "Нурланова Айгерим Болат қызы" })
        {
            Assert.Equal(1, Segment("initials", Listing(aigerim), Named(name)));
        }

        // In two words a patronymic form is the surname, and stays.
        Assert.Equal("ab", Named("Aigerim Bolatkyzy").Initials);
        Assert.Equal("bs", Named("Бекзат Касымович Смагулов").Initials);

        // A victim the case holds nothing about (a group, no name, no age) adds nothing.
        Assert.Empty(Listing(aigerim, new Victim { Id = Guid.NewGuid(), CodeName = "G" }).Others);
    }

    [Fact]
    public void The_vectorised_popcount_counts_what_the_scalar_one_counts()
    {
        var random = new Random(9);
        var flat = Enumerable.Range(0, 2 * Clk.Segments * Clk.SegmentWords).Select(_ => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63)).ToArray();
        var words = Clk.Segments * Clk.SegmentWords;
        Span<int> scalar = stackalloc int[Clk.Segments];
        SegmentDice.CommonScalar(flat.AsSpan(0, words), flat.AsSpan(words, words), scalar);

        for (var s = 0; s < Clk.Segments; s++)
        {
            Assert.Equal(scalar[s], SegmentDice.CommonSegment(flat, s * Clk.SegmentWords, words + (s * Clk.SegmentWords)));
        }
    }
}
