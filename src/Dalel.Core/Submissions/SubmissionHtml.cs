using System.Globalization;
using System.Net;
using System.Text;
using Dalel.Core.Text;

namespace Dalel.Core.Submissions;

/// <summary>A built submission as one self-contained HTML file: nothing loaded from elsewhere, charts inline as SVG.</summary>
public static class SubmissionHtml
{
    public static string Render(BuiltSubmission built)
    {
        var s = built.Source;
        var language = s.Language;
        var html = new StringBuilder();
        var notes = new List<(int Number, string Text, string? Url)>();
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html>\n<html lang=\"{E(language)}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{E(s.Title)}</title>\n")
            .Append("<style>body{font-family:'Times New Roman',serif;max-width:46em;margin:2em auto;line-height:1.45;padding:0 1em}")
            .Append("h1.title{text-align:center}p.n{display:flex;gap:.75em;text-align:justify}p.n>span.no{min-width:2.5em}")
            .Append(".attribution{text-align:right;font-style:italic}table{border-collapse:collapse;width:100%}td,th{border:1px solid #444;padding:.2em .4em;text-align:right}td:first-child,th:first-child{text-align:left}")
            .Append(".notes{font-size:.85em;border-top:1px solid #444;margin-top:2em}figure{margin:1em 0;text-align:center}.table-title{font-weight:bold;margin-bottom:.3em}.caption{font-style:italic;font-size:.9em}</style>\n</head>\n<body>\n");
        html.Append(CultureInfo.InvariantCulture, $"<header>\n<h1 class=\"title\">{E(Typography.Quotes(s.Title, language))}</h1>\n<p style=\"text-align:center\">")
            .AppendJoin("<br>", SubmissionDocx.CoverLines(built).Select(E))
            .Append(CultureInfo.InvariantCulture, $"</p>\n<h2>{E(Texts.Get("submission.cover_submitted_by", language))}</h2>\n<ul>\n");
        foreach (var submitter in built.Submitters)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{E(submitter)}</li>\n");
        }

        html.Append("</ul>\n");
        foreach (var line in SubmissionDocx.CoverFooterLines(built))
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(line)}</p>\n");
        }

        html.Append("</header>\n<main>\n");
        foreach (var section in built.Sections)
        {
            html.Append(CultureInfo.InvariantCulture, $"<section>\n<h2>{E(section.Heading)}</h2>\n");
            foreach (var paragraph in section.Paragraphs)
            {
                Paragraph(html, paragraph, notes, language);
            }

            if (section.Recommendations.Count > 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<h3>{E(section.RecommendationsHeading)}</h3>\n");
                foreach (var recommendation in section.Recommendations)
                {
                    Paragraph(html, recommendation, notes, language);
                }
            }

            html.Append("</section>\n");
        }

        html.Append("</main>\n");
        if (notes.Count > 0)
        {
            html.Append("<footer class=\"notes\">\n<ol>\n");
            foreach (var (number, text, url) in notes)
            {
                var link = url is null ? "" : $" {E(Citation.AvailableAt(language))} <a href=\"{E(url)}\">{E(url)}</a>";
                html.Append(CultureInfo.InvariantCulture, $"<li id=\"fn{number}\" value=\"{number}\">{E(text)}{link} <a href=\"#fnref{number}\">↩</a></li>\n");
            }

            html.Append("</ol>\n</footer>\n");
        }

        return html.Append("</body>\n</html>\n").ToString();
    }

    private static void Paragraph(StringBuilder html, BuiltParagraph paragraph, List<(int, string, string?)> notes, string language)
    {
        if (paragraph.Heading is { } heading)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{E(heading)}</h3>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"n\" id=\"p{paragraph.Number}\"><span class=\"no\">{paragraph.Number}.</span><span>");
        foreach (var run in paragraph.Runs)
        {
            if (run.FootnoteNumber is { } number)
            {
                notes.Add((number, run.FootnoteText ?? "", run.FootnoteUrl));
                html.Append(CultureInfo.InvariantCulture, $"<sup id=\"fnref{number}\"><a href=\"#fn{number}\">{number}</a></sup>");
            }
            else
            {
                html.Append(E(run.Text));
            }
        }

        html.Append("</span></p>\n");
        if (paragraph.Table is { } table)
        {
            html.Append(CultureInfo.InvariantCulture, $"<table>\n<caption class=\"table-title\">{E(paragraph.TableTitle ?? "")}</caption>\n");
            for (var r = 0; r < table.Count; r++)
            {
                var cell = r == 0 ? "th" : "td";
                html.Append("<tr>").AppendJoin("", table[r].Select(v => $"<{cell}>{E(v)}</{cell}>")).Append("</tr>\n");
            }

            html.Append("</table>\n");
            // The caption says what "<3" and "np" mean, which period and unit, and that categories overlap.
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"caption\">{E(paragraph.TableCaption ?? "")}</p>\n");
        }

        if (paragraph.ChartSvg is { } svg)
        {
            // The SVG is Dalel's own output (built with XElement, every label escaped), so it is embedded as is.
            html.Append(CultureInfo.InvariantCulture, $"<figure>\n<p class=\"table-title\">{E(paragraph.ChartTitle ?? "")}</p>\n").Append(svg)
                .Append(CultureInfo.InvariantCulture, $"<figcaption>{E(paragraph.ChartDescription ?? "")}{(paragraph.Table is null ? " " + E(paragraph.TableCaption ?? "") : "")}</figcaption></figure>\n");
        }

        if (paragraph.Attribution is { } attribution)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"attribution\">{E(attribution)}</p>\n");
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
