namespace Dalel.Core.Statistics;

/// <summary>
/// Small-cell suppression for the exact figures of an organisation's own document. Primary: every count from 1 to k−1
/// (cells and totals) is hidden as "&lt;k". Secondary: wherever a row or column with a shown total would have exactly
/// one hidden count, the smallest other non-zero count there is hidden too as "np" (or, if there is none, the total),
/// repeated until nothing changes. This protects one table; the document's figures together are checked by
/// <see cref="DisclosureAudit"/>. Zeros stay visible. See docs/statistics.md.
/// </summary>
public static class DisclosureControl
{
    public static StatisticsTable Apply(StatisticsTable table, int k)
    {
        static Cell Primary(Cell c, int k) => c.Count > 0 && c.Count < k ? c with { Kind = CellKind.Small } : c;

        var cells = table.Cells.Select(r => r.Select(c => Primary(c, k)).ToArray()).ToArray();
        var rowTotals = table.RowTotals.Select(c => Primary(c, k)).ToArray();
        var columnTotals = table.ColumnTotals.Select(c => Primary(c, k)).ToArray();
        var total = Primary(table.Total, k);
        var twoDimensional = table.Columns is not null;

        bool changed;
        do
        {
            changed = false;
            if (twoDimensional)
            {
                for (var r = 0; r < cells.Length; r++)
                {
                    changed |= Protect(cells[r].Length, i => ref cells[r][i], ref rowTotals[r]);
                }

                for (var c = 0; c < columnTotals.Length; c++)
                {
                    var column = c;
                    changed |= Protect(cells.Length, i => ref cells[i][column], ref columnTotals[c]);
                }

                changed |= Protect(columnTotals.Length, i => ref columnTotals[i], ref total);
            }

            // The row totals against the grand total: in a one-dimensional table these are the table.
            changed |= Protect(rowTotals.Length, i => ref rowTotals[i], ref total);
            if (!twoDimensional)
            {
                for (var r = 0; r < cells.Length; r++)
                {
                    cells[r][0] = rowTotals[r];
                }
            }
        }
        while (changed);

        return table with { Cells = cells, RowTotals = rowTotals, ColumnTotals = columnTotals, Total = total, Protected = true, Threshold = k };
    }

    private delegate ref Cell CellAt(int index);

    /// <summary>Ensures a line with a shown total never has exactly one hidden count. True if it hid something.</summary>
    private static bool Protect(int length, CellAt at, ref Cell lineTotal)
    {
        if (lineTotal.Suppressed)
        {
            return false;
        }

        var hidden = 0;
        var smallest = -1;
        for (var i = 0; i < length; i++)
        {
            ref var cell = ref at(i);
            if (cell.Suppressed)
            {
                hidden++;
            }
            else if (cell.Count > 0 && (smallest < 0 || cell.Count < at(smallest).Count))
            {
                smallest = i;
            }
        }

        if (hidden != 1)
        {
            return false;
        }

        if (smallest >= 0)
        {
            at(smallest) = at(smallest) with { Kind = CellKind.Secondary };
        }
        else
        {
            lineTotal = lineTotal with { Kind = CellKind.Secondary };
        }

        return true;
    }
}
