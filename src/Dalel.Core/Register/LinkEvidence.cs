using Dalel.Core.Audit;
using Dalel.Core.Members;

namespace Dalel.Core.Register;

/// <summary>Offers one of the organisation's own cases as evidence for a recommendation, or withdraws it.</summary>
public sealed class LinkEvidence(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, Guid recommendationId, Guid caseId, bool link)
    {
        var opened = instance.Enter(scope, Capability.ReadCodedFacts);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        if (!scope.Can(Capability.EditReports))
        {
            return new Forbidden();
        }

        // Only a case of the acting organisation can be linked: the organisation comes from the scope, never the form.
        if (link && opened.Value.Case(caseId) is null)
        {
            return new NotFound();
        }

        var evidence = new CaseLink(scope.OrganisationId, caseId);
        return RecommendationChange.Apply(opened.Value, recommendationId,
            link ? AuditAction.RecommendationEvidenceLinked : AuditAction.RecommendationEvidenceUnlinked,
            r => r with { Evidence = link ? [.. r.Evidence.Where(e => e != evidence), evidence] : [.. r.Evidence.Where(e => e != evidence)] });
    }
}
