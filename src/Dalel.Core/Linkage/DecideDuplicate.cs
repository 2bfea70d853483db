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
        var opened = instance.Enter(scope, Capability.ReviewDuplicates);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        // Only the latest result's groups are listed, and only those holding one of the organisation's own cases.
        var latest = LinkageStore.Result(open, null);
        var runs = new RunMaps(open);
        bool Mine(Cluster cluster) => cluster.Members.Any(m => m.List == scope.OrganisationId
            && latest!.Value.Lists.Any(l => l.List == m.List && runs.CasesOf(l.List, l.Run) is { } cases && cases.ContainsKey(m.Pseudonym)));
        if (latest is null || !latest.Value.Clusters.Any(Mine))
        {
            return new NotFound();
        }

        if (latest.Id != result)
        {
            // A page opened before another linkage was imported: say so, rather than "not found".
            return Invalid.One("result", "error.linkage_not_latest");
        }

        if (group < 0 || group >= latest.Value.Clusters.Count || !Mine(latest.Value.Clusters[group]))
        {
            return new NotFound();
        }

        // Kept with the decision, so a later linkage that groups exactly these cases finds it without reading this result.
        var fingerprint = CarriedDecisions.Fingerprint(runs, latest.Value, group);
        open.Change(AuditAction.DuplicateDecided, $"{result:D}/{group}", (c, t) =>
        {
            var key = open.DataKey;
            var id = LinkageStore.DecisionId(scope.OrganisationId, result);
            var current = SealedDocuments.Find<DuplicateDecisions>(c, t, key, LinkageStore.DecisionKind, scope.OrganisationId, id);
            var decisions = new Dictionary<int, bool>(current?.Value.Confirmed ?? new Dictionary<int, bool>()) { [group] = confirmed };
            var cases = new Dictionary<int, string>(current?.Value.Cases ?? new Dictionary<int, string>());
            if (fingerprint is not null)
            {
                cases[group] = fingerprint;
            }

            if (!SealedDocuments.Save(c, t, key, LinkageStore.DecisionKind, scope.OrganisationId, id, new DuplicateDecisions(decisions, cases), current?.Version ?? 0))
            {
                throw new InvalidOperationException("A linkage decision could not be written inside its own transaction.");
            }

            return true;
        });
        return Done.Value;
    }
}
