using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Register;

/// <summary>Adds one assessment to a recommendation's history; earlier ones stay, so progress can be followed over cycles.</summary>
public sealed class AssessRecommendation(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, Guid id, ImplementationAssessment assessment)
    {
        var opened = instance.Enter(scope, Capability.EditReports);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        if (!ImplementationAssessment.Allows(assessment.Source, assessment.Status))
        {
            return Invalid.One("status", "error.assessment_status", assessment.Status);
        }

        if (assessment.Date > opened.Value.Today)
        {
            return Invalid.One("date", "error.date_in_future");
        }

        return RecommendationChange.Apply(opened.Value, id, AuditAction.RecommendationAssessed,
            r => r with { Assessments = [.. r.Assessments, assessment] });
    }
}

internal static class RecommendationChange
{
    /// <summary>Read, change and write back in one transaction, so two assessments at once both land.</summary>
    public static Result<Done> Apply(Door.Unsealed open, Guid id, string action, Func<Recommendation, Recommendation> change)
    {
        var kind = RegisterEntries.Kind<Recommendation>();
        var found = open.Change(action, $"{kind}/{id:D}", (c, t) =>
        {
            var current = SealedDocuments.Find<Recommendation>(c, t, open.DirectoryKey, kind, SealedDocuments.Shared, id);
            if (current is null)
            {
                return false;
            }

            SealedDocuments.Save(c, t, open.DirectoryKey, kind, SealedDocuments.Shared, id, change(current.Value), current.Version);
            return true;
        });
        return found ? Done.Value : new NotFound();
    }
}
