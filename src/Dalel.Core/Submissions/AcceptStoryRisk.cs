using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Submissions;

/// <summary>An owner lets one flagged detail of a story go out as it is. Audited; the acceptance lapses if the text changes that detail.</summary>
public sealed class AcceptStoryRisk(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, Guid id, Guid paragraphId, StoryFlag flag)
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

        var changed = SubmissionEdits.UpdateParagraph(current.Value, paragraphId, p => p.Story is { } story
            ? p with { Story = story with { Accepted = [.. story.Accepted, new AcceptedRisk(flag.Kind, flag.Excerpt, scope.Actor, instance.Clock.GetUtcNow())] } }
            : p);
        if (!changed.IsOk)
        {
            return changed.Error!;
        }

        var saved = SubmissionWrite.Save(instance, scope, id, current.Version, changed.Value, AuditAction.StoryRiskAccepted);
        return saved.IsOk ? Done.Value : saved.Error!;
    }
}
