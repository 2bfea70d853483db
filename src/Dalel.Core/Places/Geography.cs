using System.Text.Json.Serialization;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Places;

public sealed record Country
{
    /// <summary>ISO 3166-1 alpha-2, as cases, register entries and submissions store it.</summary>
    [JsonPropertyName("country")]
    public required string Code { get; init; }

    /// <summary>ISO 3166-1 alpha-3, as UN document symbols use it (CCPR/C/KGZ/CO/3).</summary>
    public required string Alpha3 { get; init; }

    /// <summary>The State's language (ISO 639-1), in which <see cref="Region.Local"/> names are written.</summary>
    public string? Language { get; init; }

    public required Labels Labels { get; init; }

    /// <summary>"in Kazakhstan", "в Казахстане", "Қазақстанда": the name as running text needs it.</summary>
    public required Labels Locative { get; init; }

    public required string Version { get; init; }

    public IReadOnlyList<Region> Regions { get; init; } = [];
}

public sealed record Region
{
    /// <summary>Dalel's stable code (stored in cases); unique across all shipped countries.</summary>
    public required string Code { get; init; }

    /// <summary>ISO 3166-2 subdivision code, printed in exports.</summary>
    public required string Iso { get; init; }

    public required Labels Labels { get; init; }

    /// <summary>The name in the State's language when it is not one of Dalel's interface languages.</summary>
    public string? Local { get; init; }

    /// <summary>"region", "republic", or "city" for a city of republican significance.</summary>
    public required string Kind { get; init; }

    public IReadOnlyList<Settlement> Settlements { get; init; } = [];
}

public sealed record Settlement
{
    public required string Code { get; init; }

    public required Labels Labels { get; init; }
}

/// <summary>
/// The shipped geography: one data file per country in Places/Data; adding a country is adding a file
/// (docs/countries.md). Region codes are unique across countries, so a region alone names its State.
/// </summary>
public sealed class Geography(IReadOnlyList<Country> countries)
{
    public IReadOnlyList<Country> Countries { get; } = countries.OrderBy(c => c.Labels.En, StringComparer.Ordinal).ToList();

    public Country? FindCountry(string? code) =>
        Countries.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>A country by alpha-2 or alpha-3 code or by its name in any interface language ("Kyrgyzstan", "Кыргызстан").</summary>
    public Country? Recognise(string? value)
    {
        var text = value?.Trim() ?? "";
        return text.Length == 0 ? null : Countries.FirstOrDefault(c =>
            string.Equals(c.Code, text, StringComparison.OrdinalIgnoreCase) || string.Equals(c.Alpha3, text, StringComparison.OrdinalIgnoreCase)
            || c.Labels.All().Any(l => string.Equals(l, text, StringComparison.OrdinalIgnoreCase))
            || (text.StartsWith(c.Labels.En, StringComparison.OrdinalIgnoreCase) && text.Length > c.Labels.En.Length && !char.IsLetter(text[c.Labels.En.Length])));
    }

    /// <summary>The State a UN document is about, from the alpha-3 part of its symbol: CCPR/C/KGZ/CO/3 → KG.</summary>
    public Country? FromSymbol(string? symbol) =>
        (symbol ?? "").Split('/').Select(part => Countries.FirstOrDefault(c => c.Alpha3 == part)).FirstOrDefault(c => c is not null);

    public Region? FindRegion(string? country, string? region) =>
        FindCountry(country)?.Regions.FirstOrDefault(r => r.Code == region);

    /// <summary>A region of any country, by its Dalel code.</summary>
    public Region? FindRegion(string? region) =>
        Countries.SelectMany(c => c.Regions).FirstOrDefault(r => r.Code == region);

    /// <summary>The country a region belongs to.</summary>
    public Country? CountryOfRegion(string? region) =>
        Countries.FirstOrDefault(c => c.Regions.Any(r => r.Code == region));

    public Settlement? FindSettlement(string? country, string? region, string? settlement) =>
        FindRegion(country, region)?.Settlements.FirstOrDefault(s => s.Code == settlement);
}
