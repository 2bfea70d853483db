using Dalel.Core.Cases;
using Dalel.Core.Register;

namespace Dalel.Core.Submissions;

internal static class SubmissionValidation
{
    public static readonly IReadOnlyList<string> Languages = ["en", "ru", "kk"];

    /// <summary>Everything a saved submission must satisfy. Stories are checked against the organisation's own cases.</summary>
    public static List<FieldError> Check(Submission submission, Guid org, IReadOnlyCollection<Guid> organisations, Func<Guid, StoredCase?> caseOf)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(submission.Title))
        {
            errors.Add(new FieldError("title", "error.required"));
        }

        if (MechanismCatalog.Default.Find(submission.Mechanism) is null)
        {
            errors.Add(new FieldError("mechanism", "error.unknown_code", submission.Mechanism));
        }

        if (Vocabularies.Catalog.Default.Geography.FindCountry(submission.Country) is null)
        {
            errors.Add(new FieldError("country", "error.unknown_code", submission.Country));
        }

        if (submission.StateReport is { Length: > 0 } report && !RegisterValidation.IsSymbol(report))
        {
            errors.Add(new FieldError("state_report", "error.un_symbol", report));
        }

        if (submission.SessionFrom is { } from && submission.SessionTo is { } to && to < from)
        {
            errors.Add(new FieldError("session_to", "error.session_dates"));
        }

        if (!Languages.Contains(submission.Language))
        {
            errors.Add(new FieldError("language", "error.unknown_code", submission.Language));
        }

        foreach (var submitter in submission.SubmittingOrganisations.Where(o => !organisations.Contains(o)))
        {
            errors.Add(new FieldError("submitting_organisations", "error.unknown_code", submitter.ToString("D")));
        }

        foreach (var paragraph in submission.Sections.SelectMany(s => s.Paragraphs))
        {
            var field = $"paragraph:{paragraph.Id:D}";
            for (var i = 0; i < paragraph.Footnotes.Count; i++)
            {
                var note = paragraph.Footnotes[i];
                if (string.IsNullOrWhiteSpace(note.Text) && string.IsNullOrWhiteSpace(note.Symbol) && string.IsNullOrWhiteSpace(note.Title) && string.IsNullOrWhiteSpace(note.Url))
                {
                    errors.Add(new FieldError($"{field}:footnote:{i}", "error.footnote_empty"));
                }

                if (note.Symbol is { Length: > 0 } symbol && !RegisterValidation.IsSymbol(symbol))
                {
                    errors.Add(new FieldError($"{field}:footnote:{i}", "error.un_symbol", symbol));
                }

                if (note.Paragraphs is { Length: > 0 } paragraphs && !RegisterValidation.IsParagraph(paragraphs))
                {
                    errors.Add(new FieldError($"{field}:footnote:{i}", "error.paragraph_reference", paragraphs));
                }

                if (note.Url is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
                {
                    errors.Add(new FieldError($"{field}:footnote:{i}", "error.url"));
                }
            }

            if (paragraph.AttributedTo is { } attributed && !organisations.Contains(attributed))
            {
                errors.Add(new FieldError($"{field}:attribution", "error.unknown_code", attributed.ToString("D")));
            }

            if (paragraph.Statistic is { Scope: not ("organisation" or "coalition") } statistic)
            {
                errors.Add(new FieldError($"{field}:statistic", "error.unknown_code", statistic.Scope));
            }

            if (paragraph.Story is { } story)
            {
                if (caseOf(story.Case) is not { } stored)
                {
                    errors.Add(new FieldError($"{field}:story", "submission.story_case_missing"));
                }
                else if (!StoryConsent.Allows(stored.Record))
                {
                    errors.Add(new FieldError($"{field}:story", "submission.story_no_consent"));
                }

                if (string.IsNullOrWhiteSpace(story.Text))
                {
                    errors.Add(new FieldError($"{field}:story", "error.required"));
                }
            }
        }

        return errors;
    }
}

/// <summary>A story may be told only if the case has victims and every one of them consents to an anonymised story now.</summary>
public static class StoryConsent
{
    public const string Use = "anonymised_story";

    public static bool Allows(CaseRecord record) => record.Victims.Count > 0 && record.Victims.All(v => v.Allows(Use));
}
