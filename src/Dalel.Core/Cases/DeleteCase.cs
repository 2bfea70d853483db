using Dalel.Core.Audit;
using Dalel.Core.Members;

namespace Dalel.Core.Cases;

public sealed class DeleteCase(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, Guid caseId)
    {
        var opened = instance.Enter(scope, Capability.DeleteCases);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        if (open.Case(caseId) is null)
        {
            return new NotFound();
        }

        var deleted = open.Change(AuditAction.CaseDeleted, caseId.ToString("D"), (c, t) => CaseWrites.Delete(c, t, scope.OrganisationId, caseId));
        return deleted ? Done.Value : new NotFound();
    }
}
