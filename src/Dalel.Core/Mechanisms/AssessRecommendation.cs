using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Mechanisms;

/// <summary>Adds one assessment to a recommendation's history; earlier ones stay, so progress can be followed over cycles.</summary>
public sealed class AssessRecommendation(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, Guid id, ImplementationAssessment assessment)
    {
        var opened = RegisterEntries.Open(instance, scope, Capability.EditReports);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var valid = assessment.Source == AssessmentSource.Committee
            ? ImplementationAssessment.Grades.Contains(assessment.Status)
            : ImplementationAssessment.Statuses.Contains(assessment.Status);
        if (!valid)
        {
            return Invalid.One("status", "error.assessment_status", assessment.Status);
        }

        if (assessment.Date > instance.Today())
        {
            return Invalid.One("date", "error.date_in_future");
        }

        return RecommendationChange.Apply(instance, opened.Value, scope, id, AuditAction.RecommendationAssessed,
            r => r with { Assessments = [.. r.Assessments, assessment] });
    }
}

/// <summary>Offers one of the organisation's own cases as evidence for a recommendation, or withdraws it.</summary>
public sealed class LinkEvidence(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, Guid recommendationId, Guid caseId, bool link)
    {
        var opened = OpenCases.For(instance, scope, Capability.ReadCodedFacts);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        if (!scope.Can(Capability.EditReports))
        {
            return new Forbidden();
        }

        // Only a case of the acting organisation can be linked: the organisation comes from the scope, never the form.
        if (link && opened.Value.Cases.Find(scope.OrganisationId, caseId) is null)
        {
            return new NotFound();
        }

        var evidence = new CaseLink(scope.OrganisationId, caseId);
        return RecommendationChange.Apply(instance, opened.Value.Keys, scope, recommendationId,
            link ? AuditAction.RecommendationEvidenceLinked : AuditAction.RecommendationEvidenceUnlinked,
            r => r with { Evidence = link ? [.. r.Evidence.Where(e => e != evidence), evidence] : [.. r.Evidence.Where(e => e != evidence)] });
    }
}

internal static class RecommendationChange
{
    /// <summary>Read, change and write back in one transaction, so two assessments at once both land.</summary>
    public static Result<Done> Apply(DalelInstance instance, Vault.KeyRing keys, OrgScope scope, Guid id, string action, Func<Recommendation, Recommendation> change)
    {
        var kind = RegisterEntries.Kind<Recommendation>();
        var found = instance.Database.Write((c, t) =>
        {
            var current = SealedDocuments.Find<Recommendation>(c, t, keys.DirectoryKey, kind, SealedDocuments.Shared, id);
            if (current is null)
            {
                return false;
            }

            SealedDocuments.Save(c, t, keys.DirectoryKey, kind, SealedDocuments.Shared, id, change(current.Value), current.Version);
            AuditLog.Append(c, t, instance.Clock, scope.Actor, action, scope.OrganisationId, $"{kind}/{id:D}");
            return true;
        });
        return found ? Done.Value : new NotFound();
    }
}
