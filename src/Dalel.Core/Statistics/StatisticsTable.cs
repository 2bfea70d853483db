namespace Dalel.Core.Statistics;

/// <param name="Suppressed">Hidden by disclosure control: shown as "&lt;k", never as a number.</param>
public readonly record struct Cell(int Count, bool Suppressed)
{
    public string Show(int threshold) => Suppressed ? $"<{threshold}" : Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Counts of one unit over one or two dimensions. Value "" is "not recorded". Row and column totals count distinct
/// units, so with multi-valued dimensions (several violations in one case) cells can add up to more than the total.
/// </summary>
public sealed record StatisticsTable
{
    public required Unit Unit { get; init; }

    public required string Rows { get; init; }

    public string? Columns { get; init; }

    public required IReadOnlyList<string> RowValues { get; init; }

    /// <summary>One empty value for a table of one dimension.</summary>
    public required IReadOnlyList<string> ColumnValues { get; init; }

    public required Cell[][] Cells { get; init; }

    public required Cell[] RowTotals { get; init; }

    public required Cell[] ColumnTotals { get; init; }

    public required Cell Total { get; init; }

    /// <summary>Disclosure control was applied (coalition scope, or marked for publication).</summary>
    public bool Protected { get; init; }

    public int Threshold { get; init; }

    /// <summary>Set when the whole table is withheld; a text key saying why.</summary>
    public string? WithheldBecause { get; init; }

    public StatisticsQuery Query { get; init; } = null!;

    /// <summary>Share of a row's units in all units, in percent; null if either is hidden.</summary>
    public double? ShareOfTotal(int row) =>
        RowTotals[row].Suppressed || Total.Suppressed || Total.Count == 0 ? null : 100.0 * RowTotals[row].Count / Total.Count;

    /// <summary>Share of a row in the total (one dimension) or of a cell in its row (two), in percent; null if hidden.</summary>
    public double? Percent(int row, int column = 0)
    {
        var part = Columns is null ? RowTotals[row] : Cells[row][column];
        var whole = Columns is null ? Total : RowTotals[row];
        return part.Suppressed || whole.Suppressed || whole.Count == 0 ? null : 100.0 * part.Count / whole.Count;
    }
}
