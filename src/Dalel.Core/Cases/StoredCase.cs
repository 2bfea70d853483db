using System.Globalization;

namespace Dalel.Core.Cases;

/// <summary>
/// A decrypted case in memory, kept in its compact binary form (<see cref="CaseBinary"/>: UTF-8 texts, one byte per
/// small number) and read into a <see cref="CaseRecord"/> when asked. A million records kept as objects weighed about
/// 1.3 KB each and made the collector copy every one of them while unsealing; the bytes weigh about half, in few large
/// arrays the collector never moves (<see cref="CaseArena"/>), and they can be wiped when the vault seals.
/// Read <see cref="Record"/> once per use: each read builds a new record. Victims' identities are opened on first
/// need (<see cref="IdentityOpener"/>).
/// </summary>
internal sealed class StoredCase(ReadOnlyMemory<byte> body, IReadOnlyList<VictimIdentity>? identities, long version, IdentityOpener? opener = null)
{
    private static readonly CompareInfo Compare = CultureInfo.InvariantCulture.CompareInfo;
    private IReadOnlyList<VictimIdentity>? _identities = identities;

    public IReadOnlyList<VictimIdentity> Identities =>
        Volatile.Read(ref _identities) ?? Opened((opener ?? throw new InvalidOperationException("No identities for this case.")).Open(CaseBinary.OrganisationOf(Body.Span), Id));

    public bool IdentitiesOpened => Volatile.Read(ref _identities) is not null;

    /// <summary>Keeps the identities opened for this case; the first opened wins if two requests open them at once.</summary>
    public IReadOnlyList<VictimIdentity> Opened(IReadOnlyList<VictimIdentity> identities) =>
        Interlocked.CompareExchange(ref _identities, identities, null) ?? identities;

    public long Version { get; } = version;

    /// <summary>The case's bytes, which the vault wipes when it seals.</summary>
    public ReadOnlyMemory<byte> Body { get; } = body;

    public Guid Id => CaseBinary.IdOf(Body.Span);

    public CaseRecord Record => CaseBinary.Read(Body.Span);

    /// <summary>The record's coded facts, every free text left empty (<see cref="CaseBinary.ReadFacts"/>): for counting, never for showing.</summary>
    public CaseRecord Facts => CaseBinary.ReadFacts(Body.Span);

    /// <summary>Case- and diacritic-insensitive, so "ИЗБИЛИ", "избили" and "ёлка"/"елка" find each other.</summary>
    public static bool ContainsText(string? text, string word) =>
        text is { Length: > 0 } && Compare.IndexOf(text, word, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0;

    /// <summary>The free text of the case, for those who may read narratives.</summary>
    public static bool FreeTextContains(CaseRecord r, string word) =>
        ContainsText(r.Title, word) || ContainsText(r.Reference, word) || ContainsText(r.Narrative, word) || ContainsText(r.Place.Locality, word)
            || r.Victims.Any(v => ContainsText(v.CodeName, word))
            || r.Acts.Any(a => ContainsText(a.ConsequencesNote, word) || a.Perpetrators.Any(p => ContainsText(p.Description, word)))
            || r.Sources.Any(s => ContainsText(s.Description, word))
            || r.Interventions.Any(i => ContainsText(i.Note, word))
            || r.Files.Any(f => ContainsText(f.FileName, word))
            || ContainsText(r.HateCrime?.PublicSummary, word);

    public bool IdentityContains(string word) =>
        Identities.Any(i => ContainsText(i.FullName, word) || ContainsText(i.Contacts, word) || ContainsText(i.DocumentNumbers, word));
}
