using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Register;

public sealed class DeleteRegisterEntry<T>(DalelInstance instance) where T : class
{
    public Result<Done> Run(OrgScope scope, Guid id)
    {
        var opened = instance.Enter(scope, Capability.EditReports);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var deleted = opened.Value.Change(AuditAction.RegisterEntryDeleted, $"{RegisterEntries.Kind<T>()}/{id:D}", (c, t) =>
            SealedDocuments.Delete(c, t, RegisterEntries.Kind<T>(), SealedDocuments.Shared, id));
        return deleted ? Done.Value : new NotFound();
    }
}
