using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dalel.Core.Linkage;

/// <summary>
/// One organisation's encodings for a linkage run. It holds no plaintext and no case id: each record has a
/// pseudonym made for this run only (the organisation keeps the map back, sealed), its incident year in clear (the
/// blocking key and the salt), and its field-level encoding (four 512-bit keyed Bloom filters: when, year of birth, initials, what and where). Version 3
/// (2026-12-01): initials as letters in no order, every victim, age bands, year-only and range dates.
/// </summary>
public sealed record EncodingFile
{
    public const string FormatName = "dalel-linkage-encodings/3";

    public string Format { get; init; } = FormatName;

    /// <summary>The organisation whose list this is (its id on the coalition's instance).</summary>
    public required Guid List { get; init; }

    public required Guid Run { get; init; }

    public required IReadOnlyList<EncodedRecord> Records { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, LinkageJson.Options);

    public static Result<EncodingFile> Parse(string json, string name) => LinkageJson.Read<EncodingFile>(json, FormatName, name);
}

public sealed record EncodedRecord(
    [property: JsonPropertyName("p")] Guid Pseudonym,
    [property: JsonPropertyName("y")] int Year,
    [property: JsonPropertyName("b")] string Bits);

/// <summary>What the linkage found: groups of records, at most one per list, that probably tell the same incident.</summary>
public sealed record LinkageResult
{
    public const string FormatName = "dalel-linkage-result/2";

    public string Format { get; init; } = FormatName;

    public required double Threshold { get; init; }

    public required IReadOnlyList<LinkedList> Lists { get; init; }

    /// <summary>Not required when read: sealed documents leave empty lists out, and a result may link nothing.</summary>
    public IReadOnlyList<Cluster> Clusters { get; init; } = [];

    /// <summary>What the linkage learned and did: absent from results of other tools.</summary>
    public LinkageModel? Model { get; init; }

    /// <summary>
    /// Every pair the model gives at least <see cref="MatchEncodings.MinimumThreshold"/>, linked or not, with its
    /// probability: what the estimate needs to carry linkage error into its interval.
    /// </summary>
    public IReadOnlyList<LinkedPair> Pairs { get; init; } = [];

    /// <summary>Set when the result is imported into an instance.</summary>
    public DateTimeOffset? ImportedAt { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, LinkageJson.Options);
}

public sealed record LinkedList(Guid List, Guid Run, int Records);

/// <param name="Comparisons">Pairs of records compared (different lists, same incident year).</param>
/// <param name="MatchShare">The share of compared pairs the model takes for matches.</param>
/// <param name="ExpectedMatches">How many compared pairs the model expects to be matches (the sum of their probabilities).</param>
/// <param name="Seconds">Time spent comparing and fitting, for the rate printed by <c>dalel linkage match</c>.</param>
public sealed record LinkageModel(long Comparisons, double MatchShare, double ExpectedMatches, int Iterations, double Seconds, bool Vectorised)
{
    /// <summary>The same per pair of lists (absent from results made before 2026-12-01).</summary>
    public IReadOnlyList<ListPairMatches> ByListPair { get; init; } = [];

    /// <summary>Null when every pair within an incident year was compared (the default).</summary>
    public LinkageBlocking? Blocking { get; init; }

    /// <summary>The pairs at the cut as the model sees them (absent from results made before 2026-12-01).</summary>
    public LinkageQuality? AtCut { get; init; }
}

/// <param name="Precision">The share of the linked pairs the model expects to be matches.</param>
/// <param name="Recall">The share of all the matches the model expects that the linked pairs hold.</param>
public sealed record LinkageQuality(double Precision, double Recall);

/// <param name="Method">How pairs were chosen for comparison (<see cref="MatchEncodings.BlockingMethod"/>).</param>
/// <param name="Compared">Pairs actually compared, the sample of the rest included.</param>
/// <param name="SampleEvery">One pair in this many of those left out was compared, and stands for that many.</param>
/// <param name="ExpectedMatchesLeftOut">Matches the model expects among the pairs blocking left out, from the sample.</param>
public sealed record LinkageBlocking(string Method, long Compared, int SampleEvery, double ExpectedMatchesLeftOut);

/// <summary>How many pairs of two lists (by their place in the result's lists) there are within incident years, and how many of them the model expects to be matches (with blocking, those it left out included, from its sample).</summary>
public sealed record ListPairMatches(int First, int Second, long Comparisons, double ExpectedMatches)
{
    /// <summary>The expected matches again, from the model learned on resampled comparisons: how uncertain the figure is.</summary>
    public IReadOnlyList<double> Replicates { get; init; } = [];
}

public sealed record ClusterMember(Guid List, Guid Pseudonym);

public sealed record LinkedPair(ClusterMember A, ClusterMember B, double Probability);

/// <param name="Similarity">The mean probability, over the group's linked pairs, that the pair is the same incident.</param>
public sealed record Cluster(IReadOnlyList<ClusterMember> Members, double Similarity);

internal static class LinkageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>A file of the expected format, or the reason it is not one (never an exception for bad input).</summary>
    public static Result<T> Read<T>(string text, string format, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (!document.RootElement.TryGetProperty("format", out var f) || f.GetString() != format)
            {
                // The same kind from another version of Dalel: encodings of two versions do not compare, so say what to do.
                return f.ValueKind == JsonValueKind.String && f.GetString() is { } other && other.Contains('/', StringComparison.Ordinal)
                    && other[..other.IndexOf('/', StringComparison.Ordinal)] == format[..format.IndexOf('/', StringComparison.Ordinal)]
                    ? Invalid.One("file", "error.linkage_version", name, other, format)
                    : Invalid.One("file", "error.linkage_format", name, format);
            }

            return document.RootElement.Deserialize<T>(Options) is { } value ? value : Invalid.One("file", "error.linkage_format", name, format);
        }
        catch (JsonException)
        {
            return Invalid.One("file", "error.linkage_format", name, format);
        }
    }
}
