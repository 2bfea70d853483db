using Dalel.Core.Audit;
using Dalel.Core.Estimation;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Linkage;

/// <summary>The owner confirms or rejects that their case and the other organisations' records in a group are one incident.</summary>
public sealed class DecideDuplicate(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, Guid result, int group, bool confirmed)
    {
        var listed = new ListPossibleDuplicates(instance).Run(scope);
        if (!listed.IsOk)
        {
            return listed.Error!;
        }

        if (!listed.Value.Any(d => d.Result == result && d.Group == group))
        {
            // A page opened before another linkage was imported: say so, rather than "not found".
            return listed.Value.Count > 0 && listed.Value[0].Result != result
                ? Invalid.One("result", "error.linkage_not_latest")
                : new NotFound();
        }

        var opened = instance.Enter(scope, Capability.ReviewDuplicates);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        open.Change(AuditAction.DuplicateDecided, $"{result:D}/{group}", (c, t) =>
        {
            var key = open.DataKey;
            var id = LinkageStore.DecisionId(scope.OrganisationId, result);
            var current = SealedDocuments.Find<DuplicateDecisions>(c, t, key, LinkageStore.DecisionKind, scope.OrganisationId, id);
            var decisions = new Dictionary<int, bool>(current?.Value.Confirmed ?? new Dictionary<int, bool>()) { [group] = confirmed };
            if (!SealedDocuments.Save(c, t, key, LinkageStore.DecisionKind, scope.OrganisationId, id, new DuplicateDecisions(decisions), current?.Version ?? 0))
            {
                throw new InvalidOperationException("A linkage decision could not be written inside its own transaction.");
            }

            return true;
        });
        return Done.Value;
    }
}
