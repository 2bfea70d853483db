using Dalel.Core.Register;
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

    public DateOnly? SessionFrom { get; init; }

    public DateOnly? SessionTo { get; init; }

    /// <summary>Blank keeps the submission's State.</summary>
    public string Country { get; init; } = "";

    public string? StateReport { get; init; }

    public string? Contact { get; init; }

    public string Language { get; init; } = "en";

    public IReadOnlyList<Guid> OtherOrganisations { get; init; } = [];

    public IReadOnlyList<string> OtherSubmitters { get; init; } = [];

    public DateOnly? Deadline { get; init; }

    /// <summary>Applies the header to a submission, keeping the owning organisation first among the submitters.</summary>
    public Submission ApplyTo(Submission submission, Guid owner) => submission with
    {
        Title = Title.Trim(),
        Mechanism = Mechanism,
        Session = Blank(Session),
        SessionFrom = SessionFrom,
        SessionTo = SessionTo,
        Country = string.IsNullOrWhiteSpace(Country) ? submission.Country : Country.Trim().ToUpperInvariant(),
        StateReport = Blank(StateReport),
        Contact = Blank(Contact),
        Language = Language,
        SubmittingOrganisations = [owner, .. OtherOrganisations.Where(o => o != owner).Distinct()],
        OtherSubmitters = OtherSubmitters.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
        Deadline = Deadline,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
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
