using System.Text.Json.Serialization;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Places;

public sealed record Country
{
    [JsonPropertyName("country")]
    public required string Code { get; init; }

    public required Labels Labels { get; init; }

    public required string Version { get; init; }

    public IReadOnlyList<Region> Regions { get; init; } = [];
}

public sealed record Region
{
    public required string Code { get; init; }

    public required Labels Labels { get; init; }

    /// <summary>"region", or "city" for a city of republican significance.</summary>
    public required string Kind { get; init; }

    public IReadOnlyList<Settlement> Settlements { get; init; } = [];
}

public sealed record Settlement
{
    public required string Code { get; init; }

    public required Labels Labels { get; init; }
}

/// <summary>The shipped geography: one data file per country; adding a country is adding a file.</summary>
public sealed class Geography(IReadOnlyList<Country> countries)
{
    public IReadOnlyList<Country> Countries { get; } = countries;

    public Country? FindCountry(string? code) =>
        Countries.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase));

    public Region? FindRegion(string? country, string? region) =>
        FindCountry(country)?.Regions.FirstOrDefault(r => r.Code == region);

    public Settlement? FindSettlement(string? country, string? region, string? settlement) =>
        FindRegion(country, region)?.Settlements.FirstOrDefault(s => s.Code == settlement);
}
