using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Register;

/// <summary>
/// Adds (<c>id</c> null) or changes a UN document, list-of-issues question or recommendation of the register.
/// A change names the version the editor saw, so two editors cannot silently overwrite each other.
/// </summary>
public sealed class SaveRegisterEntry<T>(DalelInstance instance) where T : class
{
    public Result<Guid> Run(OrgScope scope, Guid? id, long expectedVersion, T entry)
    {
        var opened = instance.Enter(scope, Capability.EditReports);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        entry = Normalised(entry);
        var errors = RegisterValidation.Check(entry, MechanismCatalog.Default);
        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        var open = opened.Value;
        if (id is { } existing && RegisterEntries.Find<T>(open, existing) is null)
        {
            return new NotFound();
        }

        if (entry is UnDocument document && RegisterEntries.All<UnDocument>(open).Any(d => d.Id != id && string.Equals(d.Value.Symbol, document.Symbol, StringComparison.Ordinal)))
        {
            return new AlreadyExists("symbol");
        }

        var key = id ?? Guid.NewGuid();
        var saved = open.Change(AuditAction.RegisterEntrySaved, $"{RegisterEntries.Kind<T>()}/{key:D}", (c, t) =>
            SealedDocuments.Save(c, t, open.DirectoryKey, RegisterEntries.Kind<T>(), SealedDocuments.Shared, key, entry, id is null ? 0 : expectedVersion));
        return saved ? key : new EditConflict();
    }

    /// <summary>
    /// A blank State is the one the symbol names (CCPR/C/KGZ/CO/3 → KG), so entering another State's cycle needs no
    /// extra step; paragraph references are stored as printed ("12(a)-(c)" → "12 (a)–(c)"), so one is not two.
    /// </summary>
    private T Normalised(T entry)
    {
        var geography = instance.Catalog.Geography;
        string Country(string country, string symbol) =>
            country.Trim().Length > 0 ? geography.Recognise(country)?.Code ?? country.Trim() : geography.FromSymbol(symbol)?.Code ?? "";
        static string Paragraph(string reference) => ParagraphReference.IsValid(reference) ? ParagraphReference.Normalise(reference) : reference;
        return entry switch
        {
            Recommendation r => (r with { Country = Country(r.Country, r.Symbol), Paragraph = Paragraph(r.Paragraph) } as T)!,
            UnDocument d => (d with { Country = Country(d.Country, d.Symbol) } as T)!,
            ListQuestion q => (q with { Paragraph = Paragraph(q.Paragraph), Replies = q.Replies.Select(r => r with { Paragraphs = Paragraph(r.Paragraphs) }).ToList() } as T)!,
            _ => entry,
        };
    }
}
