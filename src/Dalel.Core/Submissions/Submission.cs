using Dalel.Core.Statistics;

namespace Dalel.Core.Submissions;

/// <summary>
/// A shadow report or stakeholder submission being written: who submits it to which mechanism, and its outline of
/// sections with numbered paragraphs. Paragraph numbers are never stored; they are counted at export, so moving a
/// paragraph can never leave two numbered 73.
/// </summary>
public sealed record Submission
{
    public required string Title { get; init; }

    public required string Mechanism { get; init; }

    public string? Session { get; init; }

    /// <summary>The session's first and last day, printed on the cover.</summary>
    public DateOnly? SessionFrom { get; init; }

    public DateOnly? SessionTo { get; init; }

    /// <summary>The State whose record is reviewed (ISO 3166-1 alpha-2).</summary>
    public string Country { get; init; } = "KZ";

    /// <summary>The symbol of the State report under review (CCPR/C/KAZ/3), printed on the cover.</summary>
    public string? StateReport { get; init; }

    /// <summary>Who the secretariat writes to: a name and an e-mail address, printed on the cover.</summary>
    public string? Contact { get; init; }

    /// <summary>The language the document is written in: statistics sentences and fixed texts follow it.</summary>
    public string Language { get; init; } = "en";

    /// <summary>Member organisations named as submitters; the owning organisation first.</summary>
    public IReadOnlyList<Guid> SubmittingOrganisations { get; init; } = [];

    /// <summary>Partners not on this instance (initiatives, activists' groups), by the name they want printed.</summary>
    public IReadOnlyList<string> OtherSubmitters { get; init; } = [];

    public DateOnly? Deadline { get; init; }

    /// <summary>An owner decided the document may go out over the mechanism's word limit (audited).</summary>
    public bool WordLimitOverridden { get; init; }

    public IReadOnlyList<Section> Sections { get; init; } = [];

    public int SubmitterCount => SubmittingOrganisations.Count + OtherSubmitters.Count;
}

/// <summary>A part of the outline, usually an ICCPR article group, with its paragraphs and its recommendations.</summary>
public sealed record Section
{
    public required Guid Id { get; init; }

    public required string Title { get; init; }

    /// <summary>Covenant articles as the heading cites them: "2, 19, 20, 26" prints "(arts. 2, 19, 20 and 26)".</summary>
    public string Articles { get; init; } = "";

    public IReadOnlyList<Paragraph> Paragraphs { get; init; } = [];

    public IReadOnlyList<SectionRecommendation> Recommendations { get; init; } = [];
}

/// <summary>
/// A numbered paragraph. <see cref="Text"/> may contain <c>[^1]</c> where footnote 1 belongs and <c>{statistic}</c>
/// where the live statistic's sentence goes; footnotes and the sentence without a marker follow the text.
/// </summary>
public sealed record Paragraph
{
    public required Guid Id { get; init; }

    /// <summary>A sub-heading printed before the paragraph ("Police brutality").</summary>
    public string? Heading { get; init; }

    public string Text { get; init; } = "";

    public IReadOnlyList<Footnote> Footnotes { get; init; } = [];

    /// <summary>The member organisation whose information this is, printed under the paragraph.</summary>
    public Guid? AttributedTo { get; init; }

    /// <summary>Partners outside the instance named under the paragraph ("Glotion, REQUEST").</summary>
    public string? AttributedToNames { get; init; }

    public LiveStatistic? Statistic { get; init; }

    public CaseStory? Story { get; init; }

    /// <summary>Print the estimate of all incidents, documented or not, from the latest linkage (at <c>{estimate}</c>, or after the text).</summary>
    public bool Estimate { get; init; }

    /// <summary>How that estimate is made; what was printed before 2026-12-01 is the default.</summary>
    public SubmissionEstimate EstimateMethod { get; init; }
}

/// <summary>The methods a submission can print its estimate by: each a figure a statistician can stand behind, and quick enough to make at every build.</summary>
public enum SubmissionEstimate
{
    /// <summary>The log-linear model BIC chooses, on the confirmed groups, with the range of the models BIC cannot tell apart.</summary>
    BestLogLinear,

