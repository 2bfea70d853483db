using System.Text;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Cases;

/// <summary>A decrypted case in memory, with its search texts prepared once at load.</summary>
internal sealed record StoredCase(CaseRecord Record, IReadOnlyList<VictimIdentity> Identities, long Version)
{
    /// <summary>Labels of the coded facts in every UI language: what an analyst may search.</summary>
    public string CodedText { get; private init; } = "";

    /// <summary>Everything but identities, for those who may read narratives.</summary>
    public string FullText { get; private init; } = "";

    /// <summary>Names, contacts, document numbers: searched only for those who may see them.</summary>
    public string IdentityText { get; private init; } = "";

    public static StoredCase Create(CaseRecord record, IReadOnlyList<VictimIdentity> identities, long version, Catalog catalog)
    {
        var coded = new StringBuilder();
        foreach (var list in CaseCodes.Filterable)
        {
            var vocabulary = catalog[list];
            foreach (var code in CaseCodes.Of(record, list))
            {
                if (vocabulary.Find(code) is { } term)
                {
                    coded.AppendJoin(' ', term.Labels.All()).Append(' ');
                }
            }
        }

        var region = catalog.Geography.FindRegion(record.Place.Country, record.Place.Region);
        if (region is not null)
        {
            coded.AppendJoin(' ', region.Labels.All()).Append(' ');
        }

        if (catalog.Geography.FindSettlement(record.Place.Country, record.Place.Region, record.Place.Settlement) is { } settlement)
        {
            coded.AppendJoin(' ', settlement.Labels.All()).Append(' ');
        }

        var full = new StringBuilder(coded.ToString());
        full.Append(' ').Append(record.Title).Append(' ').Append(record.Narrative).Append(' ').Append(record.Place.Locality);
        foreach (var v in record.Victims)
        {
            full.Append(' ').Append(v.CodeName);
        }

        foreach (var a in record.Acts)
        {
            full.Append(' ').Append(a.ConsequencesNote);
            foreach (var p in a.Perpetrators)
            {
                full.Append(' ').Append(p.Description);
            }
        }

        foreach (var s in record.Sources)
        {
            full.Append(' ').Append(s.Description);
        }

        foreach (var i in record.Interventions)
        {
            full.Append(' ').Append(i.Note);
        }

        foreach (var f in record.Files)
        {
            full.Append(' ').Append(f.FileName);
        }

        var identity = string.Join(' ', identities.Select(i => $"{i.FullName} {i.Contacts} {i.DocumentNumbers}"));
        return new StoredCase(record, identities, version)
        {
            CodedText = Normalise(coded.ToString()),
            FullText = Normalise(full.ToString()),
            IdentityText = Normalise(identity),
        };
    }

    /// <summary>Case- and ё-insensitive matching, so "Ёлка", "елка" and "ЕЛКА" find each other.</summary>
    public static string Normalise(string text) => text.ToLowerInvariant().Replace('ё', 'е');
}
