using Dalel.Core.Register;

namespace Dalel.Web.Pages.Orgs.Register;

/// <summary>The recommendation form: lists are typed one per line or separated by semicolons, as UHRI writes them.</summary>
public sealed class RecommendationForm
{
    public string Mechanism { get; set; } = "ccpr";

    public string Body { get; set; } = "";

    public string Symbol { get; set; } = "";

    public string Paragraph { get; set; } = "";

    public string Text { get; set; } = "";

    public string? Themes { get; set; }

    public string? AffectedPersons { get; set; }

    public string? RecommendingState { get; set; }

    public StatePosition? Position { get; set; }

    /// <summary>Blank: the State the symbol names.</summary>
    public string? Country { get; set; }

    public bool FollowUp { get; set; }

    public string? FollowUpDue { get; set; }

    public long Version { get; set; }

    public static RecommendationForm From(Recommendation r, long version) => new()
    {
        Mechanism = r.Mechanism,
        Body = r.Body,
        Symbol = r.Symbol,
        Paragraph = r.Paragraph,
        Text = r.Text,
        Themes = string.Join("; ", r.Themes),
        AffectedPersons = string.Join("; ", r.AffectedPersons),
        RecommendingState = r.RecommendingState,
        Position = r.Position,
        Country = r.Country,
        FollowUp = r.FollowUp,
        FollowUpDue = r.FollowUpDue?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Version = version,
    };

    /// <summary>The recommendation as typed, keeping what the form does not show (assessments, evidence, UHRI id).</summary>
    public Recommendation ToRecommendation(DateOnly? followUpDue, Recommendation? previous = null) => (previous ?? new Recommendation { Mechanism = "", Body = "", Symbol = "", Paragraph = "", Text = "" }) with
    {
        Country = Country?.Trim() ?? "",
        FollowUp = FollowUp,
        FollowUpDue = followUpDue,
        Mechanism = Mechanism,
        Body = string.IsNullOrWhiteSpace(Body) ? MechanismCatalog.Default.Find(Mechanism)?.Body ?? "" : Body.Trim(),
        Symbol = Symbol.Trim(),
        Paragraph = Paragraph.Trim(),
        Text = Text.Trim(),
        Themes = Lines(Themes),
        AffectedPersons = Lines(AffectedPersons),
        RecommendingState = string.IsNullOrWhiteSpace(RecommendingState) ? null : RecommendingState.Trim(),
        Position = Position,
    };

    internal static List<string> Lines(string? text) =>
        (text ?? "").Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
}

public sealed class DocumentForm
{
    public string Symbol { get; set; } = "";

    public DocumentType Type { get; set; } = DocumentType.ConcludingObservations;

    public string Mechanism { get; set; } = "ccpr";

    /// <summary>Blank: the State the symbol names.</summary>
    public string? Country { get; set; }

    public int? Cycle { get; set; }

    public string? Session { get; set; }

    public string? Date { get; set; }

    public string Title { get; set; } = "";

    public string? Url { get; set; }
}

public sealed class QuestionForm
{
    public string Symbol { get; set; } = "";

    public string Paragraph { get; set; } = "";

    public string Text { get; set; } = "";

    /// <summary>One reply per line: "CCPR/C/KAZ/3 | 96-99".</summary>
    public string? Replies { get; set; }

    public ReplyAssessment? Assessment { get; set; }

    public string? AssessmentReason { get; set; }

    public ListQuestion ToQuestion() => new()
    {
        Symbol = Symbol.Trim(),
        Paragraph = Paragraph.Trim(),
        Text = Text.Trim(),
        Replies = (Replies ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|', 2, StringSplitOptions.TrimEntries))
            .Select(parts => new ParagraphRef(parts[0], parts.Length > 1 ? parts[1] : ""))
            .ToList(),
        Assessment = Assessment,
        AssessmentReason = string.IsNullOrWhiteSpace(AssessmentReason) ? null : AssessmentReason.Trim(),
    };
}
