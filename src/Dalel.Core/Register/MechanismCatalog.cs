using System.Text.Json;

namespace Dalel.Core.Register;

/// <summary>A default section of a submission to a mechanism: the Human Rights Committee's are the ICCPR article groups.</summary>
public sealed record OutlineSection(IReadOnlyDictionary<string, string> Titles, string Articles);

/// <summary>
/// A body a coalition reports to, and its length rules. The UPR's word limits (2,815 one organisation, 5,630 joint)
/// replace the 2008 page limits in later guidelines; check the session's information note before relying on them.
/// </summary>
public sealed record Mechanism
{
    public required string Code { get; init; }

    public string Treaty { get; init; } = "";

    /// <summary>The body as UHRI names it in its "Recommending Body" column.</summary>
    public required string Body { get; init; }

    public required IReadOnlyDictionary<string, string> Names { get; init; }

    /// <summary>
    /// Languages the body accepts submissions in (ISO 639-1). Treaty bodies and the UPR work in English, French and
    /// Spanish; a document in another language is refused or waits for translation.
    /// </summary>
    public IReadOnlyList<string> Languages { get; init; } = ["en", "fr", "es"];

    public int? WordLimit { get; init; }

    /// <summary>A higher limit when organisations submit jointly (UPR).</summary>
    public int? JointWordLimit { get; init; }

    public int? PageLimit { get; init; }

    public int? JointPageLimit { get; init; }

    public IReadOnlyList<OutlineSection> Outline { get; init; } = [];

    public string Name(string language) => Names.TryGetValue(language, out var name) ? name : Names["en"];

    public int? LimitFor(int submitters) => submitters > 1 && JointWordLimit is { } joint ? joint : WordLimit;
}

public sealed class MechanismCatalog
{
    private readonly IReadOnlyList<Mechanism> _all;

    private MechanismCatalog(IReadOnlyList<Mechanism> all) => _all = all;

    public static MechanismCatalog Default { get; } = Load();

    public IReadOnlyList<Mechanism> All => _all;

    public Mechanism? Find(string? code) => _all.FirstOrDefault(m => string.Equals(m.Code, code, StringComparison.Ordinal));

    /// <summary>The mechanism UHRI means by a "Recommending Body" value, matched on the body's name or the code.</summary>
    public Mechanism? ForBody(string body) =>
        _all.FirstOrDefault(m => body.Contains(m.Body, StringComparison.OrdinalIgnoreCase) || string.Equals(body.Trim(), m.Code, StringComparison.OrdinalIgnoreCase)
            || (m.Treaty.Length > 0 && string.Equals(body.Trim(), m.Treaty, StringComparison.OrdinalIgnoreCase)));

    private static MechanismCatalog Load()
    {
        using var stream = typeof(MechanismCatalog).Assembly.GetManifestResourceStream("mechanisms/mechanisms.json")!;
        return new MechanismCatalog(JsonSerializer.Deserialize<List<Mechanism>>(stream, Json.Files)!);
    }
}
