using System.Text.RegularExpressions;

namespace Dalel.Core.Submissions;

/// <summary>
/// Words as a word processor counts them: runs of letters or digits, joined by an apostrophe or hyphen ("LGBTQIA+"
/// is one word, "2018–2022" two). Headings, paragraphs, recommendations, attributions and footnotes all count, as
/// treaty bodies count the whole document; the cover does not.
/// </summary>
public static partial class WordCount
{
    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")]
    private static partial Regex Word();

    public static int Of(string? text) => text is null ? 0 : Word().Count(text);

    public static int Of(BuiltParagraph paragraph) =>
        Of(paragraph.Heading) + paragraph.Runs.Sum(r => r.IsFootnote ? Of(r.FootnoteText) + Of(r.FootnoteUrl) : Of(r.Text)) + Of(paragraph.Attribution);

    public static int Of(IEnumerable<BuiltSection> sections) =>
        sections.Sum(s => Of(s.Heading) + s.Paragraphs.Sum(Of) + (s.Recommendations.Count > 0 ? Of(s.RecommendationsHeading) + s.Recommendations.Sum(Of) : 0));
}
