namespace Dalel.Core.Vocabularies;

/// <summary>One versioned list of terms, loaded from a data file shipped with Dalel.</summary>
public sealed class Vocabulary
{
    private readonly Dictionary<string, Term> _byCode;

    public Vocabulary(string name, string version, string description, IReadOnlyList<Term> terms)
    {
        Name = name;
        Version = version;
        Description = description;
        Terms = terms;
        _byCode = terms.ToDictionary(t => t.Code, StringComparer.Ordinal);
    }

    public string Name { get; }

    public string Version { get; }

    public string Description { get; }

    public IReadOnlyList<Term> Terms { get; }

    public bool Contains(string? code) => code is not null && _byCode.ContainsKey(code);

    public Term? Find(string? code) => code is not null && _byCode.TryGetValue(code, out var t) ? t : null;

    /// <summary>The label of a code, or the code itself if the vocabulary no longer has it.</summary>
    public string Label(string? code, string language) => code is null ? "" : Find(code)?.Label(language) ?? code;
}
