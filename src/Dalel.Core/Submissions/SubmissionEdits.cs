namespace Dalel.Core.Submissions;

/// <summary>The changes the editor makes, as pure functions: each returns the new submission or says what was not found.</summary>
public static class SubmissionEdits
{
    public static Result<Submission> AddSection(Submission s, string title, string articles, Guid id) =>
        s with { Sections = [.. s.Sections, new Section { Id = id, Title = title.Trim(), Articles = articles.Trim() }] };

    public static Result<Submission> UpdateSection(Submission s, Guid sectionId, string title, string articles) =>
        WithSection(s, sectionId, x => x with { Title = title.Trim(), Articles = articles.Trim() });

    public static Result<Submission> RemoveSection(Submission s, Guid sectionId) =>
        s.Sections.Any(x => x.Id == sectionId) ? s with { Sections = s.Sections.Where(x => x.Id != sectionId).ToList() } : new NotFound();

    public static Result<Submission> MoveSection(Submission s, Guid sectionId, int delta) =>
        !s.Sections.Any(x => x.Id == sectionId) ? new NotFound()
        : Move(s.Sections, x => x.Id == sectionId, delta) is { } moved ? s with { Sections = moved } : s;

    public static Result<Submission> AddParagraph(Submission s, Guid sectionId, Paragraph paragraph) =>
        WithSection(s, sectionId, x => x with { Paragraphs = [.. x.Paragraphs, paragraph] });

    public static Result<Submission> UpdateParagraph(Submission s, Guid paragraphId, Func<Paragraph, Paragraph> change)
    {
        var found = false;
        var sections = s.Sections.Select(x => x with
        {
            Paragraphs = x.Paragraphs.Select(p =>
            {
                if (p.Id != paragraphId)
                {
                    return p;
                }

                found = true;
                return change(p);
            }).ToList(),
        }).ToList();
        return found ? s with { Sections = sections } : new NotFound();
    }

    public static Result<Submission> RemoveParagraph(Submission s, Guid paragraphId) =>
        s.Sections.Any(x => x.Paragraphs.Any(p => p.Id == paragraphId))
            ? s with { Sections = s.Sections.Select(x => x with { Paragraphs = x.Paragraphs.Where(p => p.Id != paragraphId).ToList() }).ToList() }
            : new NotFound();

    /// <summary>Moves a paragraph up or down; past the edge of its section it goes to the end or start of the neighbouring one.</summary>
    public static Result<Submission> MoveParagraph(Submission s, Guid paragraphId, int delta)
    {
        var index = s.Sections.ToList().FindIndex(x => x.Paragraphs.Any(p => p.Id == paragraphId));
        if (index < 0)
        {
            return new NotFound();
        }

        var section = s.Sections[index];
        if (Move(section.Paragraphs, p => p.Id == paragraphId, delta) is { } moved)
        {
            return s with { Sections = s.Sections.Select((x, i) => i == index ? x with { Paragraphs = moved } : x).ToList() };
        }

        var target = index + Math.Sign(delta);
        if (target < 0 || target >= s.Sections.Count)
        {
            return s;
        }

        var paragraph = section.Paragraphs.First(p => p.Id == paragraphId);
        return s with
        {
            Sections = s.Sections.Select((x, i) =>
                i == index ? x with { Paragraphs = x.Paragraphs.Where(p => p.Id != paragraphId).ToList() }
                : i == target ? x with { Paragraphs = delta > 0 ? [paragraph, .. x.Paragraphs] : [.. x.Paragraphs, paragraph] }
                : x).ToList(),
        };
    }

    public static Result<Submission> AddRecommendation(Submission s, Guid sectionId, SectionRecommendation recommendation) =>
        WithSection(s, sectionId, x => x with { Recommendations = [.. x.Recommendations, recommendation] });

    public static Result<Submission> UpdateRecommendation(Submission s, Guid recommendationId, string text, Guid? registerEntry)
    {
        var found = s.Sections.Any(x => x.Recommendations.Any(r => r.Id == recommendationId));
        return found
            ? s with
            {
                Sections = s.Sections.Select(x => x with
                {
                    Recommendations = x.Recommendations.Select(r => r.Id == recommendationId ? r with { Text = text.Trim(), Recommendation = registerEntry } : r).ToList(),
                }).ToList(),
            }
            : new NotFound();
    }

    public static Result<Submission> RemoveRecommendation(Submission s, Guid recommendationId) =>
        s.Sections.Any(x => x.Recommendations.Any(r => r.Id == recommendationId))
            ? s with { Sections = s.Sections.Select(x => x with { Recommendations = x.Recommendations.Where(r => r.Id != recommendationId).ToList() }).ToList() }
            : new NotFound();

    private static Result<Submission> WithSection(Submission s, Guid sectionId, Func<Section, Section> change) =>
        s.Sections.Any(x => x.Id == sectionId)
            ? s with { Sections = s.Sections.Select(x => x.Id == sectionId ? change(x) : x).ToList() }
            : new NotFound();

    /// <summary>The list with the matching item moved by <paramref name="delta"/>; null when not found or it would leave the list.</summary>
    private static List<T>? Move<T>(IReadOnlyList<T> items, Func<T, bool> match, int delta)
    {
        var list = items.ToList();
        var at = list.FindIndex(x => match(x));
        var to = at + delta;
        if (at < 0 || to < 0 || to >= list.Count)
        {
            return null;
        }

        var item = list[at];
        list.RemoveAt(at);
        list.Insert(to, item);
        return list;
    }
}
