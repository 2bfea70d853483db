using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Statistics;

/// <summary>
/// Counts over the unsealed in-memory cases. Organisation scope: the member's own organisation, every case.
/// Coalition scope: only organisations that opted in, only cases whose every victim consented to anonymous
/// statistics, always with disclosure control; dates snap to whole months there, and a table is withheld when
/// dropping any one of its filters would change its total by fewer than k (the differencing attack).
/// </summary>
public sealed class ComputeStatistics(DalelInstance instance)
{
    public const int DefaultThreshold = 3;

    public Result<StatisticsTable> Run(OrgScope reader, StatisticsScope scope, StatisticsQuery query)
    {
        if (!reader.Can(Capability.ReadCodedFacts))
        {
            return new Forbidden();
        }

        if (scope is StatisticsScope.Organisation own && own.Id != reader.OrganisationId)
        {
            return new NotFound();
        }

        var rows = Dimension.Find(query.Rows);
        var columns = query.Columns is null ? null : Dimension.Find(query.Columns);
        var errors = new List<FieldError>();
        if (rows is null)
        {
            errors.Add(new FieldError("Rows", "error.unknown_code"));
        }

        if (query.Columns is not null && (columns is null || columns == rows))
        {
            errors.Add(new FieldError("Columns", "error.unknown_code"));
        }

        errors.AddRange(query.Filters.Keys.Where(k => Dimension.Find(k) is null).Select(k => new FieldError($"Filter.{k}", "error.unknown_code")));
        if (query.From > query.To)
        {
            errors.Add(new FieldError("To", "error.date_invalid"));
        }

        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        var open = instance.Vault.Open;
        if (open is null)
        {
            return new VaultSealed();
        }

        open.Cases.CatchUp(instance.Database, open.Keys);
        var coalition = scope is StatisticsScope.Coalition;
        if (coalition)
        {
            query = query with
            {
                From = query.From is { } f ? new DateOnly(f.Year, f.Month, 1) : null,
                To = query.To is { } t ? new DateOnly(t.Year, t.Month, DateTime.DaysInMonth(t.Year, t.Month)) : null,
            };
        }

        var (organisations, consentedOnly) = Included(scope);
        var snapshot = open.Facts.Current(open.Cases);
        Counts Tally(StatisticsQuery q) =>
            (q.Unit == Unit.Cases ? FactIndex.Count(snapshot, organisations, consentedOnly, rows!, columns, q) : null)
            ?? CountSlow(Sources(open.Cases, organisations, consentedOnly), rows!, columns, q);

        var table = Build(Tally(query), rows!, columns, query);
        var protect = coalition || query.ForPublication;
        if (!protect)
        {
            return table;
        }

        var k = DefaultThreshold;
        var protectedTable = DisclosureControl.Apply(table, k);
        if (DiffersByFewerThanK(query, table.Total.Count, k, q => Tally(q).Total))
        {
            return Withhold(protectedTable, "stats.withheld_differencing");
        }

        return protectedTable;
    }

    /// <summary>Which organisations count, and whether only cases with every victim's consent do.</summary>
    private (HashSet<Guid> Organisations, bool ConsentedOnly) Included(StatisticsScope scope) => scope is StatisticsScope.Organisation org
        ? ([org.Id], false)
        : (new ListOrganisations(instance).Run().Value.Where(o => o.SharesWithCoalition).Select(o => o.Id).ToHashSet(), true);

    private static IEnumerable<CaseRecord> Sources(CaseMemory memory, HashSet<Guid> organisations, bool consentedOnly) =>
        organisations.SelectMany(memory.In).Select(c => c.Record)
            .Where(c => !consentedOnly || (c.Victims.Count > 0 && c.Victims.All(v => v.Allows("anonymous_statistics"))));

    private static IEnumerable<StatUnit> Units(IEnumerable<CaseRecord> cases, StatisticsQuery query) =>
        cases.Where(c => c.Date.Overlaps(query.From, query.To)).SelectMany(c => query.Unit switch
        {
            Unit.Acts => c.Acts.Select(a => new StatUnit(c, a, null)),
            Unit.Victims => c.Victims.Select(v => new StatUnit(c, null, v)),
            _ => [new StatUnit(c, null, null)],
        });

    private static bool Matches(StatUnit unit, IReadOnlyDictionary<string, string> filters) =>
        filters.All(f => Dimension.Find(f.Key)!.Values(unit).Contains(f.Value));

