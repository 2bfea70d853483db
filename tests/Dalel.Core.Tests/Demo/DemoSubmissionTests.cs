using Dalel.Core.Demo;
using Dalel.Core.HateCrime;
using Dalel.Core.Register;
using Dalel.Core.Members;
using Dalel.Core.Submissions;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;

namespace Dalel.Core.Tests.Demo;

public sealed class DemoSubmissionTests
{
    [Fact]
    public void The_demo_holds_the_reference_submission_with_live_figures_and_the_ICCPR_cycle()
    {
        using var test = TestInstance.Create(initialise: false);
        var demo = new BuildDemoCoalition(test.Instance).Run(KdfParameters.Fast).Value;
        var trans = OrgScope.Cli(demo.Organisations.Single(o => o.Name.Contains("Trans", StringComparison.Ordinal)).Id);

        var register = new ReadRegister(test.Instance).Run(trans).Value;
        Assert.Contains(register.Documents, d => d.Value.Symbol == "CCPR/C/KAZ/QPR/3");
        Assert.Contains(register.Documents, d => d.Value.Symbol == "CCPR/C/KAZ/3");
        Assert.Contains(register.Documents, d => d.Value.Symbol == "CCPR/C/KAZ/CO/3");
        Assert.Contains(register.Questions, q => q.Value.Paragraph == "7 (b)" && q.Value.Assessment == ReplyAssessment.Ignored);
        var co2 = register.Recommendations.Single(r => r.Recommendation.Symbol == "CCPR/C/KAZ/CO/2");
        Assert.Equal("not_implemented", co2.Recommendation.Latest!.Status);
        Assert.Equal(5, co2.OwnCases.Count);

        var id = new ListSubmissions(test.Instance).Run(trans).Value.Single().Id;
        var built = new BuildSubmission(test.Instance).Run(trans, id).Value;
        Assert.Empty(built.Problems.Select(p => $"{p.Field} {p.MessageKey}"));
        Assert.Equal(6, built.Sections.Count);
        Assert.Equal("Non-discrimination (arts. 2, 19, 20 and 26)", built.Sections[1].Heading);
        Assert.InRange(built.AllParagraphs.Count() + built.Sections.Sum(s => s.Recommendations.Count), 85, 90);
        // The organisation has 112 cases in 2024; 18 of them have a victim who did not consent to anonymous statistics.
        var police = built.AllParagraphs.Single(p => p.PlainText.Contains("Of 94 cases documented in Kazakhstan in 2024, 47 (50%) involved police.", StringComparison.Ordinal));
        Assert.Equal(18, police.LeftOutForConsent);
        // "Fewer than 3" is printed only where a count of 1 or 2 stands behind it.
        foreach (var paragraph in built.AllParagraphs.Where(p => p.PlainText.Contains("fewer than", StringComparison.Ordinal)))
        {
            Assert.Contains(paragraph.Statistic!.RowTotals, c => c.Kind == Dalel.Core.Statistics.CellKind.Small && c.Count < 3);
        }
        Assert.Contains(built.AllParagraphs, p => p.IsStory);
        Assert.InRange(built.WordCount, 5_000, 10_000);
        Assert.Equal(["Qadam Trans Initiative", "Saule Health and Rights Centre", "Bilim Education Community", "Glotion", "REQUEST"], built.Submitters);

        using var docx = new MemoryStream();
        Assert.True(new ExportSubmission(test.Instance).Run(trans, id, SubmissionFormat.Docx, docx).IsOk);
        using var document = WordprocessingDocument.Open(docx, false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        Assert.Equal(30, document.MainDocumentPart!.FootnotesPart!.Footnotes!.ChildElements.Count - 2);
        var body = document.MainDocumentPart.Document!.Body!;
        var paragraphs = body.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Equal("Session 144, 23 June – 25 July 2025", paragraphs[2]);
        Assert.Equal("Review of the report of Kazakhstan (CCPR/C/KAZ/3)", paragraphs[3]);
        Assert.Contains("Contact: Qadam Trans Initiative, contact@qadam.example", paragraphs);
        Assert.Contains(" PAGE ", document.MainDocumentPart.FooterParts.Single().Footer!.InnerText, StringComparison.Ordinal);
        Assert.Equal(
            ["Table 1. Cases documented in Kazakhstan by organisation, 2022", "Figure 1. Cases documented in Kazakhstan by organisation, 2022",
             "Table 2. Cases documented in Kazakhstan by perpetrator, 2024", "Figure 2. Cases documented in Kazakhstan by perpetrator, 2024"],
            body.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val == "TableTitle").Select(p => p.InnerText));
        Assert.All(body.Elements<DocumentFormat.OpenXml.Wordprocessing.Table>(), t =>
            Assert.StartsWith("Source: cases documented by ", t.ElementsAfter().OfType<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().First().InnerText, StringComparison.Ordinal));
        var links = document.MainDocumentPart.FootnotesPart.Footnotes.Descendants<DocumentFormat.OpenXml.Wordprocessing.Hyperlink>().ToList();
        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.StartsWith("http", document.MainDocumentPart.FootnotesPart.HyperlinkRelationships.Single(r => r.Id == l.Id).Uri.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(document.MainDocumentPart.FootnotesPart.Footnotes.Descendants<DocumentFormat.OpenXml.Wordprocessing.Footnote>(), f => f.InnerText.Contains(". URL:", StringComparison.Ordinal) || f.InnerText.Contains(",.", StringComparison.Ordinal));
        var text = LibreOffice.ToText(docx.ToArray());
        Assert.Contains("Non-discrimination (arts. 2, 19, 20 and 26)", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("87.", text, StringComparison.Ordinal);

        Assert.NotEmpty(new ExportHateCrimes(test.Instance).Select(trans, 2024).Value.Incidents);
    }
}
