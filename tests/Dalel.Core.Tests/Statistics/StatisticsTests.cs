using System.Text.RegularExpressions;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Statistics;
using Dalel.Core.Tests.Support;

namespace Dalel.Core.Tests.Statistics;

public sealed class StatisticsTests : IDisposable
{
    private readonly TestInstance _test = TestInstance.Create();
    private readonly Guid _orgC;

    public StatisticsTests()
    {
        _orgC = new CreateOrganisation(_test.Instance).Run("Organisation C", "cli").Value;
        new SetCoalitionSharing(_test.Instance).Run(_test.OwnerOfA, true);
        new SetCoalitionSharing(_test.Instance).Run(_test.OwnerOfB, true);

        // Organisation A: four cases, one with two acts against two victims, one whose victim refused statistics.
        Record(_test.OrgA, "2024-03-01", "astana", consent: true, ("police_violence", "police"), ("arbitrary_detention", "police"));
        Record(_test.OrgA, "2024-05-10", "almaty_city", consent: true, ("fake_dating", "organised_group"), ("extortion_blackmail", "organised_group"));
        RecordTwoVictims(_test.OrgA, "2024-07-15", "astana");
        Record(_test.OrgA, "2023-01-20", "shymkent", consent: false, ("police_violence", "police"));
        // Organisation B shares; organisation C does not.
        Record(_test.OrgB, "2024-02-02", "astana", consent: true, ("police_violence", "police"));
        Record(_test.OrgB, "2024-09-09", "astana", consent: true, ("raid", "police"));
        Record(_orgC, "2024-04-04", "astana", consent: true, ("raid", "police"));
    }

    private StatisticsTable Table(StatisticsScope scope, StatisticsQuery query, OrgScope? reader = null) =>
        new ComputeStatistics(_test.Instance).Run(reader ?? _test.OwnerOfA, scope, query).Value;

