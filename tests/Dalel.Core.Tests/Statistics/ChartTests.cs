using System.Globalization;
using System.Xml.Linq;
using Dalel.Core.Statistics;

namespace Dalel.Core.Tests.Statistics;

/// <summary>Charts an NGO would publish: nothing cut, nothing dropped, colours that never repeat, axes a reader can use.</summary>
public sealed class ChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static StatisticsTable Stacked(string[] rows, string[] columns, Cell[][] cells, Cell[] totals) => new()
    {
        Unit = Unit.Cases,
        Rows = "perpetrator",
        Columns = "year",
        RowValues = rows,
        ColumnValues = columns,
        Cells = cells,
        RowTotals = totals,
        ColumnTotals = columns.Select((_, c) => new Cell(cells.Sum(r => r[c].Count))).ToArray(),
        Total = new Cell(totals.Sum(t => t.Count)),
        Threshold = 3,
        Protected = true,
        Query = new StatisticsQuery { Rows = "perpetrator", Columns = "year", From = new DateOnly(2022, 1, 1), To = new DateOnly(2024, 12, 31) },
    };

    private static List<XElement> Rects(XDocument svg, string fill) =>
        svg.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("fill") == fill).ToList();

    private static double Width(XElement rect) => double.Parse(rect.Attribute("width")!.Value, CultureInfo.InvariantCulture);

    [Fact]
    public void Hidden_parts_of_a_stacked_bar_are_drawn_hatched_so_the_bar_is_as_long_as_its_total()
    {
        var table = Stacked(
            ["police", "family"],
            ["2022", "2023", "2024"],
            [[new Cell(10), new Cell(2, CellKind.Small), new Cell(1, CellKind.Small)], [new Cell(2, CellKind.Small), new Cell(3, CellKind.Secondary), new Cell(0)]],
            [new Cell(13), new Cell(5)]);

        var svg = XDocument.Parse(Charts.Render(table, "en", source: "Qadam Trans Initiative"));

        // Axis 0–15 over 420 px: 28 px a case. Police: 10 shown (280 px) and 3 hidden (84 px); family: 5 hidden, none shown.
        Assert.Equal(280, Width(Rects(svg, Charts.Palette[0]).Single(r => r.Element(Svg + "title") is not null)));
        Assert.Equal([84, 140], Rects(svg, "url(#hidden)").Where(r => r.Element(Svg + "title") is not null).Select(Width).Order());
        var text = string.Join(" ", svg.Descendants(Svg + "text").Select(t => t.Value));
        Assert.Contains("Hatched: counts not shown to protect the people concerned", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hidden_total_is_a_hatched_stub_marked_with_its_rule()
    {
        var table = Stacked(["police"], ["2024"], [[new Cell(2, CellKind.Small)]], [new Cell(2, CellKind.Small)]) with { Columns = null, ColumnValues = [""] };

        var svg = XDocument.Parse(Charts.Render(table, "en"));

        Assert.Single(Rects(svg, "url(#hidden)"));
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "<3");
    }

    [Fact]
    public void Ten_series_get_seven_distinct_colour_blind_safe_colours_the_tail_grouped_as_other()
    {
        var columns = Enumerable.Range(2015, 10).Select(y => y.ToString(CultureInfo.InvariantCulture)).ToArray();
        var table = Stacked(["police"], columns, [columns.Select((_, i) => new Cell(10 + i)).ToArray()], [new Cell(145)]);

        var svg = XDocument.Parse(Charts.Render(table, "en"));

        var segments = svg.Descendants(Svg + "rect").Where(r => r.Element(Svg + "title") is not null).ToList();
        Assert.Equal(7, segments.Count);
        Assert.Equal(7, segments.Select(r => (string)r.Attribute("fill")!).Distinct().Count());
        Assert.StartsWith("Other: ", segments.Single(r => (string)r.Attribute("fill")! == "#7A7A85").Element(Svg + "title")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_labels_wrap_whole_and_the_chart_names_its_title_source_period_and_N()
    {
        var table = new StatisticsTable
        {
            Unit = Unit.Cases, Rows = "violation", RowValues = ["coercive_medical_requirements"], ColumnValues = [""],
            Cells = [[new Cell(12)]], RowTotals = [new Cell(12)], ColumnTotals = [new Cell(12)], Total = new Cell(12), Threshold = 3,
            Query = new StatisticsQuery { Rows = "violation", From = new DateOnly(2024, 1, 1), To = new DateOnly(2024, 12, 31) },
        };
        var label = StatisticsLabels.Value("violation", "coercive_medical_requirements", "en");

        var svg = Charts.Render(table, "en", source: "Qadam Trans Initiative");

        Assert.DoesNotContain("…", svg, StringComparison.Ordinal);
        var texts = XDocument.Parse(svg).Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains(label, string.Join(" ", texts), StringComparison.Ordinal);
        Assert.Equal("Cases by violation, 2024", texts[0]);
        Assert.Contains(texts, t => t.StartsWith("Source: cases documented by Qadam Trans Initiative, 2024. N = 12 cases.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_line_over_time_has_round_ticks_between_zero_and_the_top()
    {
        var years = new StatisticsTable
        {
            Unit = Unit.Cases, Rows = "year", RowValues = ["2022", "2023", "2024"], ColumnValues = [""],
            Cells = [[new Cell(17)], [new Cell(23)], [new Cell(41)]], RowTotals = [new Cell(17), new Cell(23), new Cell(41)],
            ColumnTotals = [new Cell(81)], Total = new Cell(81), Threshold = 3, Query = new StatisticsQuery { Rows = "year" },
        };

        var texts = XDocument.Parse(Charts.Render(years, "en")).Descendants(Svg + "text").Select(t => t.Value).ToList();

        Assert.Equal((10, 50), Charts.Ticks(41));
        Assert.True(new[] { "0", "10", "20", "30", "40", "50" }.All(texts.Contains), string.Join("|", texts));
    }
}
