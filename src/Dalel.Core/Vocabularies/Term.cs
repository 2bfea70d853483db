using System.Text.Json.Serialization;

namespace Dalel.Core.Vocabularies;

/// <summary>A term of a controlled vocabulary: a stable code, labels in every UI language, mappings to standards.</summary>
public sealed record Term
{
    public required string Code { get; init; }

    public required Labels Labels { get; init; }

    /// <summary>HURIDOCS micro-thesaurus references as "MTnn:code".</summary>
    public IReadOnlyList<string> Huridocs { get; init; } = [];

    /// <summary>ICCPR article numbers.</summary>
    public IReadOnlyList<string> Iccpr { get; init; } = [];

    public string? Group { get; init; }

    /// <summary>For perpetrator types: an agent of the State.</summary>
    public bool State { get; init; }

    public string Label(string language) => Labels.For(language);
}

public sealed record Labels
{
    [JsonPropertyName("en")] public required string En { get; init; }

    [JsonPropertyName("ru")] public required string Ru { get; init; }

    [JsonPropertyName("kk")] public required string Kk { get; init; }

    public string For(string language) => language switch
    {
        "ru" => Ru,
        "kk" => Kk,
        _ => En,
    };

    public IEnumerable<string> All() => [En, Ru, Kk];
}
