using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Estimation;
using Dalel.Core.Members;
using Dalel.Core.Organisations;

namespace Dalel.Core.Linkage;

/// <summary>The organisation's cases that a linkage result grouped with other organisations' records — nothing about those records but their organisation.</summary>
public sealed class ListPossibleDuplicates(DalelInstance instance)
{
    public Result<IReadOnlyList<PossibleDuplicate>> Run(OrgScope scope)
    {
        var opened = instance.Enter(scope, Capability.ReviewDuplicates);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var names = new ListOrganisations(instance).Run().Value.ToDictionary(o => o.Id, o => o.Name);
        var runs = LinkageStore.Runs(open, scope.OrganisationId);
        var found = new List<PossibleDuplicate>();
        foreach (var result in LinkageStore.Results(open))
        {
            var decisions = LinkageStore.Decisions(open, scope.OrganisationId, result.Id);
            var run = result.Value.Lists.Where(l => l.List == scope.OrganisationId).Select(l => runs.GetValueOrDefault(l.Run)).FirstOrDefault(r => r is not null);
            if (run is null)
            {
                continue;
            }

            for (var g = 0; g < result.Value.Clusters.Count; g++)
            {
                var cluster = result.Value.Clusters[g];
                if (cluster.Members.FirstOrDefault(m => m.List == scope.OrganisationId) is { } mine && run.CaseByPseudonym.TryGetValue(mine.Pseudonym, out var caseId))
                {
                    found.Add(new PossibleDuplicate(result.Id, g, caseId,
                        cluster.Members.Where(m => m.List != scope.OrganisationId).Select(m => names.GetValueOrDefault(m.List, "?")).ToList(),
                        cluster.Similarity, decisions.Confirmed.TryGetValue(g, out var d) ? d : null));
                }
            }
        }

        return found.OrderByDescending(d => d.Similarity).ToList();
    }
}
