using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Import;

/// <summary>A mapping the organisation saved under a name, to import the next sheet of the same shape in one step.</summary>
public sealed record ImportProfile(Guid Id, string Name, ImportMapping Mapping, DateTimeOffset SavedAt);

/// <summary>Profiles are sealed under the organisation's data key: their value lists hold the words of its sheets.</summary>
internal static class ImportProfileStore
{
    public const string Kind = "import-profile";
    public const int MaxName = 100;

    public static List<Versioned<ImportProfile>> All(Door.Unsealed open) =>
        open.Read(c => SealedDocuments.List<ImportProfile>(c, null, open.DataKey, Kind, open.Organisation));
}

public sealed class ListImportProfiles(DalelInstance instance)
{
    public Result<IReadOnlyList<ImportProfile>> Run(OrgScope scope)
    {
        var opened = instance.Enter(scope, Capability.WriteCases);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        return ImportProfileStore.All(opened.Value).Select(p => p.Value with { Mapping = p.Value.Mapping.Normalised() }).OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>The profile of that name (compared without case), or NotFound.</summary>
    public Result<ImportProfile> Find(OrgScope scope, string name)
    {
        var all = Run(scope);
        if (!all.IsOk)
        {
            return all.Error!;
        }

        return all.Value.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase)) is { } found ? found : new NotFound();
    }
}

/// <summary>Saves a mapping under a name; saving under a name in use replaces that profile.</summary>
public sealed class SaveImportProfile(DalelInstance instance)
{
    public Result<Guid> Run(OrgScope scope, string name, ImportMapping mapping)
    {
        var opened = instance.Enter(scope, Capability.WriteCases);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        name = name.Trim();
        if (name.Length == 0)
        {
            return Invalid.One("ProfileName", "error.required");
        }

        if (name.Length > ImportProfileStore.MaxName)
        {
            return Invalid.One("ProfileName", "error.too_long", ImportProfileStore.MaxName.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var open = opened.Value;
        var existing = ImportProfileStore.All(open).FirstOrDefault(p => string.Equals(p.Value.Name, name, StringComparison.OrdinalIgnoreCase));
        var id = existing?.Id ?? Guid.NewGuid();
        var saved = open.Change(AuditAction.ImportProfileSaved, id.ToString("D"), (c, t) =>
            SealedDocuments.Save(c, t, open.DataKey, ImportProfileStore.Kind, open.Organisation, id, new ImportProfile(id, name, mapping.Normalised(), open.Now), existing?.Version ?? 0));
        return saved ? id : new EditConflict();
    }
}

public sealed class DeleteImportProfile(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, Guid id)
    {
        var opened = instance.Enter(scope, Capability.WriteCases);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        return open.Change(AuditAction.ImportProfileDeleted, id.ToString("D"), (c, t) => SealedDocuments.Delete(c, t, ImportProfileStore.Kind, open.Organisation, id))
            ? Done.Value
            : new NotFound();
    }
}
