using System.Text.Json;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.HateCrime;

public sealed record OffenceRule
{
    /// <summary>violent_attack, threat, property or other.</summary>
    public required string Type { get; init; }

    public IReadOnlyList<string> Violations { get; init; } = [];

    public IReadOnlyList<string> Consequences { get; init; } = [];
}

/// <summary>
/// Which ODIHR offence type an act is, from its violations and consequences: a police officer's beating is a violent
/// attack, a police officer's extortion under threat of outing a threat. Shipped in HateCrime/Data/odihr-offences.json;
/// an instance may replace it with odihr-offences.json in its data directory (docs/odihr.md).
/// </summary>
public sealed class OffenceMapping
{
    public static readonly IReadOnlyList<string> Types = ["violent_attack", "threat", "property", "other"];

    public const string FileName = "odihr-offences.json";

    private OffenceMapping(string version, IReadOnlyList<OffenceRule> rules)
    {
        Version = version;
        Rules = rules;
    }

    public string Version { get; }

    public IReadOnlyList<OffenceRule> Rules { get; }

    public static OffenceMapping Shipped { get; } = FromJson(Read(), "shipped");

    /// <summary>The data directory's mapping when there is one, else the shipped one. A broken file is an error naming what is wrong.</summary>
    public static Result<OffenceMapping> For(DalelInstance instance)
    {
        var path = Path.Combine(instance.Options.DataDirectory, FileName);
        if (!File.Exists(path))
        {
            return Shipped;
        }

        try
        {
            var mapping = FromJson(File.ReadAllText(path), path);
            var unknown = mapping.Rules.SelectMany(r => r.Violations.Where(v => instance.Catalog[Catalog.Violations].Find(v) is null)
                    .Concat(r.Consequences.Where(c => instance.Catalog[Catalog.Consequences].Find(c) is null)))
                .Concat(mapping.Rules.Select(r => r.Type).Where(t => !Types.Contains(t)))
                .ToList();
            return unknown.Count == 0 ? mapping : Invalid.One("odihr_mapping", "error.odihr_mapping", path, string.Join(", ", unknown.Distinct()));
        }
        catch (JsonException e)
        {
            return Invalid.One("odihr_mapping", "error.odihr_mapping", path, e.Message);
        }
    }

    /// <summary>The type of one act, or null when no rule matches (not a hate crime for ODIHR).</summary>
    public string? TypeOf(Cases.Act act) =>
        Rules.FirstOrDefault(r => (r.Violations.Count == 0 || r.Violations.Any(act.Violations.Contains))
                                  && (r.Consequences.Count == 0 || r.Consequences.Any(act.Consequences.Contains)))?.Type;

    /// <summary>Every type the case's acts have, most serious first.</summary>
    public IReadOnlyList<string> TypesOf(Cases.CaseRecord record) =>
        record.Acts.Select(TypeOf).OfType<string>().Distinct().OrderBy(t => Types.ToList().IndexOf(t)).ToList();

    private sealed record MappingFile(string Version, List<OffenceRule> Rules);

    private static OffenceMapping FromJson(string json, string origin)
    {
        var file = JsonSerializer.Deserialize<MappingFile>(json, Json.Files) ?? throw new JsonException($"{origin} is empty.");
        return new OffenceMapping(file.Version, file.Rules);
    }

    private static string Read()
    {
        using var stream = typeof(OffenceMapping).Assembly.GetManifestResourceStream("hate-crime/odihr-offences.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
