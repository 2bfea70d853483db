using System.Globalization;
using System.Xml.Linq;
using Dalel.Core.Organisations;
using Dalel.Core.Text;

namespace Dalel.Core.Statistics;

/// <summary>
/// Charts drawn on the server as SVG, complete enough to be published on their own: a title, the bars or line, an axis
/// with ticks, a legend, and a source line naming who documented the cases, the period, N and how counts are protected.
/// A bar chart for one dimension, stacked bars for two, a line over time when the rows are years or months.
/// Labels wrap instead of being cut. Hidden counts are never dropped: a stacked bar's hidden part (its published total
/// minus its shown parts) and a hidden total are drawn hatched and marked "&lt;k" or "np". Colours are Okabe and Ito's
/// colour-blind-safe palette; beyond it the smallest series are grouped as "other". The background is transparent, so
/// a chart takes the colour of the page or document it is put on. Presentation attributes only (no script, no inline
/// style), so the page's content security policy allows them.
/// </summary>
public static class Charts
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Okabe–Ito, without black (kept for text) and yellow (too light on white for thin segments).</summary>
    internal static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#8C6D1F"];

    private const string OtherColour = "#7A7A85";
    private const string Ink = "#1b1b1f";
    private const string Muted = "#4a4a55";
    private const int Width = 760;
    private const int LabelWidth = 250;
    private const int BarArea = 420;
    private const int Line = 16;
    private const string Font = "system-ui, sans-serif";

    /// <param name="source">Who documented the cases, as the source line names them; null names no one.</param>
    /// <param name="title">The chart's title; by default the table's title (unit, dimensions, period).</param>
    /// <param name="standalone">
    /// Draw the title and source line inside the image (a download, the statistics page). A document prints both as
    /// text around the figure instead, where a screen reader and the table of figures find them.
    /// </param>
    public static string Render(StatisticsTable table, string language, IReadOnlyList<Organisation>? organisations = null, string? source = null, string? title = null, bool standalone = true)
    {
        title ??= TableCaptions.Title(table, language, null);
        var description = string.Join(" ", Sentences.For(table, language, organisations));
        var body = table.Columns is null && table.Rows is "year" or "month" && table.RowValues.Count > 1
            ? LineChart(table, language)
            : Bars(table, language, organisations);
        var titleLines = standalone ? Wrap(title, 70) : [];
        var notes = standalone ? Wrap(SourceLine(table, language, source), 100) : [];
        var top = standalone ? 10 + (titleLines.Count * 20) + 8 : 6;
        var height = top + body.Height + 10 + (notes.Count * 14) + 8;
        var svg = new XElement(Svg + "svg",
            new XAttribute("width", Width), new XAttribute("height", height), new XAttribute("viewBox", $"0 0 {Width} {height}"),
            new XAttribute("role", "img"), new XAttribute("font-family", Font), new XAttribute("font-size", 13),
            new XElement(Svg + "title", title), new XElement(Svg + "desc", description), Hatch());
        for (var i = 0; i < titleLines.Count; i++)
        {
            svg.Add(new XElement(Svg + "text", new XAttribute("x", 10), new XAttribute("y", 26 + (i * 20)), new XAttribute("font-size", 16), new XAttribute("fill", Ink), titleLines[i]));
        }

        svg.Add(new XElement(Svg + "g", new XAttribute("transform", $"translate(0,{top})"), body.Elements));
        for (var i = 0; i < notes.Count; i++)
        {
            svg.Add(new XElement(Svg + "text", new XAttribute("x", 10), new XAttribute("y", top + body.Height + 20 + (i * 14)), new XAttribute("font-size", 11), new XAttribute("fill", Muted), notes[i]));
        }

        return svg.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>"Source: Qadam Trans Initiative, 2024. N = 94 cases." and, when it applies, how counts are protected.</summary>
    public static string SourceLine(StatisticsTable table, string language, string? source)
    {
        var who = table.Coalition ? Texts.Get("chart.coalition", language) : source;
        var period = TableCaptions.Period(table.Query, language).TrimEnd('.');
        var n = table.Total.Suppressed ? table.Total.Show(table.Threshold) : (table.Perturbed ? "≈" : "") + table.Total.Count.ToString(CultureInfo.InvariantCulture);
        var line = who is { Length: > 0 }
            ? Texts.Get("chart.source", language, who, period, n, Texts.Get("stats.total_" + table.Unit.ToString().ToLowerInvariant(), language).ToLower(Culture(language)))
            : Texts.Get("chart.n", language, period, n, Texts.Get("stats.total_" + table.Unit.ToString().ToLowerInvariant(), language).ToLower(Culture(language)));
        if (table.Perturbed)
        {
            line += " " + Texts.Get("chart.perturbed", language);
        }

        if (HasHidden(table))
        {
            line += " " + Texts.Get("chart.hidden", language, table.Threshold.ToString(CultureInfo.InvariantCulture));
        }

        return line;
    }

    private static bool HasHidden(StatisticsTable table) =>
        table.RowTotals.Any(c => c.Suppressed) || table.Cells.Any(r => r.Any(c => c.Suppressed));

    private static CultureInfo Culture(string language) => CultureInfo.GetCultureInfo(language is "ru" or "kk" ? language : "en");

    private sealed record Drawing(List<XElement> Elements, int Height);

    /// <summary>A diagonal hatch for hidden parts: visible in greyscale print and to colour-blind readers.</summary>
    private static XElement Hatch() => new(Svg + "defs",
        new XElement(Svg + "pattern", new XAttribute("id", "hidden"), new XAttribute("width", 6), new XAttribute("height", 6),
            new XAttribute("patternUnits", "userSpaceOnUse"), new XAttribute("patternTransform", "rotate(45)"),
            new XElement(Svg + "rect", new XAttribute("width", 6), new XAttribute("height", 6), new XAttribute("fill", "#ffffff")),
            new XElement(Svg + "line", new XAttribute("x1", 0), new XAttribute("y1", 0), new XAttribute("x2", 0), new XAttribute("y2", 6), new XAttribute("stroke", "#5b5b66"), new XAttribute("stroke-width", 3))));

    private static XElement Text(double x, double y, string text, string anchor = "start", string fill = Ink, int? size = null)
    {
        var element = new XElement(Svg + "text", new XAttribute("x", N(x)), new XAttribute("y", N(y)), new XAttribute("text-anchor", anchor), new XAttribute("fill", fill), text);
        if (size is { } s)
        {
            element.Add(new XAttribute("font-size", s));
        }

        return element;
    }

    private static XElement Rect(double x, double y, double w, double h, string fill, string? title = null)
    {
        var rect = new XElement(Svg + "rect", new XAttribute("x", N(x)), new XAttribute("y", N(y)), new XAttribute("width", N(w)), new XAttribute("height", N(h)), new XAttribute("fill", fill));
        if (fill.StartsWith("url(", StringComparison.Ordinal))
        {
            rect.Add(new XAttribute("stroke", "#5b5b66"), new XAttribute("stroke-width", 0.5));
        }

        if (title is not null)
        {
            rect.Add(new XElement(Svg + "title", title));
        }

        return rect;
    }

    private static string N(double v) => Math.Round(v, 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Series of a stacked chart: the columns, the smallest grouped as "other" beyond the palette.</summary>
    private sealed record Series(string Label, string Colour, int[] Columns);

    private static List<Series> StackSeries(StatisticsTable table, string language, IReadOnlyList<Organisation>? organisations)
    {
        var order = Enumerable.Range(0, table.ColumnValues.Count).ToList();
        if (order.Count <= Palette.Length)
        {
            return order.Select(c => new Series(StatisticsLabels.Value(table.Columns!, table.ColumnValues[c], language, organisations), Palette[c], [c])).ToList();
        }

        var ranked = order.OrderByDescending(c => table.ColumnTotals[c].Suppressed ? 0 : table.ColumnTotals[c].Count).ToList();
        var kept = ranked.Take(Palette.Length - 1).Order().ToList();
        var series = kept.Select((c, i) => new Series(StatisticsLabels.Value(table.Columns!, table.ColumnValues[c], language, organisations), Palette[i], [c])).ToList();
        series.Add(new Series(Texts.Get("chart.other", language), OtherColour, ranked.Skip(Palette.Length - 1).ToArray()));
        return series;
    }

    private static Drawing Bars(StatisticsTable table, string language, IReadOnlyList<Organisation>? organisations)
    {
        var k = table.Threshold;
        var stacked = table.Columns is not null;
        var series = stacked ? StackSeries(table, language, organisations) : [];
        var elements = new List<XElement>();

        // Each row: its shown parts, and the hidden rest (published total minus shown parts) so no count disappears.
        var rows = Enumerable.Range(0, table.RowValues.Count).Select(r =>
        {
            var parts = stacked
                ? series.Select(s => (Series: s, Count: s.Columns.Sum(c => table.Cells[r][c].Suppressed ? 0 : table.Cells[r][c].Count),
                    Hidden: s.Columns.Any(c => table.Cells[r][c].Suppressed))).ToList()
                : [];
            var total = table.RowTotals[r];
            var shown = stacked ? parts.Sum(p => p.Count) : (total.Suppressed ? 0 : total.Count);
            var hidden = total.Suppressed ? 0 : Math.Max(0, total.Count - shown);
            var anyHidden = total.Suppressed || parts.Any(p => p.Hidden);
            return (Parts: parts, Total: total, Shown: shown, Remainder: hidden, AnyHidden: anyHidden);
        }).ToList();
        var max = Math.Max(1, rows.Select(r => Math.Max(r.Shown + r.Remainder, r.Total.Suppressed ? 0 : r.Total.Count)).DefaultIfEmpty(0).Max());
        var (step, top) = Ticks(max);
        var scale = BarArea / (double)top;
        var stub = Math.Max(6, BarArea * (k - 1) / (double)top / 2);

        var y = 4.0;
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            // About 8 px a character at 13 px (Cyrillic is wider than Latin): 28 characters fill the 250 px label column.
            var label = Wrap(StatisticsLabels.Value(table.Rows, table.RowValues[r], language, organisations), 28);
            var rowHeight = Math.Max(26, (label.Count * Line) + 10);
            for (var l = 0; l < label.Count; l++)
            {
                elements.Add(Text(LabelWidth - 8, y + 17 + (l * Line) + ((rowHeight - 26 - ((label.Count - 1) * Line)) / 2.0), label[l], "end"));
            }

            var barY = y + ((rowHeight - 18) / 2.0);
            var x = (double)LabelWidth;
            foreach (var part in row.Parts.Where(p => p.Count > 0))
            {
                var w = part.Count * scale;
                elements.Add(Rect(x, barY, w, 18, part.Series.Colour, $"{part.Series.Label}: {part.Count.ToString(CultureInfo.InvariantCulture)}"));
                x += w;
            }

            if (!stacked && row.Shown > 0)
            {
                var w = row.Shown * scale;
                elements.Add(Rect(x, barY, w, 18, Palette[0]));
                x += w;
            }

            if (row.Remainder > 0)
            {
                var w = row.Remainder * scale;
                elements.Add(Rect(x, barY, w, 18, "url(#hidden)", Texts.Get("chart.hidden_part", language)));
                x += w;
            }
            else if (row.Total.Suppressed)
            {
                // The true count is 1 to k−1 (or, for np, unknown here): a short hatched stub says "there is something".
                elements.Add(Rect(x, barY, stub, 18, "url(#hidden)", Texts.Get("chart.hidden_part", language)));
                x += stub;
            }

            var value = (table.Perturbed && !row.Total.Suppressed ? "≈" : "") + row.Total.Show(k);
            elements.Add(Text(x + 6, barY + 14, value));
            y += rowHeight;
        }

        // The axis: ticks at round numbers, light grid lines behind the bars.
        var axisY = y + 4;
        elements.Insert(0, new XElement(Svg + "line", new XAttribute("x1", LabelWidth), new XAttribute("y1", N(axisY)), new XAttribute("x2", LabelWidth + BarArea), new XAttribute("y2", N(axisY)), new XAttribute("stroke", "#7a7a85")));
        for (var t = 0; t <= top; t += step)
        {
            var tx = LabelWidth + (t * scale);
            elements.Insert(0, new XElement(Svg + "line", new XAttribute("x1", N(tx)), new XAttribute("y1", 0), new XAttribute("x2", N(tx)), new XAttribute("y2", N(axisY + 4)), new XAttribute("stroke", t == 0 ? "#7a7a85" : "#d6d6dc")));
            elements.Add(Text(tx, axisY + 18, t.ToString(CultureInfo.InvariantCulture), "middle", Muted, 11));
        }

        elements.Add(Text(LabelWidth + (BarArea / 2.0), axisY + 34, Texts.Get("stats.total_" + table.Unit.ToString().ToLowerInvariant(), language), "middle", Muted, 11));
        y = axisY + 44;

        if (stacked)
        {
            // Two legend columns; long labels wrap.
            var legendY = y + 6;
            for (var i = 0; i < series.Count; i += 2)
            {
                var lines = 1;
                for (var j = i; j < Math.Min(i + 2, series.Count); j++)
                {
                    var lx = 10 + ((j - i) * 370);
                    var wrapped = Wrap(series[j].Label, 46);
                    elements.Add(Rect(lx, legendY, 14, 14, series[j].Colour));
                    for (var l = 0; l < wrapped.Count; l++)
                    {
                        elements.Add(Text(lx + 20, legendY + 12 + (l * Line), wrapped[l]));
                    }

                    lines = Math.Max(lines, wrapped.Count);
                }

                legendY += (lines * Line) + 8;
            }

            if (rows.Any(r => r.AnyHidden || r.Remainder > 0))
            {
                elements.Add(Rect(10, legendY, 14, 14, "url(#hidden)"));
                elements.Add(Text(30, legendY + 12, Texts.Get("chart.hidden_part", language)));
                legendY += Line + 8;
            }

            y = legendY;
        }

        return new Drawing(elements, (int)Math.Ceiling(y));
    }

    private static Drawing LineChart(StatisticsTable table, string language)
    {
        const int height = 260;
        const int left = 60;
        const int bottom = 40;
        var elements = new List<XElement>();
        var points = table.RowValues.Select((v, i) => (Label: v, Cell: table.RowTotals[i])).Where(p => p.Label.Length > 0).ToList();
        var max = Math.Max(1, points.Where(p => !p.Cell.Suppressed).Select(p => p.Cell.Count).DefaultIfEmpty(0).Max());
        var (step, top) = Ticks(max);
        double X(int i) => left + ((Width - left - 40) * (points.Count == 1 ? 0.5 : i / (double)(points.Count - 1)));
        double Y(int n) => height - bottom - ((height - bottom - 10) * n / (double)top);

        for (var t = 0; t <= top; t += step)
        {
            elements.Add(new XElement(Svg + "line", new XAttribute("x1", left - 4), new XAttribute("y1", N(Y(t))), new XAttribute("x2", Width - 30), new XAttribute("y2", N(Y(t))), new XAttribute("stroke", t == 0 ? "#7a7a85" : "#d6d6dc")));
            elements.Add(Text(left - 8, Y(t) + 4, t.ToString(CultureInfo.InvariantCulture), "end", Muted, 11));
        }

        elements.Add(Text(14, (height - bottom) / 2.0, Texts.Get("stats.total_" + table.Unit.ToString().ToLowerInvariant(), language), "middle", Muted, 11));

        // Only visible points are joined; a hidden count breaks the line and is marked where it would be, never guessed.
        var segment = new List<string>();
        void Flush()
        {
            if (segment.Count > 1)
            {
                elements.Add(new XElement(Svg + "polyline", new XAttribute("points", string.Join(' ', segment)), new XAttribute("fill", "none"), new XAttribute("stroke", Palette[0]), new XAttribute("stroke-width", 2)));
            }

            segment.Clear();
        }

        for (var i = 0; i < points.Count; i++)
        {
            var (label, cell) = points[i];
            elements.Add(new XElement(Svg + "line", new XAttribute("x1", N(X(i))), new XAttribute("y1", height - bottom), new XAttribute("x2", N(X(i))), new XAttribute("y2", height - bottom + 5), new XAttribute("stroke", "#7a7a85")));
            elements.Add(Text(X(i), height - bottom + 18, label, "middle"));
            if (cell.Suppressed)
            {
                Flush();
                elements.Add(Rect(X(i) - 5, Y(0) - 10, 10, 10, "url(#hidden)", Texts.Get("chart.hidden_part", language)));
                elements.Add(Text(X(i), Y(0) - 14, cell.Show(table.Threshold), "middle", Muted));
                continue;
            }

            segment.Add($"{N(X(i))},{N(Y(cell.Count))}");
            elements.Add(new XElement(Svg + "circle", new XAttribute("cx", N(X(i))), new XAttribute("cy", N(Y(cell.Count))), new XAttribute("r", 4), new XAttribute("fill", Palette[0])));
            elements.Add(Text(X(i), Y(cell.Count) - 8, (table.Perturbed ? "≈" : "") + cell.Count.ToString(CultureInfo.InvariantCulture), "middle"));
        }

        Flush();
        return new Drawing(elements, height);
    }

    private static readonly int[] RoundSteps = [1, 2, 5, 10];

    /// <summary>A round tick step (1, 2, 5 × 10ⁿ) giving about five ticks, and the axis end (a multiple of it at or above max).</summary>
    internal static (int Step, int Top) Ticks(int max)
    {
        var rough = Math.Max(1, max / 5.0);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = (int)Math.Max(1, RoundSteps.Select(m => m * magnitude).First(s => s >= rough));
        var top = (int)Math.Ceiling(max / (double)step) * step;
        return (step, Math.Max(step, top));
    }

    /// <summary>Words onto lines of at most <paramref name="width"/> characters; a longer word keeps its own line, whole.</summary>
    internal static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.Length > 0 && current.Length + 1 + word.Length > width)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = current.Length == 0 ? word : current + " " + word;
            }
        }

        if (current.Length > 0 || lines.Count == 0)
        {
            lines.Add(current);
        }

        return lines;
    }
}
