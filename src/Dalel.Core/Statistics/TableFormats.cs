using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Dalel.Core.Organisations;
using MiniExcelLibs;

namespace Dalel.Core.Statistics;

/// <summary>
/// A table as plain text, CSV, XLSX or JSON, with labels in one language. Hidden counts are written as "&lt;k" in
/// every format, never as a number, and a withheld table carries no counts at all.
/// </summary>
public static class TableFormats
{
    /// <summary>The table as rows of strings: a header, one line per value, then the totals.</summary>
    public static List<string[]> Grid(StatisticsTable table, string language, IReadOnlyList<Organisation>? organisations = null)
    {
        var k = table.Threshold;
        var twoDimensional = table.Columns is not null;
        var header = new List<string> { StatisticsLabels.Dimension(table.Rows, language) };
        if (twoDimensional)
        {
            header.AddRange(table.ColumnValues.Select(c => StatisticsLabels.Value(table.Columns!, c, language, organisations)));
        }

        header.Add(global::Dalel.Core.Text.Texts.Get("stats.total_" + table.Unit.ToString().ToLowerInvariant(), language));
        if (!twoDimensional)
        {
            header.Add("%");
        }

        var grid = new List<string[]> { header.ToArray() };
        for (var r = 0; r < table.RowValues.Count; r++)
        {
            var line = new List<string> { StatisticsLabels.Value(table.Rows, table.RowValues[r], language, organisations) };
            if (twoDimensional)
            {
                line.AddRange(table.Cells[r].Select(c => c.Show(k)));
            }

            line.Add(table.RowTotals[r].Show(k));
            if (!twoDimensional)
            {
                line.Add(table.Percent(r) is { } p ? Sentences.PercentText(p) : "");
            }

            grid.Add(line.ToArray());
        }

        var totals = new List<string> { global::Dalel.Core.Text.Texts.Get("stats.total", language) };
        if (twoDimensional)
        {
            totals.AddRange(table.ColumnTotals.Select(c => c.Show(k)));
        }

        totals.Add(table.Total.Show(k));
        if (!twoDimensional)
        {
            totals.Add("");
        }

        grid.Add(totals.ToArray());
        return grid;
    }

    public static string PlainText(StatisticsTable table, string language, IReadOnlyList<Organisation>? organisations = null)
    {
        var grid = Grid(table, language, organisations);
        var widths = Enumerable.Range(0, grid[0].Length).Select(i => grid.Max(line => line[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var line in grid)
        {
            text.AppendLine(string.Join("  ", line.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
        }

        return text.ToString();
    }

    public static void Csv(StatisticsTable table, string language, TextWriter output, IReadOnlyList<Organisation>? organisations = null)
    {
        using var csv = CsvWriter.Create(output, new CsvWriterOptions(), true);
        foreach (var line in Grid(table, language, organisations))
        {
            csv.WriteRecord(line);
        }

        csv.Flush();
    }

    public static void Xlsx(StatisticsTable table, string language, Stream output, IReadOnlyList<Organisation>? organisations = null)
    {
        var grid = Grid(table, language, organisations);
        // Counts go in as numbers so spreadsheets can sum them; hidden counts stay text ("<3").
        var rows = grid.Skip(1).Select(line => line.Select((cell, i) => (i, cell))
            .ToDictionary(x => $"C{x.i}", x => int.TryParse(x.cell, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (object)n : x.cell)).ToList();
        var sheet = new List<Dictionary<string, object>> { grid[0].Select((h, i) => (i, h)).ToDictionary(x => $"C{x.i}", x => (object)x.h) };
        sheet.AddRange(rows);
        output.SaveAs(sheet, printHeader: false, sheetName: "Dalel");
    }

    public static string Json(StatisticsTable table, string language, IReadOnlyList<Organisation>? organisations = null) =>
        JsonSerializer.Serialize(new
        {
            unit = table.Unit.ToString().ToLowerInvariant(),
            rows = table.Rows,
            columns = table.Columns,
            @protected = table.Protected,
            threshold = table.Protected ? table.Threshold : (int?)null,
            withheld = table.WithheldBecause is null ? null : global::Dalel.Core.Text.Texts.Get(table.WithheldBecause, language),
            total = Value(table.Total),
            values = table.RowValues.Select((v, r) => new
            {
                code = v,
                label = StatisticsLabels.Value(table.Rows, v, language, organisations),
                total = Value(table.RowTotals[r]),
                cells = table.Columns is null ? null : table.ColumnValues.Select((c, j) => new { code = c, count = Value(table.Cells[r][j]) }),
            }),
            sentences = Sentences.For(table, language, organisations),
        }, global::Dalel.Core.Json.Lines);

    /// <summary>A hidden count is null with "hidden": true, so no consumer can mistake it for a number.</summary>
    private static object Value(Cell cell) => cell.Suppressed ? new { count = (int?)null, hidden = true } : new { count = (int?)cell.Count, hidden = false };
}
