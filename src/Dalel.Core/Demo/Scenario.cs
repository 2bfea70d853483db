namespace Dalel.Core.Demo;

/// <summary>A kind of incident from the reference submission, with its codes and its story in English and Russian.</summary>
internal sealed record Scenario
{
    public required string Key { get; init; }

    public required IReadOnlyList<string> Violations { get; init; }

    public IReadOnlyList<string> Maybe { get; init; } = [];

    /// <summary>Perpetrator type, involvement, [min, max] count.</summary>
    public IReadOnlyList<System.Text.Json.JsonElement[]> Perps { get; init; } = [];

    public IReadOnlyList<string> Consequences { get; init; } = [];

    /// <summary>Intervention type and the responses it may get.</summary>
    public IReadOnlyList<System.Text.Json.JsonElement[]> Interventions { get; init; } = [];

    /// <summary>Title and narrative templates with {city}, {n} and {amount}.</summary>
    public required IReadOnlyList<string> En { get; init; }

    public required IReadOnlyList<string> Ru { get; init; }
}
