using System.Globalization;
using Dalel.Core.Members;
using Dalel.Core.Statistics;

namespace Dalel.Core.Tests.Statistics;

/// <summary>
/// An analyst of one coalition member with nothing but published tables: asks for every table below, then works out
/// what it can from all of them together (<see cref="DisclosureAudit"/>: interval reasoning over totals, complementary
/// filters, shifted date ranges, other dimensions, and counts of cases bounded by counts of victims).
/// </summary>
internal sealed class HostileAnalyst(DalelInstance instance, OrgScope reader, StatisticsScope scope, Release release)
{
    private readonly FigureSet _set = new();
    private readonly Dictionary<string, int> _figureAt = new(StringComparer.Ordinal);

    public List<StatisticsTable> Tables { get; } = [];

    /// <summary>Tables a determined analyst would ask for: every unit, complements, shifts, and several dimensions.</summary>
    public void AskEverything(int fromYear, int toYear)
    {
        Dictionary<string, string> None() => [];
        foreach (var unit in new[] { Unit.Cases, Unit.Victims, Unit.Acts })
        {
            Ask("region×year", new StatisticsQuery { Rows = "region", Columns = "year", Unit = unit });
            Ask("region×year reported=yes", new StatisticsQuery { Rows = "region", Columns = "year", Unit = unit, Filters = new Dictionary<string, string> { ["reported"] = "yes" } });
            Ask("region×year reported=no", new StatisticsQuery { Rows = "region", Columns = "year", Unit = unit, Filters = new Dictionary<string, string> { ["reported"] = "no" } });
            Ask("region×reported", new StatisticsQuery { Rows = "region", Columns = "reported", Unit = unit, Filters = None() });
        }

        foreach (var (rows, columns) in new[] { ("perpetrator", "year"), ("violation", "year"), ("gender-identity", "region"), ("age-band", "region"), ("month", "region"), ("trans-status", "year") })
        {
            Ask($"{rows}×{columns}", new StatisticsQuery { Rows = rows, Columns = columns });
        }

        // One region against the rest, year by year: the rest is the total minus the region.
        foreach (var year in Enumerable.Range(fromYear, toYear - fromYear + 1).Select(y => y.ToString(CultureInfo.InvariantCulture)))
        {
            Ask($"region year={year}", new StatisticsQuery { Rows = "region", Filters = new Dictionary<string, string> { ["year"] = year } });
            Ask($"reported year={year}", new StatisticsQuery { Rows = "reported", Filters = new Dictionary<string, string> { ["year"] = year } });
        }

        // Ranges shifted by a month, a week and a day, from the start and from the end.
        var first = new DateOnly(fromYear, 1, 1);
        var last = new DateOnly(toYear, 12, 31);
        for (var month = first; month <= last; month = month.AddMonths(1))
        {
            Ask($"region from {month:yyyy-MM-dd}", new StatisticsQuery { Rows = "region", From = month, To = last });
            Ask($"region to {month.AddMonths(1).AddDays(-1):yyyy-MM-dd}", new StatisticsQuery { Rows = "region", From = first, To = month.AddMonths(1).AddDays(-1) });
            Ask($"region from {month.AddDays(7):yyyy-MM-dd}", new StatisticsQuery { Rows = "region", From = month.AddDays(7), To = last });
            Ask($"region from {month.AddDays(1):yyyy-MM-dd}", new StatisticsQuery { Rows = "region", From = month.AddDays(1), To = last });
        }
    }

    public StatisticsTable Ask(string label, StatisticsQuery query)
    {
        var table = new ComputeStatistics(instance).Run(reader, scope, query with { Release = release }).Value;
        Tables.Add(table);
        var first = new ComputeStatistics(instance).Figures(reader, scope, table, _set, label).Value;
        for (var i = first; i < _set.Figures.Count; i++)
        {
            _figureAt[$"{query.Unit}|{_set.Figures[i].Label}"] = i;
            // Every counted case has a victim, so a cell's cases are never more than its victims.
            if (query.Unit == Unit.Victims && _figureAt.TryGetValue($"{Unit.Cases}|{_set.Figures[i].Label}", out var cases))
            {
                _set.AtMost(cases, i);
            }
        }

        return table;
    }

    public AuditResult Attack() => _set.Audit(ComputeStatistics.DefaultThreshold);

    public int FigureCount => _set.Figures.Count;
}
