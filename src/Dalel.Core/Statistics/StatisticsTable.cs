namespace Dalel.Core.Statistics;

/// <summary>How a count is published.</summary>
public enum CellKind
{
    /// <summary>The true count (inside the organisation, or a count of k or more in its own document).</summary>
    Exact,

    /// <summary>Hidden because the true count is between 1 and k−1: shown as "&lt;k", which is then true.</summary>
    Small,

    /// <summary>Hidden to protect a small count elsewhere in its line; the true count is k or more. Shown as "np".</summary>
    Secondary,

    /// <summary>The cell key method's published value: near the true count, never 1 or 2, zero only for 0–3.</summary>
    Perturbed,
}

/// <param name="Count">The true count, or for <see cref="CellKind.Perturbed"/> the published value.</param>
public readonly record struct Cell(int Count, CellKind Kind = CellKind.Exact)
{
    /// <summary>Hidden by suppression: never shown as a number.</summary>
    public bool Suppressed => Kind is CellKind.Small or CellKind.Secondary;

    public string Show(int threshold) => Kind switch
    {
        CellKind.Small => $"<{threshold}",
        CellKind.Secondary => NotPublished,
        _ => Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The mark of a secondarily suppressed count, as statistical offices print it.</summary>
    public const string NotPublished = "np";
}

/// <summary>Who a table is for, which decides how it is protected.</summary>
public enum Release
{
    /// <summary>The organisation's own working view: every case, exact counts, marked "internal — not for publication".</summary>
    Internal,

    /// <summary>
    /// Anything that can be asked again and again from outside (coalition tables, tables marked for publication, the
    /// API): consented cases only, every count perturbed by the cell key method.
    /// </summary>
    Published,

    /// <summary>
    /// A figure in a document the organisation publishes itself: consented cases only, exact counts of k or more, smaller
    /// counts suppressed, and the document's figures checked together (<see cref="DisclosureAudit"/>). Coalition figures
    /// in a document are perturbed as <see cref="Published"/> ones are.
    /// </summary>
    Document,
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

    /// <summary>Counts were perturbed by the cell key method: totals need not equal the sum of their cells.</summary>
    public bool Perturbed { get; init; }

    /// <summary>The organisation's internal view: all cases, exact, not for publication.</summary>
    public bool Internal => !Protected;

    /// <summary>Coalition scope: figures of every member that shares.</summary>
    public bool Coalition { get; init; }

    /// <summary>
    /// Units of the organisation's own cases left out for lack of every victim's consent to anonymous statistics, exact;
    /// null for coalition tables (whose readers are not told other members' counts) and internal ones (which count all).
    /// For the editor only: never written into a download.
    /// </summary>
    public int? LeftOutForConsent { get; init; }

    public int Threshold { get; init; }

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