    /// <summary>The general path: any unit, any dimension, by walking the records.</summary>
    internal static Counts CountSlow(IEnumerable<CaseRecord> cases, Dimension rows, Dimension? columns, StatisticsQuery query)
    {
        var counts = new Counts(0);
        foreach (var unit in Units(cases, query).Where(u => Matches(u, query.Filters)))
        {
            counts.Total++;
            var rowValues = ValuesOrNotRecorded(rows, unit);
            var columnValues = columns is null ? [""] : ValuesOrNotRecorded(columns, unit);
            foreach (var r in rowValues)
            {
                counts.Rows[r] = counts.Rows.GetValueOrDefault(r) + 1;
                foreach (var c in columnValues)
                {
                    counts.Cells[(r, c)] = counts.Cells.GetValueOrDefault((r, c)) + 1;
                }
            }

            foreach (var c in columnValues)
            {
                counts.Columns[c] = counts.Columns.GetValueOrDefault(c) + 1;
            }
        }

        return counts;
    }

    private static StatisticsTable Build(Counts counts, Dimension rows, Dimension? columns, StatisticsQuery query)
    {
        var rowOrder = Order(rows, counts.Rows);
        var columnOrder = columns is null ? [""] : Order(columns, counts.Columns);
        return new StatisticsTable
        {
            Unit = query.Unit,
            Rows = rows.Key,
            Columns = columns?.Key,
            RowValues = rowOrder,
            ColumnValues = columnOrder,
            Cells = rowOrder.Select(r => columnOrder.Select(c => new Cell(counts.Cells.GetValueOrDefault((r, c)), false)).ToArray()).ToArray(),
            RowTotals = rowOrder.Select(r => new Cell(counts.Rows[r], false)).ToArray(),
            ColumnTotals = columnOrder.Select(c => new Cell(counts.Columns.GetValueOrDefault(c), false)).ToArray(),
            Total = new Cell(counts.Total, false),
            Query = query,
        };
    }

    private static List<string> ValuesOrNotRecorded(Dimension dimension, StatUnit unit)
    {
        var values = dimension.Values(unit).ToList();
        return values.Count == 0 ? [""] : values;
    }

    /// <summary>Vocabulary order for coded dimensions, time order for dates, largest first otherwise; "not recorded" last.</summary>
    private static List<string> Order(Dimension dimension, Dictionary<string, int> counts)
    {
        IEnumerable<string> values = counts.Keys.Where(k => k.Length > 0);
        if (dimension.Vocabulary is { } list)
        {
            var terms = Catalog.Default[list].Terms.Select(t => t.Code).ToList();
            values = values.OrderBy(v => terms.IndexOf(v) is var i && i < 0 ? int.MaxValue : i).ThenBy(v => v, StringComparer.Ordinal);
        }
        else if (dimension.Key is "year" or "month")
        {
            values = values.Order(StringComparer.Ordinal);
        }
        else if (dimension.Key == "iccpr")
        {
            values = values.OrderBy(v => int.TryParse(v, out var n) ? n : int.MaxValue);
        }
        else
        {
            values = values.OrderByDescending(v => counts[v]).ThenBy(v => v, StringComparer.Ordinal);
        }

        return counts.ContainsKey("") ? [.. values, ""] : values.ToList();
    }

    /// <summary>
    /// The differencing attack: a published table with one filter fewer, minus this one, would count the few units the
    /// filter removed. If any single filter (or date bound) removes between 1 and k−1 units, this table is withheld.
    /// </summary>
    private static bool DiffersByFewerThanK(StatisticsQuery query, int total, int k, Func<StatisticsQuery, int> totalOf)
    {
        var wider = query.Filters.Keys
            .Select(key => query with { Filters = query.Filters.Where(f => f.Key != key).ToDictionary(f => f.Key, f => f.Value) })
            .Concat(query.From is null ? [] : [query with { From = null }])
            .Concat(query.To is null ? [] : [query with { To = null }]);
        return wider.Any(q => totalOf(q) - total is > 0 and var gap && gap < k);
    }

    private static StatisticsTable Withhold(StatisticsTable table, string reason)
    {
        static Cell Hide(Cell c) => c with { Suppressed = true };
        return table with
        {
            Cells = table.Cells.Select(r => r.Select(Hide).ToArray()).ToArray(),
            RowTotals = table.RowTotals.Select(Hide).ToArray(),
            ColumnTotals = table.ColumnTotals.Select(Hide).ToArray(),
            Total = Hide(table.Total),
            WithheldBecause = reason,
        };
    }
}