    private static Dictionary<string, string> Rows(StatisticsTable t) =>
        t.RowValues.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => t.RowTotals[x.i].Show(t.Threshold));

    [Fact]
    public void Each_unit_counts_what_it_says_and_the_total_is_distinct_units()
    {
        var org = new StatisticsScope.Organisation(_test.OrgA);

        var cases = Table(org, new StatisticsQuery { Rows = "perpetrator" });
        Assert.Equal(4, cases.Total.Count);
        Assert.Equal(new Dictionary<string, string> { ["police"] = "3", ["organised_group"] = "1", ["private_individual"] = "1" }, Rows(cases));
        Assert.False(cases.Protected);

        var acts = Table(org, new StatisticsQuery { Rows = "perpetrator", Unit = Unit.Acts });
        Assert.Equal(6, acts.Total.Count);
        Assert.Equal(new Dictionary<string, string> { ["police"] = "4", ["organised_group"] = "1", ["private_individual"] = "1" }, Rows(acts));

        var victims = Table(org, new StatisticsQuery { Rows = "perpetrator", Unit = Unit.Victims });
        Assert.Equal(5, victims.Total.Count);
        Assert.Equal(new Dictionary<string, string> { ["police"] = "3", ["organised_group"] = "1", ["private_individual"] = "1" }, Rows(victims));

        var violations = Table(org, new StatisticsQuery { Rows = "violation" });
        Assert.Equal("1", Rows(violations)["physical_assault"]);
        Assert.Equal("1", Rows(violations)["threats"]);
        Assert.Equal("3", Rows(violations)["police_violence"]);
    }

    [Fact]
    public void Filters_and_date_ranges_combine_and_two_dimensions_cross()
    {
        var org = new StatisticsScope.Organisation(_test.OrgA);
        var in2024 = Table(org, new StatisticsQuery { Rows = "perpetrator", Filters = new Dictionary<string, string> { ["year"] = "2024" } });
        Assert.Equal(3, in2024.Total.Count);
        Assert.Equal("2", Rows(in2024)["police"]);
        Assert.Equal(67, Math.Round(in2024.Percent(in2024.RowValues.ToList().IndexOf("police"))!.Value));

        var byRange = Table(org, new StatisticsQuery { Rows = "region", From = new DateOnly(2024, 5, 1), To = new DateOnly(2024, 12, 31) });
        Assert.Equal(new Dictionary<string, string> { ["almaty_city"] = "1", ["astana"] = "1" }, Rows(byRange));

        var cross = Table(org, new StatisticsQuery { Rows = "region", Columns = "year" });
        Assert.Equal(["2023", "2024"], cross.ColumnValues);
        var astana = cross.RowValues.ToList().IndexOf("astana");
        Assert.Equal([0, 2], cross.Cells[astana].Select(c => c.Count));
        Assert.Equal([1, 3], cross.ColumnTotals.Select(c => c.Count));
        Assert.Equal(100, cross.Percent(astana, 1));

        var police = Table(org, new StatisticsQuery { Rows = "iccpr", Filters = new Dictionary<string, string> { ["perpetrator"] = "police", ["reported"] = "no" } });
        Assert.Equal(3, police.Total.Count);
        Assert.Equal(["2", "7", "9"], police.RowValues);
    }

    [Fact]
    public void The_coalition_counts_only_consented_cases_of_organisations_that_share_and_perturbs_every_count()
    {
        var table = Table(new StatisticsScope.Coalition(), new StatisticsQuery { Rows = "perpetrator" });

        Assert.True(table.Protected);
        Assert.True(table.Perturbed);
        Assert.Null(table.LeftOutForConsent);
        // Five consented cases of A and B: the published total is within the noise of 5, and no count reads 1 or 2.
        Assert.InRange(table.Total.Count, 5 - CellKey.MaxNoise, 5 + CellKey.MaxNoise);
        Assert.All(Published(table), n => Assert.DoesNotContain(n, new[] { 1, 2 }));
        var organisations = Table(new StatisticsScope.Coalition(), new StatisticsQuery { Rows = "organisation" });
        Assert.DoesNotContain(_orgC.ToString("D"), organisations.RowValues);
    }

    [Fact]
    public void The_same_question_always_gets_the_same_answer_however_it_is_put()
    {
        var coalition = new StatisticsScope.Coalition();
        var byRegion = Table(coalition, new StatisticsQuery { Rows = "region", Columns = "year" });
        var again = Table(coalition, new StatisticsQuery { Rows = "region", Columns = "year" });
        // The same cases asked for through a wider date range, by an analyst of another member: the same numbers.
        var rephrased = Table(coalition, new StatisticsQuery { Rows = "region", Columns = "year", From = new DateOnly(2000, 1, 1), To = new DateOnly(2030, 12, 31) }, TestInstance.Scope(_test.OrgB, Role.Analyst));

        Assert.Equal(Published(byRegion), Published(again));
        Assert.Equal(Published(byRegion), Published(rephrased));
        Assert.Equal(byRegion.RowValues, rephrased.RowValues);
    }

    [Fact]
    public void A_single_hidden_cell_is_never_left_to_be_worked_out_from_its_total()
    {
        // Organisation A's own document: its three consented cases, exact from k on.
        var byRegion = Table(new StatisticsScope.Organisation(_test.OrgA), new StatisticsQuery { Rows = "region", Release = Release.Document });
        Assert.Equal(new Dictionary<string, string> { ["astana"] = "<3", ["almaty_city"] = "<3" }, Rows(byRegion));
        Assert.Equal("3", byRegion.Total.Show(3));
        Assert.Equal(1, byRegion.LeftOutForConsent);

        var cross = DisclosureControl.Apply(Hand(rows: [[5, 1, 7], [4, 6, 3]]), 3);
        Assert.Equal(CellKind.Small, cross.Cells[0][1].Kind);
        Assert.Equal(CellKind.Secondary, cross.Cells[0][0].Kind);
        Assert.Equal("np", cross.Cells[0][0].Show(3));
        Assert.True(cross.Cells[1][1].Suppressed || cross.Cells[1][0].Suppressed, "the column would otherwise give it away");
        foreach (var line in Lines(cross))
        {
            Assert.NotEqual(1, line.Count(c => c.Suppressed));
        }
    }

    [Fact]
    public void Inside_an_organisation_tables_marked_for_publication_count_consented_cases_and_are_perturbed()
    {
        var table = Table(new StatisticsScope.Organisation(_test.OrgA), new StatisticsQuery { Rows = "perpetrator", Release = Release.Published });
        Assert.True(table.Protected);
        Assert.True(table.Perturbed);
        Assert.Equal(1, table.LeftOutForConsent);
        Assert.All(Published(table), n => Assert.DoesNotContain(n, new[] { 1, 2 }));

        var internalView = Table(new StatisticsScope.Organisation(_test.OrgA), new StatisticsQuery { Rows = "perpetrator" });
        Assert.True(internalView.Internal);
        Assert.Equal(4, internalView.Total.Count);
        Assert.Contains("not for publication", TableFormats.Note(internalView, "en"), StringComparison.Ordinal);
    }

    [Fact]
    public void No_member_reaches_another_organisations_figures_outside_the_coalition()
    {
        var analystOfA = TestInstance.Scope(_test.OrgA, Role.Analyst);
        Assert.IsType<NotFound>(new ComputeStatistics(_test.Instance).Run(analystOfA, new StatisticsScope.Organisation(_test.OrgB), new StatisticsQuery { Rows = "region" }).Error);
        Assert.IsType<Invalid>(new ComputeStatistics(_test.Instance).Run(analystOfA, new StatisticsScope.Organisation(_test.OrgA), new StatisticsQuery { Rows = "nonsense" }).Error);
    }

    [Fact]
    public void Sentences_say_the_table_in_three_languages()
    {
        var table = Table(new StatisticsScope.Organisation(_test.OrgA), new StatisticsQuery { Rows = "perpetrator", Filters = new Dictionary<string, string> { ["year"] = "2024" } });
        var police = table.RowValues.ToList().IndexOf("police");

        Assert.Equal("Of 3 cases documented in 2024, 2 (67%) involved police.", Sentences.One(table, police, "en"));
        Assert.Equal("Из 3 дел, задокументированных в 2024 году, нарушитель «Полиция» — в 2 (67%).", Sentences.One(table, police, "ru"));
        Assert.Equal("2024 жылы құжатталған 3 істің ішінде 2 іс (67%): құқық бұзушы — «Полиция».", Sentences.One(table, police, "kk"));
    }

    [Fact]
    public void Several_categories_are_one_sentence_with_the_preamble_once()
    {
        var table = new StatisticsTable
        {
            Unit = Unit.Cases,
            Rows = "perpetrator",
            RowValues = ["police", "private_individual", "family"],
            ColumnValues = [""],
            Cells = [[new Cell(47)], [new Cell(30)], [new Cell(2, CellKind.Small)]],
            RowTotals = [new Cell(47), new Cell(30), new Cell(2, CellKind.Small)],
            ColumnTotals = [new Cell(94)],
            Total = new Cell(94),
            Threshold = 3,
            Query = new StatisticsQuery { Rows = "perpetrator", Filters = new Dictionary<string, string> { ["year"] = "2024", ["country"] = "KG" } },
        };

        Assert.Equal("Of 94 cases documented in Kyrgyzstan in 2024, 47 (50%) involved police, 30 (32%) private individuals and fewer than 3 family members.",
            Sentences.Combined(table, "en"));
        Assert.Equal("Из 94 дел, задокументированных в Кыргызстане в 2024 году, нарушитель «Полиция» — в 47 (50%), "
            + $"«{StatisticsLabels.Value("perpetrator", "private_individual", "ru")}» — в 30 (32%) и «{StatisticsLabels.Value("perpetrator", "family", "ru")}» — менее чем в 3.",
            Sentences.Combined(table, "ru"));
        Assert.Single(Regex.Matches(Sentences.Combined(table, "kk"), "ішінде"));
    }

    [Theory]
    [InlineData(112, 56, "Of 112 cases documented in 2024, 56 (50%) involved police.", "Из 112 дел, задокументированных в 2024 году, нарушитель «Полиция» — в 56 (50%).")]
    [InlineData(1, 1, "Of 1 case documented in 2024, 1 (100%) involved police.", "Из 1 дела, задокументированного в 2024 году, нарушитель «Полиция» — в 1 (100%).")]
    [InlineData(21, 11, "Of 21 cases documented in 2024, 11 (52%) involved police.", "Из 21 дела, задокументированного в 2024 году, нарушитель «Полиция» — в 11 (52%).")]
    [InlineData(1000, 3, "Of 1000 cases documented in 2024, 3 (<1%) involved police.", "Из 1000 дел, задокументированных в 2024 году, нарушитель «Полиция» — в 3 (<1%).")]
    public void Numbers_agree_with_their_nouns_and_percentages_round_to_whole_numbers(int total, int police, string english, string russian)
    {
        var table = Hand(rows: [[police]], total: total, rowKey: "police") with
        {
            Query = new StatisticsQuery { Rows = "perpetrator", Filters = new Dictionary<string, string> { ["year"] = "2024" } },
        };

        Assert.Equal(english, Sentences.One(table, 0, "en"));
        Assert.Equal(russian, Sentences.One(table, 0, "ru"));
    }

    [Fact]
    public void In_a_cross_tab_sentences_take_each_row_against_the_grand_total()
    {
        var table = Table(new StatisticsScope.Organisation(_test.OrgA), new StatisticsQuery { Rows = "region", Columns = "year" });
        var astana = table.RowValues.ToList().IndexOf("astana");
        Assert.Equal("Of 4 cases, 2 (50%) took place in Astana (city).", Sentences.One(table, astana, "en"));
    }

    [Fact]
    public void A_hidden_count_reads_as_fewer_than_k_only_when_it_is()
    {
        var table = Table(new StatisticsScope.Organisation(_test.OrgA), new StatisticsQuery { Rows = "perpetrator", Release = Release.Document });
        var group = table.RowValues.ToList().IndexOf("organised_group");
        Assert.Equal("Of 3 cases, fewer than 3 involved organised group.", Sentences.One(table, group, "en"));

        // A count of 5 hidden to protect the 1 beside it is said not to be published, never "fewer than 3".
        var cross = DisclosureControl.Apply(Hand(rows: [[1], [5], [9]]), 3);
        var secondary = Enumerable.Range(0, 3).Single(r => cross.RowTotals[r].Kind == CellKind.Secondary);
        Assert.Equal(5, cross.RowTotals[secondary].Count);
        Assert.Equal("Of 15 cases, the number in “r1” is not published, to protect smaller counts.", Sentences.One(cross, secondary, "en"));
        Assert.DoesNotContain(Sentences.For(cross, "en"), s => s.Contains("r1", StringComparison.Ordinal));
    }

    [Fact]
    public void Perturbed_counts_read_about_and_sentences_name_every_filter()
    {
        var table = Table(new StatisticsScope.Coalition(), new StatisticsQuery
        {
            Rows = "perpetrator",
            Filters = new Dictionary<string, string> { ["year"] = "2024", ["region"] = "astana", ["reported"] = "no" },
        });
        var sentences = Sentences.For(table, "en");
        Assert.NotEmpty(sentences);
        Assert.All(sentences, s => Assert.StartsWith($"Of about {table.Total.Count} cases documented by coalition members in Astana (city) in 2024 (Reported to authorities: Not reported), about ", s));
        Assert.All(Sentences.For(table, "ru"), s => Assert.StartsWith($"Из примерно {table.Total.Count} дел, задокументированных членами коалиции в регионе «Астана", s));
        Assert.All(Sentences.For(table, "kk"), s => Assert.Contains("коалиция мүшелері құжаттаған шамамен", s, StringComparison.Ordinal));
    }

    [Fact]
    public void The_de_identified_export_has_coded_fields_of_consented_cases_in_groups_of_three_and_none_for_the_coalition()
    {
        using var output = new StringWriter();
        var export = new ExportDeidentified(_test.Instance).Run(_test.OwnerOfA, new StatisticsScope.Organisation(_test.OrgA), output).Value;
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Four cases, one without consent; the three left share only organisation and year, so all else is coarsened.
        Assert.Equal(new DeidentifiedExport(3, 1, 0, 3), export);
        Assert.Equal(4, lines.Length);
        Assert.Equal(string.Join(',', ExportDeidentified.Header), lines[0].TrimEnd('\r'));
        Assert.Contains(lines, l => l.Contains("Organisation A,2024,,,,,draft,,3,physical_assault;police_violence;threats,police;private_individual,", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("2023", StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.DoesNotMatch("[0-9a-f]{8}-[0-9a-f]{4}-", l));

        using var other = new StringWriter();
        Assert.IsType<NotFound>(new ExportDeidentified(_test.Instance).Run(_test.OwnerOfA, new StatisticsScope.Organisation(_test.OrgB), other).Error);
        Assert.IsType<Invalid>(new ExportDeidentified(_test.Instance).Run(_test.OwnerOfA, new StatisticsScope.Coalition(), other).Error);
        Assert.Empty(other.ToString());
    }

    [Fact]
    public void Charts_are_well_formed_svg_and_render_to_png_with_their_labels()
    {
        var table = Table(new StatisticsScope.Organisation(_test.OrgA), new StatisticsQuery { Rows = "perpetrator" });
        var svg = Charts.Render(table, "kk");
        var document = System.Xml.Linq.XDocument.Parse(svg);
        Assert.Equal("svg", document.Root!.Name.LocalName);
        Assert.Contains("Полиция", svg, StringComparison.Ordinal);

        using var bitmap = SkiaSharp.SKBitmap.Decode(ChartImages.Png(svg, scale: 1));
        Assert.Equal((int)double.Parse(document.Root.Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture), bitmap.Width);
        // Bars start at x = 260; anything dark to the left of it is label text, which needs the shipped font.
        var dark = 0;
        for (var x = 0; x < 250; x++)
        {
            for (var y = 0; y < bitmap.Height; y++)
            {
                var p = bitmap.GetPixel(x, y);
                dark += p.Alpha > 128 && p.Red + p.Green + p.Blue < 300 ? 1 : 0;
            }
        }

        Assert.True(dark > 100, $"labels did not render ({dark} dark pixels)");
        Assert.Equal(0, bitmap.GetPixel(bitmap.Width - 1, bitmap.Height - 1).Alpha);

        var overTime = Table(new StatisticsScope.Organisation(_test.OrgA), new StatisticsQuery { Rows = "year" });
        Assert.Contains("<polyline", Charts.Render(overTime, "en"), StringComparison.Ordinal);
        var stacked = Table(new StatisticsScope.Organisation(_test.OrgA), new StatisticsQuery { Rows = "region", Columns = "perpetrator" });
        System.Xml.Linq.XDocument.Parse(Charts.Render(stacked, "ru"));
    }

    private static List<int> Published(StatisticsTable t) =>
        [.. t.Cells.SelectMany(r => r.Select(c => c.Count)), .. t.RowTotals.Select(c => c.Count), .. t.ColumnTotals.Select(c => c.Count), t.Total.Count];

    private static IEnumerable<Cell[]> Lines(StatisticsTable t) =>
        t.Cells.Select((r, i) => r.Append(t.RowTotals[i]).ToArray())
            .Concat(t.ColumnTotals.Select((c, j) => t.Cells.Select(r => r[j]).Append(c).ToArray()));

    /// <summary>A table given by hand: cells of a single-valued cross-tab, totals as their sums.</summary>
    private static StatisticsTable Hand(int[][] rows, int? total = null, string rowKey = "r") => new()
    {
        Unit = Unit.Cases,
        Rows = "perpetrator",
        Columns = rows[0].Length > 1 ? "year" : null,
        RowValues = rows.Select((_, i) => i == 0 ? rowKey : $"r{i}").ToList(),
        ColumnValues = rows[0].Length > 1 ? rows[0].Select((_, j) => $"c{j}").ToList() : [""],
        Cells = rows.Select(r => r.Select(n => new Cell(n)).ToArray()).ToArray(),
        RowTotals = rows.Select(r => new Cell(r.Sum())).ToArray(),
        ColumnTotals = rows[0].Select((_, j) => new Cell(rows.Sum(r => r[j]))).ToArray(),
        Total = new Cell(total ?? rows.Sum(r => r.Sum())),
        Query = new StatisticsQuery { Rows = "perpetrator" },
    };

    private void Record(Guid org, string date, string region, bool consent, params (string Violation, string Perpetrator)[] acts)
    {
        var victim = Victim("V", consent);
        var content = new CaseContent
        {
            Title = "t",
            Date = Day(date),
            Place = new Place { Region = region },
            Victims = [victim],
            Acts = [new Act { Id = Guid.NewGuid(), VictimId = victim.Id, Violations = acts.Select(a => a.Violation).ToList(), Perpetrators = acts.Select(a => a.Perpetrator).Distinct().Select(p => new Perpetrator { Type = p }).ToList() }],
        };
        Assert.True(new RecordCase(_test.Instance).Run(OrgScope.Cli(org), content).IsOk);
    }

    private void RecordTwoVictims(Guid org, string date, string region)
    {
        var x = Victim("X", true);
        var y = Victim("Y", true);
        var content = new CaseContent
        {
            Title = "t",
            Date = Day(date),
            Place = new Place { Region = region },
            Victims = [x, y],
            Acts =
            [
                new Act { Id = Guid.NewGuid(), VictimId = x.Id, Violations = ["physical_assault"], Perpetrators = [new Perpetrator { Type = "private_individual" }] },
                new Act { Id = Guid.NewGuid(), VictimId = y.Id, Violations = ["threats"], Perpetrators = [new Perpetrator { Type = "police" }] },
                new Act { Id = Guid.NewGuid(), VictimId = y.Id, Violations = ["police_violence"], Perpetrators = [new Perpetrator { Type = "police" }] },
            ],
        };
        Assert.True(new RecordCase(_test.Instance).Run(OrgScope.Cli(org), content).IsOk);
    }

    private static Victim Victim(string code, bool consent) => new()
    {
        Id = Guid.NewGuid(),
        CodeName = code,
        Consents = [new ConsentGrant { Use = "anonymous_statistics", Granted = consent, Date = new DateOnly(2024, 1, 1), Method = "written" }],
    };

    private static IncidentDate Day(string date)
    {
        var d = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        return new IncidentDate(DatePrecision.Day, d, d);
    }

    [Fact]
    public void Sentences_about_organisations_say_who_documented_the_cases()
    {
        var table = Table(new StatisticsScope.Organisation(_test.OrgA), new StatisticsQuery { Rows = "organisation", Filters = new Dictionary<string, string> { ["year"] = "2024" } });
        var organisations = new ListOrganisations(_test.Instance).Run().Value;

        Assert.Equal("Of 3 cases documented in 2024, 3 (100%) were documented by Organisation A.", Sentences.One(table, 0, "en", organisations));
        Assert.Equal("Из 3 дел, задокументированных в 2024 году, 3 (100%) — от организации «Organisation A».", Sentences.One(table, 0, "ru", organisations));
        Assert.Equal("2024 жылы құжатталған 3 істің ішінде 3 іс (100%) — «Organisation A» ұйымынан.", Sentences.One(table, 0, "kk", organisations));
    }

    public void Dispose() => _test.Dispose();
}
