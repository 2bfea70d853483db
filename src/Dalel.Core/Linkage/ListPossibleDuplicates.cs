using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Estimation;
using Dalel.Core.Members;
using Dalel.Core.Organisations;

namespace Dalel.Core.Linkage;

/// <summary>
/// The organisation's cases that the latest linkage result grouped with other organisations' records — nothing about
/// those records but their organisation — with the owner's decision, made on this result or carried from an earlier
/// one that grouped exactly the same cases.
/// </summary>
public sealed class ListPossibleDuplicates(DalelInstance instance)
{
    public Result<IReadOnlyList<PossibleDuplicate>> Run(OrgScope scope)
    {
        var review = Review(scope);
        return review.IsOk ? new Result<IReadOnlyList<PossibleDuplicate>>(review.Value.Duplicates) : review.Error!;
    }

    /// <summary>The list with what the latest linkage learned (how far to trust it, what blocking left out), from one reading of the result.</summary>
    public Result<DuplicateReview> Review(OrgScope scope)
    {
        var opened = instance.Enter(scope, Capability.ReviewDuplicates);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var names = new ListOrganisations(instance).Run().Value.ToDictionary(o => o.Id, o => o.Name);
        var runs = new RunMaps(open);
        var found = new List<PossibleDuplicate>();
        // The latest result only: it is the one estimates count, and an earlier result's groups would list the same case again.
        if (LinkageStore.Result(open, null) is not { } result
            || result.Value.Lists.Where(l => l.List == scope.OrganisationId).Select(l => runs.CasesOf(l.List, l.Run)).FirstOrDefault(r => r is not null) is not { } run)
        {
            return new DuplicateReview(found, null);
        }

        var decisions = CarriedDecisions.Of(open, result, scope.OrganisationId)[scope.OrganisationId];
        for (var g = 0; g < result.Value.Clusters.Count; g++)
        {
            var cluster = result.Value.Clusters[g];
            if (cluster.Members.FirstOrDefault(m => m.List == scope.OrganisationId) is { } mine && run.TryGetValue(mine.Pseudonym, out var caseId))
            {
                var decision = decisions.GetValueOrDefault(g);
                found.Add(new PossibleDuplicate(result.Id, g, caseId,
                    cluster.Members.Where(m => m.List != scope.OrganisationId).Select(m => names.GetValueOrDefault(m.List, "?")).ToList(),
                    cluster.Similarity, decision?.Confirmed, decision?.CarriedFrom));
            }
        }

        return new DuplicateReview([.. found.OrderByDescending(d => d.Similarity)], result.Value.Model);
    }
}

/// <summary>The organisation's possible duplicates in the latest linkage result, and that result's model (null when none, or another tool made it).</summary>
public sealed record DuplicateReview(IReadOnlyList<PossibleDuplicate> Duplicates, LinkageModel? Model);
