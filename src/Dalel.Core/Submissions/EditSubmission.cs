using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Submissions;

/// <summary>
/// Applies one change (a header edit, a new paragraph, a moved section…) to the version the editor saw. Changes are
/// functions from <see cref="SubmissionEdits"/>, so every form of the editor goes through the same checks and audit.
/// </summary>
public sealed class EditSubmission(DalelInstance instance)
{
    public Result<Guid> Run(OrgScope scope, Guid id, long expectedVersion, Func<Submission, Result<Submission>> change)
    {
        var opened = instance.Enter(scope, Capability.EditReports);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var current = SubmissionStore.Find(opened.Value, id);
        if (current is null)
        {
            return new NotFound();
        }

        if (current.Version != expectedVersion)
        {
            return new EditConflict();
        }

        var changed = change(current.Value);
        if (!changed.IsOk)
        {
            return changed.Error!;
        }

        // Stories show case content: only those who may read narratives can put one in or change one.
        if (!scope.Can(Capability.ReadNarratives) && !SameStories(current.Value, changed.Value))
        {
            return new Forbidden();
        }

        // Word-limit overrides are an owner's decision, taken through OverrideWordLimit.
        if (changed.Value.WordLimitOverridden != current.Value.WordLimitOverridden)
        {
            return new Forbidden();
        }

        return SubmissionWrite.Save(instance, scope, id, expectedVersion, changed.Value, AuditAction.SubmissionUpdated);
    }

    private static bool SameStories(Submission a, Submission b)
    {
        static IEnumerable<(Guid, CaseStory?)> Stories(Submission s) => s.Sections.SelectMany(x => x.Paragraphs).Where(p => p.Story is not null).Select(p => (p.Id, p.Story));
        return Stories(a).OrderBy(x => x.Item1).SequenceEqual(Stories(b).OrderBy(x => x.Item1), StoryComparer.Instance);
    }

    private sealed class StoryComparer : IEqualityComparer<(Guid Id, CaseStory? Story)>
    {
        public static readonly StoryComparer Instance = new();

        public bool Equals((Guid Id, CaseStory? Story) x, (Guid Id, CaseStory? Story) y) =>
            x.Id == y.Id && x.Story?.Case == y.Story?.Case && x.Story?.Text == y.Story?.Text && x.Story?.Accepted.Count == y.Story?.Accepted.Count;

        public int GetHashCode((Guid Id, CaseStory? Story) obj) => obj.Id.GetHashCode();
    }
}
