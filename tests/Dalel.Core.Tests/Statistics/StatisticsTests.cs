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
    public void The_coalition_counts_only_consented_cases_of_organisations_that_share_and_hides_small_cells()
    {
        var table = Table(new StatisticsScope.Coalition(), new StatisticsQuery { Rows = "perpetrator" });

        Assert.True(table.Protected);
        Assert.Equal(5, table.Total.Count);
        Assert.Equal(new Dictionary<string, string> { ["police"] = "4", ["organised_group"] = "<3", ["private_individual"] = "<3" }, Rows(table));
        var organisations = Table(new StatisticsScope.Coalition(), new StatisticsQuery { Rows = "organisation" });
        Assert.DoesNotContain(_orgC.ToString("D"), organisations.RowValues);
    }

    [Fact]
    public void A_single_hidden_cell_is_never_left_to_be_worked_out_from_its_total()
    {
        var byRegion = Table(new StatisticsScope.Coalition(), new StatisticsQuery { Rows = "region" });
        Assert.Equal(new Dictionary<string, string> { ["astana"] = "<3", ["almaty_city"] = "<3" }, Rows(byRegion));
        Assert.Equal("5", byRegion.Total.Show(3));

        var cross = DisclosureControl.Apply(Hand(rows: [[5, 1, 7], [4, 6, 3]]), 3);
        Assert.True(cross.Cells[0][1].Suppressed);
        Assert.True(cross.Cells[0][0].Suppressed, "the row would otherwise give the hidden cell away");
        Assert.True(cross.Cells[1][1].Suppressed || cross.Cells[1][0].Suppressed, "the column would otherwise give it away");
        foreach (var line in Lines(cross))
        {
            Assert.NotEqual(1, line.Count(c => c.Suppressed));
        }
    }

    [Fact]
    public void A_table_one_filter_away_from_a_wider_one_by_fewer_than_k_is_withheld()
    {
        var wide = Table(new StatisticsScope.Coalition(), new StatisticsQuery { Rows = "violation" });
        Assert.Null(wide.WithheldBecause);

        // Without the region filter the total is 5; with astana it is 4: the difference would describe one case.
        var narrow = Table(new StatisticsScope.Coalition(), new StatisticsQuery { Rows = "violation", Filters = new Dictionary<string, string> { ["region"] = "astana" } });
        Assert.Equal("stats.withheld_differencing", narrow.WithheldBecause);
        Assert.All(narrow.RowTotals, c => Assert.True(c.Suppressed));
        Assert.True(narrow.Total.Suppressed);
    }

    [Fact]
    public void Inside_an_organisation_tables_marked_for_publication_are_protected_too()
    {
        var table = Table(new StatisticsScope.Organisation(_test.OrgA), new StatisticsQuery { Rows = "perpetrator", ForPublication = true });
        Assert.True(table.Protected);
        Assert.Equal("<3", Rows(table)["organised_group"]);
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

        Assert.Equal("Of 3 cases documented in 2024, 2 (67%) involved Police.", Sentences.One(table, police, "en"));
        Assert.Equal("Из 3 дел, задокументированных в 2024 году, 2 (67%) касаются категории «Полиция».", Sentences.One(table, police, "ru"));
        Assert.Equal("2024 жылы құжатталған 3 істің ішінде 2 іс (67%) «Полиция» санатына қатысты.", Sentences.One(table, police, "kk"));
    }

    [Theory]
    [InlineData(112, 56, "Of 112 cases documented in 2024, 56 (50%) involved Police.", "Из 112 дел, задокументированных в 2024 году, 56 (50%) касаются категории «Полиция».")]
    [InlineData(1, 1, "Of 1 case documented in 2024, 1 (100%) involved Police.", "Из 1 дела, задокументированного в 2024 году, 1 (100%) касается категории «Полиция».")]
    [InlineData(21, 11, "Of 21 cases documented in 2024, 11 (52%) involved Police.", "Из 21 дела, задокументированного в 2024 году, 11 (52%) касаются категории «Полиция».")]
    [InlineData(1000, 3, "Of 1000 cases documented in 2024, 3 (<1%) involved Police.", "Из 1000 дел, задокументированных в 2024 году, 3 (<1%) касаются категории «Полиция».")]
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
    public void A_hidden_count_reads_as_fewer_than_k()
    {
        var table = Table(new StatisticsScope.Coalition(), new StatisticsQuery { Rows = "perpetrator" });
        var group = table.RowValues.ToList().IndexOf("organised_group");
        Assert.Equal("Of 5 cases, fewer than 3 involved Organised group.", Sentences.One(table, group, "en"));
    }

    [Fact]
    public void The_de_identified_export_has_coded_fields_only_and_the_coalitions_cases()
    {
        using var output = new StringWriter();
        var rows = new ExportDeidentified(_test.Instance).Run(_test.OwnerOfA, new StatisticsScope.Coalition(), output).Value;
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(5, rows);
        Assert.Equal(6, lines.Length);
        Assert.Equal(string.Join(',', ExportDeidentified.Header), lines[0].TrimEnd('\r'));
        Assert.Contains(lines, l => l.Contains("Organisation A,2024,7,,astana,,draft,2,3,physical_assault;police_violence;threats,police;private_individual,", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Organisation C", StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.DoesNotMatch("[0-9a-f]{8}-[0-9a-f]{4}-", l));

        using var own = new StringWriter();
        Assert.Equal(4, new ExportDeidentified(_test.Instance).Run(_test.OwnerOfA, new StatisticsScope.Organisation(_test.OrgA), own).Value);
        Assert.IsType<NotFound>(new ExportDeidentified(_test.Instance).Run(_test.OwnerOfA, new StatisticsScope.Organisation(_test.OrgB), own).Error);
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
                dark += p.Red + p.Green + p.Blue < 300 ? 1 : 0;
            }
        }

        Assert.True(dark > 100, $"labels did not render ({dark} dark pixels)");

        var overTime = Table(new StatisticsScope.Organisation(_test.OrgA), new StatisticsQuery { Rows = "year" });
        Assert.Contains("<polyline", Charts.Render(overTime, "en"), StringComparison.Ordinal);
        var stacked = Table(new StatisticsScope.Organisation(_test.OrgA), new StatisticsQuery { Rows = "region", Columns = "perpetrator" });
        System.Xml.Linq.XDocument.Parse(Charts.Render(stacked, "ru"));
    }

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
        Cells = rows.Select(r => r.Select(n => new Cell(n, false)).ToArray()).ToArray(),
        RowTotals = rows.Select(r => new Cell(r.Sum(), false)).ToArray(),
        ColumnTotals = rows[0].Select((_, j) => new Cell(rows.Sum(r => r[j]), false)).ToArray(),
        Total = new Cell(total ?? rows.Sum(r => r.Sum()), false),
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
