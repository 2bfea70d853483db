using Dalel.Core.Audit;
using Dalel.Core.Mechanisms;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Storage;

namespace Dalel.Core.Submissions;

/// <summary>What is asked when a submission is started; the outline then defaults to the mechanism's sections.</summary>
public sealed record SubmissionHeader
{
    public required string Title { get; init; }

    public required string Mechanism { get; init; }

    public string? Session { get; init; }

    public string Country { get; init; } = "KZ";

    public string Language { get; init; } = "en";

    public IReadOnlyList<Guid> OtherOrganisations { get; init; } = [];

    public IReadOnlyList<string> OtherSubmitters { get; init; } = [];

    public DateOnly? Deadline { get; init; }

    /// <summary>Applies the header to a submission, keeping the owning organisation first among the submitters.</summary>
    public Submission ApplyTo(Submission submission, Guid owner) => submission with
    {
        Title = Title.Trim(),
        Mechanism = Mechanism,
        Session = string.IsNullOrWhiteSpace(Session) ? null : Session.Trim(),
        Country = Country,
        Language = Language,
        SubmittingOrganisations = [owner, .. OtherOrganisations.Where(o => o != owner).Distinct()],
        OtherSubmitters = OtherSubmitters.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
        Deadline = Deadline,
    };
}

public sealed class CreateSubmission(DalelInstance instance)
{
    public Result<Guid> Run(OrgScope scope, SubmissionHeader header)
    {
        var mechanism = MechanismCatalog.Default.Find(header.Mechanism);
        var empty = new Submission { Title = "", Mechanism = header.Mechanism };
        var sections = mechanism?.Outline.Select(o => new Section
        {
            Id = Guid.NewGuid(),
            Title = o.Titles.TryGetValue(header.Language, out var title) ? title : o.Titles["en"],
            Articles = o.Articles,
        }).ToList() ?? [];
        return SubmissionWrite.Save(instance, scope, null, 0, header.ApplyTo(empty, scope.OrganisationId) with { Sections = sections }, AuditAction.SubmissionCreated);
    }
}

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

public sealed class DeleteSubmission(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, Guid id)
    {
        var opened = instance.Enter(scope, Capability.EditReports);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var deleted = opened.Value.Change(AuditAction.SubmissionDeleted, id.ToString("D"), (c, t) => SealedDocuments.Delete(c, t, SubmissionStore.Kind, scope.OrganisationId, id));
        return deleted ? Done.Value : new NotFound();
    }
}

public sealed class ListSubmissions(DalelInstance instance)
{
    public Result<IReadOnlyList<Versioned<Submission>>> Run(OrgScope scope)
    {
        var opened = instance.Enter(scope, Capability.ReadCodedFacts);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        return SubmissionStore.All(opened.Value).OrderBy(s => s.Value.Title, StringComparer.CurrentCulture).ToList();
    }
}

public sealed class GetSubmission(DalelInstance instance)
{
    public Result<Versioned<Submission>> Run(OrgScope scope, Guid id)
    {
        var opened = instance.Enter(scope, Capability.ReadCodedFacts);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        return SubmissionStore.Find(opened.Value, id) is { } found ? found : new NotFound();
    }
}

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

internal static class SubmissionWrite
{
    public static Result<Guid> Save(DalelInstance instance, OrgScope scope, Guid? id, long expectedVersion, Submission submission, string action)
    {
        var opened = instance.Enter(scope, Capability.EditReports);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var organisations = new ListOrganisations(instance).Run();
        var known = organisations.IsOk ? organisations.Value.Select(o => o.Id).ToList() : [];
        var errors = SubmissionValidation.Check(submission, scope.OrganisationId, known, open.Case);
        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        var key = id ?? Guid.NewGuid();
        var saved = open.Change(action, key.ToString("D"), (c, t) => SealedDocuments.Save(c, t, open.DataKey, SubmissionStore.Kind, scope.OrganisationId, key, submission, expectedVersion));
        return saved ? key : new EditConflict();
    }
}
