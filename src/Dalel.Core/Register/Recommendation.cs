namespace Dalel.Core.Register;

/// <summary>What the State said it would do with a recommendation (UPR: supported or noted).</summary>
public enum StatePosition
{
    Supported,
    PartlySupported,
    Noted,
}

/// <summary>Who made an assessment of implementation.</summary>
public enum AssessmentSource
{
    State,
    Coalition,
    Committee,
    OtherNgo,
}

/// <summary>
/// One judgement of how far a recommendation is implemented, at a date. The Committee's follow-up grades
/// (A–E, and the 2008–2017 sub-grades B1…D2) are kept as given; everyone else's as not / partially / fully.
/// </summary>
public sealed record ImplementationAssessment
{
    public required DateOnly Date { get; init; }

    public required AssessmentSource Source { get; init; }

    /// <summary>
    /// not_implemented, partially_implemented, fully_implemented, or a follow-up grade A, B, B1, B2, C, C1, C2, D, D1, D2, E.
    /// The Committee grades; the coalition and other NGOs may grade on the same scale or say not / partially / fully.
    /// </summary>
    public required string Status { get; init; }

    public string? Note { get; init; }

    /// <summary>The document the assessment appears in, when it is published.</summary>
    public ParagraphRef? Reference { get; init; }

    public static readonly IReadOnlyList<string> Statuses = ["not_implemented", "partially_implemented", "fully_implemented"];

    public static readonly IReadOnlyList<string> Grades = ["A", "B", "B1", "B2", "C", "C1", "C2", "D", "D1", "D2", "E"];

    /// <summary>What a source may say: the Committee grades, the State says how far it implemented, NGOs may do either.</summary>
    public static bool Allows(AssessmentSource source, string status) => source switch
    {
        AssessmentSource.Committee => Grades.Contains(status),
        AssessmentSource.State => Statuses.Contains(status),
        _ => Grades.Contains(status) || Statuses.Contains(status),
    };
}

/// <summary>A case offered as evidence for a recommendation. Only its organisation can open it.</summary>
public sealed record CaseLink(Guid Organisation, Guid Case);

/// <summary>A recommendation to the State, with its source, the State's position and a time series of assessments.</summary>
public sealed record Recommendation
{
    public required string Mechanism { get; init; }

    /// <summary>The recommending body as UHRI names it ("Human Rights Committee", "UPR").</summary>
    public required string Body { get; init; }

    public required string Symbol { get; init; }

    public required string Paragraph { get; init; }

    public required string Text { get; init; }

    /// <summary>The State the recommendation was made to (ISO 3166-1 alpha-2); blank on saving means the symbol's State.</summary>
    public string Country { get; init; } = "KZ";

    /// <summary>The Committee selected it for its follow-up procedure: the State must report on it by <see cref="FollowUpDue"/>.</summary>
    public bool FollowUp { get; init; }

    /// <summary>When the State's follow-up information is due (usually two or three years after the concluding observations).</summary>
    public DateOnly? FollowUpDue { get; init; }

    public IReadOnlyList<string> Themes { get; init; } = [];

    public IReadOnlyList<string> AffectedPersons { get; init; } = [];

    /// <summary>For the UPR: the State that made the recommendation.</summary>
    public string? RecommendingState { get; init; }

    public StatePosition? Position { get; init; }

    public IReadOnlyList<ImplementationAssessment> Assessments { get; init; } = [];

    public IReadOnlyList<CaseLink> Evidence { get; init; } = [];

    /// <summary>UHRI's annotation id, so a second import of the same export does not duplicate.</summary>
    public string? UhriId { get; init; }

    /// <summary>The latest assessment decides the current status.</summary>
    public ImplementationAssessment? Latest => Assessments.OrderBy(a => a.Date).LastOrDefault();
}
