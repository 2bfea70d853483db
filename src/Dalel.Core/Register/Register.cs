namespace Dalel.Core.Register;

/// <summary>What a UN or OSCE document is, in the terms the symbol grammar and the submission rules use.</summary>
public enum DocumentType
{
    StateReport,
    ListOfIssues,
    ListOfIssuesPriorToReporting,
    StateReplies,
    ConcludingObservations,
    FollowUp,
    NgoSubmission,
    UprWorkingGroupReport,
    UprStateViews,
    Other,
}

/// <summary>A document of a review cycle, known by its UN symbol (CCPR/C/KAZ/QPR/3, A/HRC/43/10).</summary>
public sealed record UnDocument
{
    public required string Symbol { get; init; }

    public required DocumentType Type { get; init; }

    public required string Mechanism { get; init; }

    public required string Country { get; init; }

    /// <summary>Review cycle (third periodic report, fourth UPR cycle).</summary>
    public int? Cycle { get; init; }

    /// <summary>Committee or Working Group session, as the body numbers it ("144", "WG 48").</summary>
    public string? Session { get; init; }

    public DateOnly? Date { get; init; }

    public required string Title { get; init; }

    public string? Url { get; init; }
}

/// <summary>A place in a UN document: symbol and paragraph(s), as footnotes and replies cite it ("para 7 (b)", "paras 96–99").</summary>
public sealed record ParagraphRef(string Symbol, string Paragraphs)
{
    public override string ToString() => Paragraphs.Length == 0 ? Symbol : $"{Symbol}, {(Paragraphs.Any(c => c is '-' or '–' or ',') ? "paras" : "para")} {Paragraphs}";
}

/// <summary>How fully the State answered a question of a list of issues, in the coalition's judgement.</summary>
public enum ReplyAssessment
{
    Answered,
    PartlyAnswered,
    Ignored,
}

/// <summary>A question of a list of issues, where the State answered it, and what the coalition makes of the answer.</summary>
public sealed record ListQuestion
{
    public required string Symbol { get; init; }

    public required string Paragraph { get; init; }

    public required string Text { get; init; }

    public IReadOnlyList<string> Themes { get; init; } = [];

    public IReadOnlyList<ParagraphRef> Replies { get; init; } = [];

    public ReplyAssessment? Assessment { get; init; }

    public string? AssessmentReason { get; init; }
}
