using System.Globalization;
using System.Text.Json;
using Dalel.Core.Register;
using Dalel.Core.Members;
using Dalel.Core.Statistics;
using Dalel.Core.Submissions;

namespace Dalel.Core.Demo;

/// <summary>
/// The reference joint submission rebuilt in Dalel for the demo coalition (Demo/Data/submission.json, made by
/// tools/demo-submission.py): its sections, paragraphs, footnotes, attributions and recommendations, with the figures
/// the organisations counted by hand replaced by live statistics over the demo cases, one anonymised case story, and
/// the Kazakhstan ICCPR review cycle in the register.
/// </summary>
internal sealed class BuildDemoSubmission(DalelInstance instance)
{
    public Guid Run(IReadOnlyDictionary<string, Guid> organisations)
    {
        using var stream = typeof(BuildDemoSubmission).Assembly.GetManifestResourceStream("demo/submission.json")!;
        var demo = JsonSerializer.Deserialize<DemoSubmission>(stream, Json.Files)!;
        var owner = OrgScope.Cli(organisations[demo.Owner]);
        var echoes = Register(demo.Register, organisations, owner);

        var id = Must(new CreateSubmission(instance).Run(owner, new SubmissionHeader
        {
            Title = demo.Title,
            Mechanism = demo.Mechanism,
            Language = demo.Language,
            Session = demo.Session,
            SessionFrom = demo.SessionFrom,
            SessionTo = demo.SessionTo,
            Country = "KZ",
            StateReport = demo.StateReport,
            Contact = demo.Contact,
            OtherOrganisations = demo.Members.Select(m => organisations[m]).ToList(),
            OtherSubmitters = demo.Others,
        }));
        var stories = new ListStoryCases(instance).Run(owner).Value;
        var storyCases = instance.Enter(owner, Capability.ReadNarratives).Value;
        var sections = demo.Sections.Select(section => new Section
        {
            Id = Guid.NewGuid(),
            Title = section.Title,
            Articles = section.Articles,
            Paragraphs = section.Paragraphs.Select(p => new Paragraph
            {
                Id = Guid.NewGuid(),
                Heading = p.Heading,
                Text = p.Story is null ? p.Text : "",
                Footnotes = p.Footnotes.Select(f => new Footnote { Text = f.Text, Url = f.Url, Symbol = f.Symbol, Paragraphs = f.Paragraphs }).ToList(),
                AttributedTo = p.Attribution is { } key ? organisations[key] : null,
                AttributedToNames = p.AttributionNames,
                Statistic = p.Statistic is { } s ? Statistic(s, organisations) : null,
                Story = p.Story is { } violation
                    ? new CaseStory
                    {
                        Case = stories.First(c => storyCases.Case(c.Id)!.Record.Acts.Any(a => a.Violations.Contains(violation))).Id,
                        Text = p.Text,
                    }
                    : null,
            }).ToList(),
            Recommendations = section.Recommendations.Select(text => new SectionRecommendation
            {
                Id = Guid.NewGuid(),
                Text = text,
                Recommendation = echoes.FirstOrDefault(e => text.StartsWith(e.Prefix, StringComparison.Ordinal)).Id is var echo && echo != Guid.Empty ? echo : null,
            }).ToList(),
        }).ToList();
        Must(new EditSubmission(instance).Run(owner, id, 1, s => s with { Sections = sections }));
        return id;
    }

    private static LiveStatistic Statistic(DemoStatistic s, IReadOnlyDictionary<string, Guid> organisations) => new()
    {
        Scope = s.Scope,
        Row = s.Row,
        ShowTable = s.ShowTable,
        ShowChart = s.ShowChart,
        Query = new StatisticsQuery
        {
            Rows = s.Rows,
            Filters = s.Filters.ToDictionary(f => f.Key, f => f.Value.StartsWith('@') ? organisations[f.Value[1..]].ToString("D") : f.Value),
        },
    };

