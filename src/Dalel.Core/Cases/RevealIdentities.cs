using Dalel.Core.Audit;
using Dalel.Core.Members;

namespace Dalel.Core.Cases;

/// <summary>Shows victims' identifying data to those allowed, and records that they looked.</summary>
public sealed class RevealIdentities(DalelInstance instance)
{
    public Result<IReadOnlyList<VictimIdentity>> Run(OrgScope scope, Guid caseId)
    {
        var opened = instance.Enter(scope, Capability.ReadIdentities);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var stored = opened.Value.Case(caseId);
        if (stored is null)
        {
            return new NotFound();
        }

        opened.Value.Audit(AuditAction.IdentityViewed, caseId.ToString("D"));
        return new Result<IReadOnlyList<VictimIdentity>>(stored.Identities);
    }
}