    /// <summary>Bayesian model averaging over decomposable graphs, on the confirmed groups: the doubt about the model in the interval.</summary>
    Averaged,

    /// <summary>Model averaging over overlap tables drawn from the linkage model: the doubt about the linkage in the interval too.</summary>
    WithLinkageError,
}

/// <summary>A citation: a UN document by symbol and paragraph, or a publication with title, date and address.</summary>
public sealed record Footnote
{
    /// <summary>The citation as written, when it does not fit the fields (printed as is, then the address).</summary>
    public string? Text { get; init; }

    public string? Symbol { get; init; }

    public string? Paragraphs { get; init; }

    /// <summary>Title of the document or article, as it should be printed.</summary>
    public string? Title { get; init; }

    /// <summary>Publisher or media outlet.</summary>
    public string? Publisher { get; init; }

    public string? Date { get; init; }

    public string? Url { get; init; }

    /// <summary>
    /// The citation as printed, UN style: "CCPR/C/KAZ/CO/2, paras. 9–10." or "Parni+, “Police raids”, 2024."; the
    /// address apart, so a document can make it a working link. Punctuation the author typed at the end is not doubled.
    /// </summary>
    public Citation Render(string language = "en")
    {
        var url = Url is { Length: > 0 } u ? u.Trim() : null;
        if (Text is { Length: > 0 } written)
        {
            return new Citation(Typography.Quotes(written.Trim().TrimEnd('.', ',', ';', ':', ' ') + ".", language), url);
        }

        var parts = new List<string>();
        if (Publisher is { Length: > 0 })
        {
            parts.Add(Publisher.Trim());
        }

        if (Title is { Length: > 0 })
        {
            parts.Add(Symbol is { Length: > 0 } ? $"{Title.Trim()} ({Symbol.Trim()})" : Typography.Quoted(Title.Trim(), language));
        }
        else if (Symbol is { Length: > 0 })
        {
            parts.Add(Symbol.Trim());
        }

        if (Paragraphs is { Length: > 0 })
        {
            parts.Add(Register.ParagraphReference.Cite(Paragraphs, language));
        }

        if (Date is { Length: > 0 })
        {
            parts.Add(Date.Trim());
        }

        return new Citation(Typography.Quotes(string.Join(", ", parts.Select(p => p.TrimEnd('.', ',', ';', ':', ' '))) + ".", language), url);
    }
}

/// <summary>A footnote's text and, when it has one, the address printed after it as a link.</summary>
public sealed record Citation(string Text, string? Url)
{
    /// <summary>"Available at" in the document's language, before the address.</summary>
    public static string AvailableAt(string language) => language switch { "ru" => "Доступно по адресу:", "kk" => "Мекенжайы:", _ => "Available at" };

    /// <summary>The footnote as one line of plain text (HTML title, word count).</summary>
    public string Plain(string language) => Url is null ? Text : $"{Text} {AvailableAt(language)} {Url}";
}

/// <summary>Numbers bound to a statistics query: recomputed, with disclosure control, every time the document is built.</summary>
public sealed record LiveStatistic
{
    /// <summary>"organisation" (the owning organisation's cases) or "coalition" (consented, shared cases of all members).</summary>
    public string Scope { get; init; } = "organisation";

    public required StatisticsQuery Query { get; init; }

    /// <summary>The row whose sentence is printed (e.g. police_violence); none prints one sentence per row.</summary>
    public string? Row { get; init; }

    public bool ShowTable { get; init; }

    public bool ShowChart { get; init; }
}

/// <summary>An anonymised story told from one of the organisation's own cases, with the flagged details an owner let through.</summary>
public sealed record CaseStory
{
    public required Guid Case { get; init; }

    public required string Text { get; init; }

    public IReadOnlyList<AcceptedRisk> Accepted { get; init; } = [];
}

public sealed record AcceptedRisk(string Kind, string Excerpt, string AcceptedBy, DateTimeOffset At);

/// <summary>A recommendation of the section, optionally the coalition's echo of one in the register.</summary>
public sealed record SectionRecommendation
{
    public required Guid Id { get; init; }

    public required string Text { get; init; }

    public Guid? Recommendation { get; init; }
}
