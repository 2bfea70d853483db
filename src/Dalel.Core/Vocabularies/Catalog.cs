using System.Reflection;
using System.Text.Json;
using Dalel.Core.Places;

namespace Dalel.Core.Vocabularies;

/// <summary>Every controlled vocabulary and the geography, loaded once from the embedded data files.</summary>
public sealed class Catalog
{
    public const string Violations = "violations";
    public const string PerpetratorTypes = "perpetrator-types";
    public const string Involvement = "involvement";
    public const string Consequences = "consequences";
    public const string SourceTypes = "source-types";
    public const string Reliability = "reliability";
    public const string InterventionTypes = "intervention-types";
    public const string Responses = "responses";
    public const string SexualOrientation = "sexual-orientation";
    public const string GenderIdentity = "gender-identity";
    public const string GenderExpression = "gender-expression";
    public const string SexCharacteristics = "sex-characteristics";
    public const string TransStatus = "trans-status";
    public const string SogiescBasis = "sogiesc-basis";
    public const string AgeBands = "age-bands";
    public const string ConsentUses = "consent-uses";
    public const string ConsentMethods = "consent-methods";
    public const string CaseStatus = "case-status";
    public const string BiasIndicators = "bias-indicators";

    private static readonly Lazy<Catalog> Shipped = new(LoadShipped);

    private readonly Dictionary<string, Vocabulary> _lists;

    private Catalog(Dictionary<string, Vocabulary> lists, Geography geography)
    {
        _lists = lists;
        Geography = geography;
    }

    public static Catalog Default => Shipped.Value;

    public Geography Geography { get; }

    public IEnumerable<Vocabulary> All => _lists.Values.OrderBy(v => v.Name, StringComparer.Ordinal);

    public Vocabulary this[string name] =>
        _lists.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"No vocabulary '{name}'.");

    private static Catalog LoadShipped()
    {
        var assembly = typeof(Catalog).Assembly;
        var lists = new Dictionary<string, Vocabulary>(StringComparer.Ordinal);
        var countries = new List<Country>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (resource.StartsWith("vocabularies/", StringComparison.Ordinal))
            {
                var file = Read<VocabularyFile>(assembly, resource);
                lists.Add(file.List, new Vocabulary(file.List, file.Version, file.Description, file.Terms));
            }
            else if (resource.StartsWith("places/", StringComparison.Ordinal))
            {
                countries.Add(Read<Country>(assembly, resource));
            }
        }

        return new Catalog(lists, new Geography(countries));
    }

    private static T Read<T>(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Missing resource {resource}");
        return JsonSerializer.Deserialize<T>(stream, Json.Files)
            ?? throw new InvalidOperationException($"Empty resource {resource}");
    }

    private sealed record VocabularyFile(string List, string Version, string Description, IReadOnlyList<Term> Terms);
}
