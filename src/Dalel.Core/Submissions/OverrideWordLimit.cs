using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Submissions;

/// <summary>An owner decides the document may exceed the mechanism's word limit (some sessions allow annexes), or withdraws that.</summary>
public sealed class OverrideWordLimit(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, Guid id, bool overridden)
    {
        var opened = instance.Enter(scope, Capability.AcceptPublicationRisks);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var current = SubmissionStore.Find(opened.Value, id);
        if (current is null)
        {
            return new NotFound();
        }

        var saved = SubmissionWrite.Save(instance, scope, id, current.Version, current.Value with { WordLimitOverridden = overridden }, AuditAction.WordLimitOverridden);
        return saved.IsOk ? Done.Value : saved.Error!;
    }
}
