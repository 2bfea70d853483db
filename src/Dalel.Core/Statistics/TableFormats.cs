using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Dalel.Core.Organisations;
using MiniExcelLibs;

namespace Dalel.Core.Statistics;

/// <summary>
/// A table as plain text, CSV, XLSX or JSON, with labels in one language. Suppressed counts are written as "&lt;k"
/// (a true count of 1 to k−1) or "np" (hidden to protect others) in every format, never as a number; JSON says which
/// counts are perturbed, and every format ends with the note a reader needs (<see cref="Note"/>).
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

    /// <summary>What a reader must be told about the numbers: internal, perturbed, or suppressed, and by which rule.</summary>
    public static string Note(StatisticsTable table, string language) =>
        global::Dalel.Core.Text.Texts.Get(table.Internal ? "stats.note_internal" : table.Perturbed ? "stats.note_perturbed" : "stats.note_suppressed", language,
            table.Threshold.ToString(CultureInfo.InvariantCulture));

    public static string PlainText(StatisticsTable table, string language, IReadOnlyList<Organisation>? organisations = null)
    {
        var grid = Grid(table, language, organisations);
        var note = Note(table, language);
        var widths = Enumerable.Range(0, grid[0].Length).Select(i => grid.Max(line => line[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var line in grid)
        {
            text.AppendLine(string.Join("  ", line.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
        }

        return text.AppendLine().AppendLine(note).ToString();
    }

    public static void Csv(StatisticsTable table, string language, TextWriter output, IReadOnlyList<Organisation>? organisations = null)
    {
        using var csv = Transfer.CsvOutput.Open(output);
        var grid = Grid(table, language, organisations);
        foreach (var line in grid)
        {
            csv.WriteRecord(line);
        }

        // The note goes in the first column of a row as wide as the table (CSV wants every row the same width).
        csv.WriteRecord([Note(table, language), .. Enumerable.Repeat("", grid[0].Length - 1)]);

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
        sheet.Add(grid[0].Select((_, i) => (i, text: i == 0 ? Note(table, language) : "")).ToDictionary(x => $"C{x.i}", x => (object)x.text));
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
            perturbed = table.Perturbed,
            @internal = table.Internal,
            note = Note(table, language),
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

    /// <summary>A hidden count is null with "hidden": true and why, so no consumer can mistake it for a number.</summary>
#pragma warning disable CA1859 // an anonymous type cannot be named as the return type
    private static object Value(Cell cell) => cell.Kind switch
    {
        CellKind.Small => new { count = (int?)null, hidden = true, why = (string?)"small" },
        CellKind.Secondary => new { count = (int?)null, hidden = true, why = (string?)"protects_others" },
        _ => new { count = (int?)cell.Count, hidden = false, why = (string?)null },
    };
#pragma warning restore CA1859
}
