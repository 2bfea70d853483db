namespace Dalel.Core.Statistics;

/// <summary>Where counts come from: one organisation's cases, or the coalition's shared ones.</summary>
public abstract record StatisticsScope
{
    public sealed record Organisation(Guid Id) : StatisticsScope;

    public sealed record Coalition : StatisticsScope;
}

public sealed record StatisticsQuery
{
    public required string Rows { get; init; }

    public string? Columns { get; init; }

    public Unit Unit { get; init; } = Unit.Cases;

    /// <summary>Dimension key → value the unit must have. Several filters all apply.</summary>
    public IReadOnlyDictionary<string, string> Filters { get; init; } = new Dictionary<string, string>();

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    /// <summary>
    /// Who the table is for. Coalition tables are always at least <see cref="Release.Published"/>; an organisation's
    /// table is internal unless marked for publication or for a document.
    /// </summary>
    public Release Release { get; init; }
}
