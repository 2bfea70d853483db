using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Register;

/// <summary>
/// Removes a UN document, question or recommendation from the coalition's register. A recommendation that carries
/// another organisation's evidence links is theirs too: only a member of every organisation that linked cases to it
/// can remove it (each can withdraw its own links first).
/// </summary>
public sealed class DeleteRegisterEntry<T>(DalelInstance instance) where T : class
{
    public Result<Done> Run(OrgScope scope, Guid id)
    {
        var opened = instance.Enter(scope, Capability.EditReports);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        if (typeof(T) == typeof(Recommendation) && RegisterEntries.Find<Recommendation>(opened.Value, id) is { } found
            && found.Value.Evidence.Any(e => e.Organisation != scope.OrganisationId))
        {
            return Invalid.One("delete", "register.delete_others_evidence");
        }

        var deleted = opened.Value.Change(AuditAction.RegisterEntryDeleted, $"{RegisterEntries.Kind<T>()}/{id:D}", (c, t) =>
            SealedDocuments.Delete(c, t, RegisterEntries.Kind<T>(), SealedDocuments.Shared, id));
        return deleted ? Done.Value : new NotFound();
    }
}
