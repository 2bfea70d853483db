using System.Globalization;

namespace Dalel.Core.Estimation;

/// <summary>
/// How many people (or incidents) appear on exactly each combination of lists: the table multiple systems
/// estimation works from. Counts are indexed by the capture pattern's bits (list j is bit j); index 0, "on no list",
/// is what is estimated and is always 0 here.
/// </summary>
public sealed record ListOverlaps(IReadOnlyList<string> Lists, IReadOnlyList<long> Counts, string? Stratum = null)
{
    public int ListCount => Lists.Count;

    /// <summary>Everyone documented on at least one list.</summary>
    public long Observed => Counts.Skip(1).Sum();

    /// <summary>Counts in the R array order that Rcapture, dga and LCMCR print: first list varies fastest.</summary>
    public static ListOverlaps FromCounts(IReadOnlyList<string> lists, params long[] counts) => new(lists, counts);

    public long On(params int[] lists) => Counts[lists.Aggregate(0, (pattern, list) => pattern | (1 << list))];
}

/// <summary>
/// Reads the usual aggregated form: one 0/1 column per list, a <c>count</c> column, and optionally a <c>stratum</c>
/// column (year, region…). Every row is checked; on any error nothing is returned and every bad row is named.
/// Rows repeating a pattern are added up.
/// </summary>
public static class OverlapsCsv
{
    public const int MaxLists = 6;

    /// <summary>Years, regions, and their crossings: more is a file that was not meant as strata.</summary>
    public const int MaxStrata = 200;

    /// <summary>People in one stratum: far above any coalition's case lists, far below what would overflow or stall a model.</summary>
    public const long MaxPerStratum = 1_000_000;

    // The column names in each of the interface's languages, so a file can be written in the documenter's own.
    private static readonly HashSet<string> CountHeaders = new(["count", "количество", "саны"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> StratumHeaders = new(["stratum", "страта", "стратум"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The tables in the form <see cref="Read"/> reads: one 0/1 column per list, count, and stratum when there is one.</summary>
    public static string Write(IReadOnlyList<ListOverlaps> tables)
    {
        if (tables.Count == 0)
        {
            return "";
        }

        var lists = tables[0].Lists;
        var strata = tables.Any(t => t.Stratum is not null);
        string Quote(string v) => v.Contains(',', StringComparison.Ordinal) || v.Contains('"', StringComparison.Ordinal) ? $"\"{v.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : v;
        var text = new System.Text.StringBuilder(string.Join(",", lists.Select(Quote)) + ",count" + (strata ? ",stratum" : "") + "\n");
        foreach (var table in tables)
        {
            for (var pattern = 1; pattern < table.Counts.Count; pattern++)
            {
                var bits = string.Join(",", Enumerable.Range(0, lists.Count).Select(j => (pattern >> j) & 1));
                text.Append(CultureInfo.InvariantCulture, $"{bits},{table.Counts[pattern]}{(strata ? "," + Quote(table.Stratum ?? "") : "")}\n");
            }
        }

        return text.ToString();
    }

    public static Result<IReadOnlyList<ListOverlaps>> Read(TextReader text)
    {
        var errors = new List<FieldError>();
        using var csv = Transfer.CsvInput.Open(text, errors);
        csv.ReadHeader();
        var header = csv.Headers.ToArray();
        var countColumn = Array.FindIndex(header, h => CountHeaders.Contains(h.Trim()));
        var stratumColumn = Array.FindIndex(header, h => StratumHeaders.Contains(h.Trim()));
        var listColumns = Enumerable.Range(0, header.Length).Where(i => i != countColumn && i != stratumColumn).ToArray();
        if (countColumn < 0 || listColumns.Length < 2 || listColumns.Length > MaxLists)
        {
            return new Invalid([new FieldError("file", "error.overlaps_columns", MaxLists.ToString(CultureInfo.InvariantCulture))]);
        }

        // "A,A,count" would silently be two lists of the same name.
        if (listColumns.Select(i => header[i].Trim()).GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return new Invalid([new FieldError("file", "error.overlaps_list_twice", twice.Key)]);
        }

        var tables = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var order = new List<string>();
        while (csv.Read())
        {
            var row = csv.RowNumber.ToString(CultureInfo.InvariantCulture);
            string Field(int i) => i < csv.FieldCount ? csv.GetString(i).Trim() : "";
            var pattern = 0;
            var bad = new List<string>();
            for (var j = 0; j < listColumns.Length; j++)
            {
                switch (Field(listColumns[j]))
                {
                    case "1":
                        pattern |= 1 << j;
                        break;
                    case "0":
                        break;
                    default:
                        bad.Add(header[listColumns[j]]);
                        break;
                }
            }

            if (!long.TryParse(Field(countColumn), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > MaxPerStratum)
            {
                bad.Add(header[countColumn]);
            }

            if (bad.Count == 0 && pattern == 0 && count > 0)
            {
                errors.Add(new FieldError("file", "error.overlaps_unseen_row", row));
                continue;
            }

            if (bad.Count > 0)
            {
                errors.Add(new FieldError("file", "error.overlaps_row", row, string.Join(", ", bad)));
                continue;
            }

            var stratum = stratumColumn >= 0 ? Field(stratumColumn) : "";
            if (!tables.TryGetValue(stratum, out var counts))
            {
                if (order.Count == MaxStrata)
                {
                    return new Invalid([new FieldError("file", "error.overlaps_strata", MaxStrata.ToString(CultureInfo.InvariantCulture))]);
                }

                tables[stratum] = counts = new long[1 << listColumns.Length];
                order.Add(stratum);
            }

            counts[pattern] += count;
            if (counts.Sum() > MaxPerStratum)
            {
                return new Invalid([new FieldError("file", "error.overlaps_too_many", stratum, MaxPerStratum.ToString("N0", CultureInfo.InvariantCulture))]);
            }
        }

        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        if (order.Count == 0)
        {
            return new Invalid([new FieldError("file", "error.csv_empty")]);
        }

        var lists = listColumns.Select(i => header[i]).ToList();
        return order.Select(s => new ListOverlaps(lists, tables[s], s.Length == 0 ? null : s)).ToList();
    }
}
