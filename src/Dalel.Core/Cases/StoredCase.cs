using System.Globalization;

namespace Dalel.Core.Cases;

/// <summary>
/// A decrypted case in memory. Nothing else is kept per case: search works from the record itself, so memory per
/// case stays close to the record's own size.
/// </summary>
internal sealed record StoredCase(CaseRecord Record, IReadOnlyList<VictimIdentity> Identities, long Version)
{
    private static readonly CompareInfo Compare = CultureInfo.InvariantCulture.CompareInfo;

    /// <summary>Case- and diacritic-insensitive, so "ИЗБИЛИ", "избили" and "ёлка"/"елка" find each other.</summary>
    public static bool ContainsText(string? text, string word) =>
        text is { Length: > 0 } && Compare.IndexOf(text, word, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0;

    /// <summary>The free text of the case, for those who may read narratives.</summary>
    public bool FreeTextContains(string word)
    {
        var r = Record;
        return ContainsText(r.Title, word) || ContainsText(r.Reference, word) || ContainsText(r.Narrative, word) || ContainsText(r.Place.Locality, word)
            || r.Victims.Any(v => ContainsText(v.CodeName, word))
            || r.Acts.Any(a => ContainsText(a.ConsequencesNote, word) || a.Perpetrators.Any(p => ContainsText(p.Description, word)))
            || r.Sources.Any(s => ContainsText(s.Description, word))
            || r.Interventions.Any(i => ContainsText(i.Note, word))
            || r.Files.Any(f => ContainsText(f.FileName, word))
            || ContainsText(r.HateCrime?.PublicSummary, word);
    }

    public bool IdentityContains(string word) =>
        Identities.Any(i => ContainsText(i.FullName, word) || ContainsText(i.Contacts, word) || ContainsText(i.DocumentNumbers, word));

    public static StoredCase Create(CaseRecord record, IReadOnlyList<VictimIdentity> identities, long version) => new(record, identities, version);
}