    private List<(string Prefix, Guid Id)> Register(DemoRegister register, IReadOnlyDictionary<string, Guid> organisations, OrgScope owner)
    {
        foreach (var d in register.Documents)
        {
            Must(new SaveRegisterEntry<UnDocument>(instance).Run(owner, null, 0, new UnDocument
            {
                Symbol = d.Symbol,
                Type = Enum.Parse<DocumentType>(d.Type),
                Mechanism = d.Mechanism,
                Country = "KZ",
                Cycle = d.Cycle,
                Session = d.Session,
                Date = d.Date is { } date ? DateOnly.Parse(date, CultureInfo.InvariantCulture) : null,
                Title = d.Title,
            }));
        }

        foreach (var q in register.Questions)
        {
            Must(new SaveRegisterEntry<ListQuestion>(instance).Run(owner, null, 0, new ListQuestion
            {
                Symbol = q.Symbol,
                Paragraph = q.Paragraph,
                Text = q.Text,
                Replies = q.Replies.Select(r => new ParagraphRef(r[0], r[1])).ToList(),
                Assessment = Enum.Parse<ReplyAssessment>(q.Assessment),
                AssessmentReason = q.Reason,
            }));
        }

        var echoes = new List<(string, Guid)>();
        foreach (var r in register.Recommendations)
        {
            var id = Must(new SaveRegisterEntry<Recommendation>(instance).Run(owner, null, 0, new Recommendation
            {
                Mechanism = r.Mechanism,
                Body = r.Body,
                Symbol = r.Symbol,
                Paragraph = r.Paragraph,
                Text = r.Text,
                Themes = r.Themes,
                AffectedPersons = r.AffectedPersons,
            }));
            foreach (var a in r.Assessments)
            {
                Must(new AssessRecommendation(instance).Run(owner, id, new ImplementationAssessment
                {
                    Date = DateOnly.Parse(a.Date, CultureInfo.InvariantCulture),
                    Source = Enum.Parse<AssessmentSource>(a.Source),
                    Status = a.Status,
                    Note = a.Note,
                    Reference = a.Reference is [var symbol, var paragraphs] ? new ParagraphRef(symbol, paragraphs) : null,
                }));
            }

            if (r.Evidence is { } evidence)
            {
                var scope = OrgScope.Cli(organisations[evidence.Organisation]);
                var cases = instance.Enter(scope, Capability.ReadCodedFacts).Value.Cases
                    .Where(c => c.Record.Acts.Any(a => a.Violations.Contains(evidence.Violation)))
                    .OrderBy(c => c.Record.Date.From).ThenBy(c => c.Record.Id)
                    .Take(evidence.Count);
                foreach (var c in cases)
                {
                    Must(new LinkEvidence(instance).Run(scope, id, c.Record.Id, link: true));
                }
            }

            if (r.EchoedBy is { } prefix)
            {
                echoes.Add((prefix, id));
            }
        }

        return echoes;
    }

    private static T Must<T>(Result<T> result) =>
        result.IsOk ? result.Value : throw new InvalidOperationException("The demo submission breaks a rule: " + (result.Error is Invalid i ? string.Join(", ", i.Errors.Select(e => $"{e.Field} {e.MessageKey} {string.Join("/", e.Args)}")) : result.Error!.GetType().Name));

    private sealed record DemoSubmission(string Title, string Mechanism, string Language, string Owner, IReadOnlyList<string> Members, IReadOnlyList<string> Others, IReadOnlyList<DemoSection> Sections, DemoRegister Register)
    {
        public string? Session { get; init; }

        public DateOnly? SessionFrom { get; init; }

        public DateOnly? SessionTo { get; init; }

        public string? StateReport { get; init; }

        public string? Contact { get; init; }
    }

    private sealed record DemoSection(string Title, string Articles, IReadOnlyList<DemoParagraph> Paragraphs, IReadOnlyList<string> Recommendations);

    private sealed record DemoParagraph
    {
        public string Text { get; init; } = "";

        public string? Heading { get; init; }

        public IReadOnlyList<DemoFootnote> Footnotes { get; init; } = [];

        public string? Attribution { get; init; }

        public string? AttributionNames { get; init; }

        public DemoStatistic? Statistic { get; init; }

        public string? Story { get; init; }
    }

    private sealed record DemoFootnote(string Text, string? Url, string? Symbol, string? Paragraphs);

    private sealed record DemoStatistic(string Scope, string Rows, string? Row, IReadOnlyDictionary<string, string> Filters, bool ShowTable = false, bool ShowChart = false);

    private sealed record DemoRegister(IReadOnlyList<DemoDocument> Documents, IReadOnlyList<DemoQuestion> Questions, IReadOnlyList<DemoRecommendation> Recommendations);

    private sealed record DemoDocument(string Symbol, string Type, string Mechanism, int? Cycle, string? Session, string? Date, string Title);

    private sealed record DemoQuestion(string Symbol, string Paragraph, string Text, IReadOnlyList<string[]> Replies, string Assessment, string? Reason);

    private sealed record DemoRecommendation(
        string Mechanism, string Body, string Symbol, string Paragraph, string Text, IReadOnlyList<string> Themes, IReadOnlyList<string> AffectedPersons,
        IReadOnlyList<DemoAssessment> Assessments, DemoEvidence? Evidence, string? EchoedBy);

    private sealed record DemoAssessment(string Date, string Source, string Status, string? Note, string[]? Reference);

    private sealed record DemoEvidence(string Organisation, string Violation, int Count);
}
