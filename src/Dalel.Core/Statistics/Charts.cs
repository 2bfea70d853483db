using System.Globalization;
using System.Xml.Linq;
using Dalel.Core.Organisations;

namespace Dalel.Core.Statistics;

/// <summary>
/// Charts drawn on the server as SVG: a bar chart for one dimension, a stacked bar chart for two, a line over time
/// when the rows are years or months. Presentation attributes only (no script, no inline style), so the page's
/// content security policy allows them, and a title and description for screen readers.
/// Hidden counts get no bar; their label reads "&lt;k".
/// </summary>
public static class Charts
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly string[] Palette =
    [
        "#6b2fa3", "#d9822b", "#1d6b3a", "#2b6cb0", "#a3192f", "#7a7a85", "#b7950b", "#0f7b7b",
        "#e377c2", "#8c564b", "#17becf", "#bcbd22", "#393b79", "#ff9896", "#98df8a", "#c5b0d5",
    ];

    private const int LabelWidth = 260;
    private const int BarArea = 440;
    private const int RowHeight = 26;
    private const string Font = "system-ui, sans-serif";

    public static string Render(StatisticsTable table, string language, IReadOnlyList<Organisation>? organisations = null)
    {
        var title = $"{StatisticsLabels.Dimension(table.Rows, language)}{(table.Columns is null ? "" : " × " + StatisticsLabels.Dimension(table.Columns, language))}";
        var svg = table.Columns is null && table.Rows is "year" or "month" && table.RowValues.Count > 1
            ? Line(table, language)
            : Bars(table, language, organisations);
        svg.AddFirst(new XElement(Svg + "title", title), new XElement(Svg + "desc", string.Join(" ", Sentences.For(table, language, organisations))));
        return svg.ToString(SaveOptions.DisableFormatting);
    }

    private static XElement Root(int width, int height) => new(Svg + "svg",
        new XAttribute("width", width), new XAttribute("height", height),
        new XAttribute("viewBox", $"0 0 {width} {height}"), new XAttribute("role", "img"),
        new XAttribute("font-family", Font), new XAttribute("font-size", 13));

    private static XElement Text(double x, double y, string text, string anchor = "start", string fill = "#1b1b1f") =>
        new(Svg + "text", new XAttribute("x", N(x)), new XAttribute("y", N(y)), new XAttribute("text-anchor", anchor), new XAttribute("fill", fill), text);

    private static XElement Rect(double x, double y, double w, double h, string fill) =>
        new(Svg + "rect", new XAttribute("x", N(x)), new XAttribute("y", N(y)), new XAttribute("width", N(w)), new XAttribute("height", N(h)), new XAttribute("fill", fill));

    private static string N(double v) => Math.Round(v, 1).ToString(CultureInfo.InvariantCulture);

    private static XElement Bars(StatisticsTable table, string language, IReadOnlyList<Organisation>? organisations)
    {
        var k = table.Threshold;
        var stacked = table.Columns is not null;
        var legendHeight = stacked ? 24 * ((table.ColumnValues.Count + 3) / 4) : 0;
        var height = 20 + (table.RowValues.Count * RowHeight) + legendHeight + 10;
        var svg = Root(LabelWidth + BarArea + 70, height);
        // A case with two perpetrators counts in two columns, so a stacked bar can be longer than its row total.
        var max = Math.Max(1, Enumerable.Range(0, table.RowValues.Count).Select(r => Math.Max(
            table.RowTotals[r].Suppressed ? 0 : table.RowTotals[r].Count,
            stacked ? table.Cells[r].Where(c => !c.Suppressed).Sum(c => c.Count) : 0)).DefaultIfEmpty(0).Max());
        for (var r = 0; r < table.RowValues.Count; r++)
        {
            var y = 10 + (r * RowHeight);
            var label = StatisticsLabels.Value(table.Rows, table.RowValues[r], language, organisations);
            svg.Add(Text(LabelWidth - 8, y + 16, Shorten(label, 34), "end"));
            var x = (double)LabelWidth;
            if (stacked)
            {
                for (var c = 0; c < table.ColumnValues.Count; c++)
                {
                    var cell = table.Cells[r][c];
                    if (cell.Suppressed || cell.Count == 0)
                    {
                        continue;
                    }

                    var w = BarArea * cell.Count / (double)max;
                    svg.Add(Rect(x, y + 3, w, RowHeight - 8, Palette[c % Palette.Length]));
                    x += w;
                }
            }
            else if (!table.RowTotals[r].Suppressed)
            {
                var w = BarArea * table.RowTotals[r].Count / (double)max;
                svg.Add(Rect(x, y + 3, w, RowHeight - 8, Palette[0]));
                x += w;
            }

            svg.Add(Text(x + 6, y + 16, table.RowTotals[r].Show(k)));
        }

        if (stacked)
        {
            var top = 20 + (table.RowValues.Count * RowHeight);
            for (var c = 0; c < table.ColumnValues.Count; c++)
            {
                var lx = 10 + (c % 4 * 190);
                var ly = top + (c / 4 * 24);
                svg.Add(Rect(lx, ly, 14, 14, Palette[c % Palette.Length]));
                svg.Add(Text(lx + 20, ly + 12, Shorten(StatisticsLabels.Value(table.Columns!, table.ColumnValues[c], language, organisations), 24)));
            }
        }

        return svg;
    }

    private static XElement Line(StatisticsTable table, string language)
    {
        const int width = 720;
        const int height = 300;
        const int left = 50;
        const int bottom = 40;
        var svg = Root(width, height);
        var points = table.RowValues.Select((v, i) => (Label: v, Cell: table.RowTotals[i])).Where(p => p.Label.Length > 0).ToList();
        var max = Math.Max(1, points.Where(p => !p.Cell.Suppressed).Select(p => p.Cell.Count).DefaultIfEmpty(0).Max());
        double X(int i) => left + ((width - left - 30) * (points.Count == 1 ? 0.5 : i / (double)(points.Count - 1)));
        double Y(int n) => height - bottom - ((height - bottom - 20) * n / (double)max);

        svg.Add(new XElement(Svg + "line", new XAttribute("x1", left), new XAttribute("y1", height - bottom), new XAttribute("x2", width - 20), new XAttribute("y2", height - bottom), new XAttribute("stroke", "#7a7a85")));
        svg.Add(Text(left - 8, Y(max) + 4, max.ToString(CultureInfo.InvariantCulture), "end"));
        svg.Add(Text(left - 8, height - bottom + 4, "0", "end"));

        // Only visible points are joined; a hidden count breaks the line rather than being drawn as a guess.
        var segment = new List<string>();
        void Flush()
        {
            if (segment.Count > 1)
            {
                svg.Add(new XElement(Svg + "polyline", new XAttribute("points", string.Join(' ', segment)), new XAttribute("fill", "none"), new XAttribute("stroke", Palette[0]), new XAttribute("stroke-width", 2)));
            }

            segment.Clear();
        }

        for (var i = 0; i < points.Count; i++)
        {
            var (label, cell) = points[i];
            svg.Add(Text(X(i), height - bottom + 18, label, "middle"));
            if (cell.Suppressed)
            {
                Flush();
                svg.Add(Text(X(i), height - bottom - 6, $"<{table.Threshold}", "middle", "#5b5b66"));
                continue;
            }

            segment.Add($"{N(X(i))},{N(Y(cell.Count))}");
            svg.Add(new XElement(Svg + "circle", new XAttribute("cx", N(X(i))), new XAttribute("cy", N(Y(cell.Count))), new XAttribute("r", 4), new XAttribute("fill", Palette[0])));
            svg.Add(Text(X(i), Y(cell.Count) - 8, cell.Count.ToString(CultureInfo.InvariantCulture), "middle"));
        }

        Flush();
        return svg;
    }

    private static string Shorten(string text, int max = 38) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
