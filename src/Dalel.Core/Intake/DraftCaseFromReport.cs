using Dalel.Core.Cases;
using Dalel.Core.Import;
using Dalel.Core.Text;

namespace Dalel.Core.Intake;

/// <summary>A word of the report and what it was read as, for the documenter to check ("Алматы" → region almaty_city).</summary>
public sealed record DraftSuggestion(string Field, string Word, string Code);

/// <summary>A case form filled from a report, not yet a case: nothing is written until the documenter saves it.</summary>
public sealed record CaseDraft(CaseContent Content, IReadOnlyList<DraftSuggestion> Suggestions);

/// <summary>
/// Reads a report into a case draft: the reporter's answers as the narrative, the date where it can be read, the region
/// and perpetrator from the words of "where" and "who" (the import's own matching), one victim — the reporter, under a
/// code name — and the reporter's answer to the consent question carried as their decision, dated when they sent it.
/// </summary>
public sealed class DraftCaseFromReport(DalelInstance instance)
{
    public Result<CaseDraft> Run(Dalel.Core.Members.OrgScope scope, Guid id, string language)
    {
        if (!scope.Can(Dalel.Core.Members.Capability.WriteCases))
        {
            return new Forbidden();
        }

        var report = new GetIntakeReport(instance).Run(scope, id);
        if (!report.IsOk)
        {
            return report.Error!;
        }

        if (report.Value.CaseId is not null)
        {
            return new AlreadyExists("report");
        }

        var states = new Organisations.ListOrganisations(instance).CountriesOf(scope.OrganisationId);
        return Draft(report.Value.Messages, language, DateOnly.FromDateTime(instance.Clock.GetUtcNow().UtcDateTime), instance.Catalog, states);
    }

    /// <param name="states">The organisation's States: a place named in the report is looked for in their regions, and a draft without one starts in the first.</param>
    internal static CaseDraft Draft(IReadOnlyList<IntakeMessage> messages, string language, DateOnly today, Vocabularies.Catalog catalog, IReadOnlyList<string> states)
    {
        var content = ConvertIntakeReport.CaseFrom(messages, language, today);
        var first = messages[0];
        string? Answer(string question) => first.Answers.FirstOrDefault(a => a.QuestionId == question)?.Answer;
        var suggestions = new List<DraftSuggestion>();

        var place = content.Place with { Country = states[0] };
        if (Answer("where") is { Length: > 0 } where && Match(ImportChoices.For(ImportFields.Region, catalog, states), where) is var (word, code))
        {
            var parts = code.Split('/');
            place = new Place { Country = catalog.Geography.CountryOfRegion(parts[0])?.Code ?? states[0], Region = parts[0], Settlement = parts.Length > 1 ? parts[1] : null };
            suggestions.Add(new DraftSuggestion(ImportFields.Region, word, code));
        }

        var perpetrators = new List<Perpetrator>();
        if (Answer("who") is { Length: > 0 } who && Match(ImportChoices.For(ImportFields.Perpetrator, catalog), who) is var (said, type))
        {
            perpetrators.Add(new Perpetrator { Type = type, Description = who.Trim() });
            suggestions.Add(new DraftSuggestion(ImportFields.Perpetrator, said, type));
        }

        var received = DateOnly.FromDateTime(first.At.UtcDateTime);
        var codeName = Answer("victim") is { Length: > 0 and <= 100 } given ? given.Trim() : Texts.Get("intake.case_victim", language);
        var victim = new Victim { Id = Guid.NewGuid(), CodeName = codeName, Consents = FieldConsents(Answer, received) ?? Consents(Answer("consent"), received) };
        return new CaseDraft(content with
        {
            Place = place,
            Victims = [victim],
            Acts = [new Act { Id = Guid.NewGuid(), VictimId = victim.Id, Violations = [], Perpetrators = perpetrators }],
        }, suggestions);
    }

    /// <summary>Uses a field form asks about one by one.</summary>
    internal static readonly string[] AskedUses = ["anonymous_statistics", "anonymised_story", "named_publication"];

    /// <summary>
    /// A field form asks for each use separately, in person: each answer is recorded as given (verbally, noted by the
    /// documenter); an unanswered use stays unrecorded. Null when the report is not from a field form.
    /// </summary>
    private static List<ConsentGrant>? FieldConsents(Func<string, string?> answer, DateOnly received)
    {
        var given = AskedUses.Select(use => (Use: use, Answer: answer($"consent_{use}")?.Trim())).Where(x => !string.IsNullOrEmpty(x.Answer)).ToList();
        if (given.Count == 0)
        {
            return null;
        }

        var grants = new List<ConsentGrant> { new() { Use = "internal", Granted = true, Date = received, Method = "verbal" } };
        foreach (var (use, text) in given)
        {
            bool? granted = Texts.Translations("field.yes").Values.Contains(text, StringComparer.OrdinalIgnoreCase) ? true
                : Texts.Translations("field.no").Values.Contains(text, StringComparer.OrdinalIgnoreCase) ? false
                : null;
            if (granted is { } yes)
            {
                grants.Add(new ConsentGrant { Use = use, Granted = yes, Date = received, Method = "verbal" });
            }
        }

        return grants;
    }

    /// <summary>
    /// Reporting is consent to the organisation's own use; "yes, without my name" grants anonymised stories and
    /// anonymous statistics, "no" refuses both — recorded as the reporter gave it, online, on the day they wrote.
    /// </summary>
    private static List<ConsentGrant> Consents(string? answer, DateOnly received)
    {
        var grants = new List<ConsentGrant> { new() { Use = "internal", Granted = true, Date = received, Method = "electronic" } };
        bool? yes = answer is null ? null
            : Texts.Translations("intake.option.consent_yes").Values.Contains(answer.Trim(), StringComparer.OrdinalIgnoreCase) ? true
            : Texts.Translations("intake.option.consent_no").Values.Contains(answer.Trim(), StringComparer.OrdinalIgnoreCase) ? false
            : null;
        if (yes is { } granted)
        {
            grants.Add(new ConsentGrant { Use = "anonymised_story", Granted = granted, Date = received, Method = "electronic" });
            grants.Add(new ConsentGrant { Use = "anonymous_statistics", Granted = granted, Date = received, Method = "electronic" });
        }

        return grants;
    }

    /// <summary>The whole answer, then each of its words and pairs of words, matched by label or known word — never a
    /// mere resemblance, which would guess on the reporter's behalf.</summary>
    private static (string Word, string Code)? Match(ImportChoices choices, string text)
    {
        var words = text.Split([' ', ',', ';', '.', '\n', '(', ')', '«', '»', '"'], StringSplitOptions.RemoveEmptyEntries);
        var candidates = new[] { text.Trim() }.Concat(words.Zip(words.Skip(1), (a, b) => $"{a} {b}")).Concat(words.Where(w => w.Length >= 3));
        foreach (var candidate in candidates)
        {
            if (SuggestValues.One(choices, candidate) is ({ } code, SuggestionBasis.Label or SuggestionBasis.Synonym))
            {
                return (candidate, code);
            }
        }

        return null;
    }
}
