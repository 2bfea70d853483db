using System.Globalization;
using Dalel.Core.Statistics;
using Dalel.Core.Submissions;

namespace Dalel.Web.Pages.Orgs.Submissions;

public sealed class HeaderForm
{
    public string Title { get; set; } = "";

    public string Mechanism { get; set; } = "ccpr";

    public string? Session { get; set; }

    public string? SessionFrom { get; set; }

    public string? SessionTo { get; set; }

    public string Country { get; set; } = "";

    public string? StateReport { get; set; }

    public string? Contact { get; set; }

    public string Language { get; set; } = "en";

    public List<Guid> OtherOrganisations { get; set; } = [];

    /// <summary>Partners outside the instance, separated by semicolons.</summary>
    public string? OtherSubmitters { get; set; }

    public string? Deadline { get; set; }

    public static HeaderForm From(Submission s) => new()
    {
        Title = s.Title,
        Mechanism = s.Mechanism,
        Session = s.Session,
        SessionFrom = s.SessionFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        SessionTo = s.SessionTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Country = s.Country,
        StateReport = s.StateReport,
        Contact = s.Contact,
        Language = s.Language,
        OtherOrganisations = s.SubmittingOrganisations.Skip(1).ToList(),
        OtherSubmitters = string.Join("; ", s.OtherSubmitters),
        Deadline = s.Deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    public SubmissionHeader ToHeader(DateOnly? deadline, DateOnly? sessionFrom, DateOnly? sessionTo) => new()
    {
        Title = Title,
        Mechanism = Mechanism,
        Session = Session,
        SessionFrom = sessionFrom,
        SessionTo = sessionTo,
        Country = Country,
        StateReport = StateReport,
        Contact = Contact,
        Language = Language,
        OtherOrganisations = OtherOrganisations,
        OtherSubmitters = (OtherSubmitters ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        Deadline = deadline,
    };
}

public sealed class FootnoteForm
{
    /// <summary>A citation written out in full, for sources the other fields do not fit.</summary>
    public string? Text { get; set; }

    public string? Symbol { get; set; }

    public string? Paragraphs { get; set; }

    public string? Title { get; set; }

    public string? Publisher { get; set; }

    public string? Date { get; set; }

    public string? Url { get; set; }

    public bool IsEmpty => new[] { Text, Symbol, Paragraphs, Title, Publisher, Date, Url }.All(string.IsNullOrWhiteSpace);

    public static FootnoteForm From(Footnote f) => new() { Text = f.Text, Symbol = f.Symbol, Paragraphs = f.Paragraphs, Title = f.Title, Publisher = f.Publisher, Date = f.Date, Url = f.Url };

    public Footnote ToFootnote() => new()
    {
        Text = Clean(Text),
        Symbol = Clean(Symbol),
        Paragraphs = Clean(Paragraphs),
        Title = Clean(Title),
        Publisher = Clean(Publisher),
        Date = Clean(Date),
        Url = Clean(Url),
    };

    internal static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Everything of one paragraph the editor shows; each paragraph is its own form, so saving one keeps the others.</summary>
public sealed class ParagraphForm
{
    public Guid Id { get; set; }

    public string? Heading { get; set; }

    public string? Text { get; set; }

    public Guid? AttributedTo { get; set; }

    public string? AttributedToNames { get; set; }

    public List<FootnoteForm> Footnotes { get; set; } = [];

    public bool HasStatistic { get; set; }

    public string StatisticScope { get; set; } = "organisation";

    public string? Rows { get; set; }

    public string? Columns { get; set; }

    /// <summary>One filter per line: "year=2024".</summary>
    public string? Filters { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }

    public string? Row { get; set; }

    public bool ShowTable { get; set; }

    public bool ShowChart { get; set; }

    public Guid? StoryCase { get; set; }

    public string? StoryText { get; set; }

    public bool Estimate { get; set; }

    /// <summary>A <see cref="SubmissionEstimate"/> by name; anything else is the default.</summary>
    public string? EstimateMethod { get; set; }

    public static ParagraphForm Of(Paragraph p) => new()
    {
        Estimate = p.Estimate,
        EstimateMethod = p.EstimateMethod.ToString(),
        Id = p.Id,
        Heading = p.Heading,
        Text = p.Text,
        AttributedTo = p.AttributedTo,
        AttributedToNames = p.AttributedToNames,
        Footnotes = p.Footnotes.Select(FootnoteForm.From).ToList(),
        HasStatistic = p.Statistic is not null,
        StatisticScope = p.Statistic?.Scope ?? "organisation",
        Rows = p.Statistic?.Query.Rows,
        Columns = p.Statistic?.Query.Columns,
        Filters = p.Statistic is null ? null : string.Join("\n", p.Statistic.Query.Filters.Select(f => $"{f.Key}={f.Value}")),
        From = p.Statistic?.Query.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        To = p.Statistic?.Query.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Row = p.Statistic?.Row,
        ShowTable = p.Statistic?.ShowTable ?? false,
        ShowChart = p.Statistic?.ShowChart ?? false,
        StoryCase = p.Story?.Case,
        StoryText = p.Story?.Text,
    };

    /// <summary>The paragraph as typed; a story keeps its owner-accepted details only while it tells the same case.</summary>
    public Paragraph Apply(Paragraph previous, DateOnly? from, DateOnly? to) => previous with
    {
        Heading = FootnoteForm.Clean(Heading),
        Text = Text?.Trim() ?? "",
        AttributedTo = AttributedTo,
        AttributedToNames = FootnoteForm.Clean(AttributedToNames),
        Footnotes = Footnotes.Where(f => !f.IsEmpty).Select(f => f.ToFootnote()).ToList(),
        Statistic = HasStatistic && !string.IsNullOrWhiteSpace(Rows)
            ? new LiveStatistic
            {
                Scope = StatisticScope,
                Query = new StatisticsQuery
                {
                    Rows = Rows,
                    Columns = FootnoteForm.Clean(Columns),
                    Filters = (Filters ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(line => line.Split('=', 2, StringSplitOptions.TrimEntries))
                        .Where(parts => parts.Length == 2 && parts[0].Length > 0)
                        .GroupBy(parts => parts[0], StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal),
                    From = from,
                    To = to,
                },
                Row = FootnoteForm.Clean(Row),
                ShowTable = ShowTable,
                ShowChart = ShowChart,
            }
            : null,
        Estimate = Estimate,
        EstimateMethod = Enum.TryParse<SubmissionEstimate>(EstimateMethod, out var method) && Enum.IsDefined(method) ? method : SubmissionEstimate.BestLogLinear,
        Story = StoryCase is { } story
            ? new CaseStory { Case = story, Text = StoryText?.Trim() ?? "", Accepted = previous.Story?.Case == story ? previous.Story.Accepted : [] }
            : null,
    };
}
