using Dalel.Core.Statistics;

namespace Dalel.Core.Submissions;

/// <summary>A submission with every number computed, every story checked and every paragraph numbered: what an export prints.</summary>
public sealed record BuiltSubmission
{
    public required Guid Id { get; init; }

    public required Submission Source { get; init; }

    public required string MechanismName { get; init; }

    public required string CountryName { get; init; }

    /// <summary>The day the document is built, printed on the cover.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>What an editor should look at before sending, without stopping the export: a language the body does not accept, evidence from another State.</summary>
    public IReadOnlyList<FieldError> Warnings { get; init; } = [];

    public required IReadOnlyList<string> Submitters { get; init; }

    public required IReadOnlyList<BuiltSection> Sections { get; init; }

    public required int WordCount { get; init; }

    public int? WordLimit { get; init; }

    /// <summary>What stops the export: unresolved story flags, missing consent, withheld numbers, length over the limit.</summary>
    public required IReadOnlyList<FieldError> Problems { get; init; }

    public bool OverLimit => WordLimit is { } limit && WordCount > limit;

    public IEnumerable<BuiltParagraph> AllParagraphs => Sections.SelectMany(s => s.Paragraphs);
}

public sealed record BuiltSection(Guid Id, string Heading, IReadOnlyList<BuiltParagraph> Paragraphs, string RecommendationsHeading, IReadOnlyList<BuiltParagraph> Recommendations);

/// <summary>A printed paragraph: its number, optional sub-heading, text runs with footnote references, and what goes with it.</summary>
public sealed record BuiltParagraph
{
    public required Guid Id { get; init; }

    public required int Number { get; init; }

    public string? Heading { get; init; }

    public required IReadOnlyList<TextRun> Runs { get; init; }

    public string? Attribution { get; init; }

    /// <summary>The statistic's table as printed (header row first), when the paragraph shows one.</summary>
    public IReadOnlyList<string[]>? Table { get; init; }

    /// <summary>"Table 2. Cases by perpetrator, 2024", above the table.</summary>
    public string? TableTitle { get; init; }

    /// <summary>Source, period, unit, overlap and disclosure rule, below the table or figure.</summary>
    public string? TableCaption { get; init; }

    public string? ChartSvg { get; init; }

    /// <summary>"Figure 1. …", above the chart.</summary>
    public string? ChartTitle { get; init; }

    public string? ChartDescription { get; init; }

    public bool IsStory { get; init; }

    public IReadOnlyList<StoryFlag> OpenFlags { get; init; } = [];

    public IReadOnlyList<StoryFlag> AcceptedFlags { get; init; } = [];

    public StatisticsTable? Statistic { get; init; }

    /// <summary>Cases of the organisation its figure left out because a victim did not consent to anonymous statistics.</summary>
    public int? LeftOutForConsent { get; init; }

    public string PlainText => string.Concat(Runs.Select(r => r.Text));
}

/// <summary>Text, or a footnote reference (numbered through the whole document) with the footnote's text and address.</summary>
public sealed record TextRun(string Text, int? FootnoteNumber = null, string? FootnoteText = null, string? FootnoteUrl = null)
{
    public bool IsFootnote => FootnoteNumber is not null;
}
