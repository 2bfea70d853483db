using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Mechanisms;

/// <summary>
/// Adds (<c>id</c> null) or changes a UN document, list-of-issues question or recommendation of the register.
/// A change names the version the editor saw, so two editors cannot silently overwrite each other.
/// </summary>
public sealed class SaveRegisterEntry<T>(DalelInstance instance) where T : class
{
    public Result<Guid> Run(OrgScope scope, Guid? id, long expectedVersion, T entry)
    {
        var opened = RegisterEntries.Open(instance, scope, Capability.EditReports);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var errors = RegisterValidation.Check(entry, MechanismCatalog.Default);
        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        var keys = opened.Value;
        if (id is { } existing && RegisterEntries.Find<T>(instance, keys, existing) is null)
        {
            return new NotFound();
        }

        if (entry is UnDocument document && RegisterEntries.All<UnDocument>(instance, keys).Any(d => d.Id != id && string.Equals(d.Value.Symbol, document.Symbol, StringComparison.Ordinal)))
        {
            return new AlreadyExists("symbol");
        }

        var key = id ?? Guid.NewGuid();
        var saved = instance.Database.Write((c, t) =>
        {
            if (!SealedDocuments.Save(c, t, keys.DirectoryKey, RegisterEntries.Kind<T>(), SealedDocuments.Shared, key, entry, id is null ? 0 : expectedVersion))
            {
                return false;
            }

            AuditLog.Append(c, t, instance.Clock, scope.Actor, AuditAction.RegisterEntrySaved, scope.OrganisationId, $"{RegisterEntries.Kind<T>()}/{key:D}");
            return true;
        });
        return saved ? key : new EditConflict();
    }
}

public sealed class DeleteRegisterEntry<T>(DalelInstance instance) where T : class
{
    public Result<Done> Run(OrgScope scope, Guid id)
    {
        var opened = RegisterEntries.Open(instance, scope, Capability.EditReports);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var deleted = instance.Database.Write((c, t) =>
        {
            if (!SealedDocuments.Delete(c, t, RegisterEntries.Kind<T>(), SealedDocuments.Shared, id))
            {
                return false;
            }

            AuditLog.Append(c, t, instance.Clock, scope.Actor, AuditAction.RegisterEntryDeleted, scope.OrganisationId, $"{RegisterEntries.Kind<T>()}/{id:D}");
            return true;
        });
        return deleted ? Done.Value : new NotFound();
    }
}
