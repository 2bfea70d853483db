using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Submissions;

public sealed class DeleteSubmission(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, Guid id)
    {
        var opened = instance.Enter(scope, Capability.EditReports);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var deleted = opened.Value.Change(AuditAction.SubmissionDeleted, id.ToString("D"), (c, t) => SealedDocuments.Delete(c, t, SubmissionStore.Kind, scope.OrganisationId, id));
        return deleted ? Done.Value : new NotFound();
    }
}
