using Dalel.Core.Cases;
using Dalel.Core.Statistics;
using Dalel.Core.Submissions;
using Dalel.Core.Tests.Support;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Dalel.Core.Tests.Submissions;

public sealed class SubmissionDocxTests : IDisposable
{
    private readonly TestInstance _test = TestInstance.Create();
    private readonly Guid _id;

    public SubmissionDocxTests()
    {
        for (var i = 0; i < 7; i++)
        {
            new RecordCase(_test.Instance).Run(_test.OwnerOfA, SampleCases.Valid(violation: i < 4 ? "police_violence" : "fake_dating"));
        }

        _id = new CreateSubmission(_test.Instance).Run(_test.OwnerOfA, new SubmissionHeader
        {
            Title = "Joint submission on Kazakhstan", Mechanism = "ccpr", Session = "144", SessionFrom = new DateOnly(2025, 6, 23), SessionTo = new DateOnly(2025, 7, 25),
            StateReport = "CCPR/C/KAZ/3", Contact = "Aigerim, contact@example.org", OtherSubmitters = ["REQUEST"],
        }).Value;
        var edit = new EditSubmission(_test.Instance);
        var version = 1L;
        void Change(Func<Submission, Result<Submission>> change) => Assert.True(edit.Run(_test.OwnerOfA, _id, version++, change).IsOk);
        Change(s => SubmissionEdits.AddParagraph(s, s.Sections[1].Id, new Paragraph
        {
            Id = Guid.NewGuid(),
            Heading = "Anti-discrimination legislation",
            Text = "Kazakhstan refers to Article 145 of the Criminal Code.[^1] This is not sufficient.",
            Footnotes = [new Footnote { Title = "Replies to the list of issues", Symbol = "CCPR/C/KAZ/3", Paragraphs = "83-85" }],
            AttributedTo = _test.OrgA,
        }));
        Change(s => SubmissionEdits.AddRecommendation(s, s.Sections[1].Id, new SectionRecommendation { Id = Guid.NewGuid(), Text = "Adopt a comprehensive anti-discrimination law." }));
        Change(s => SubmissionEdits.AddParagraph(s, s.Sections[2].Id, new Paragraph
        {
            Id = Guid.NewGuid(),
            Text = "{statistic}",
            Footnotes = [new Footnote { Publisher = "Organisation A", Title = "Case database", Date = "2025" }, new Footnote { Title = "Police raids", Url = "https://example.org/raids" }],
            Statistic = new LiveStatistic { Query = new StatisticsQuery { Rows = "violation" }, Row = "police_violence", ShowTable = true, ShowChart = true },
        }));
    }

    private byte[] Export()
    {
        using var output = new MemoryStream();
        var result = new ExportSubmission(_test.Instance).Run(_test.OwnerOfA, _id, SubmissionFormat.Docx, output);
        Assert.True(result.IsOk, string.Join("; ", result.IsOk ? [] : ((Invalid)result.Error!).Errors.Select(e => e.MessageKey)));
        return output.ToArray();
    }

    [Fact]
    public void The_document_validates_and_has_real_footnotes_numbering_headings_a_table_and_a_chart()
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(Export()), false);

        Assert.Equal("", string.Join("\n", new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}")));
        var body = document.MainDocumentPart!.Document!.Body!;
        var footnotes = document.MainDocumentPart.FootnotesPart!.Footnotes!.Elements<W.Footnote>().Where(f => f.Id! > 0).ToList();
        Assert.Equal(3, footnotes.Count);
        Assert.Contains("Replies to the list of issues (CCPR/C/KAZ/3), paras. 83–85.", footnotes[0].InnerText, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], body.Descendants<W.FootnoteReference>().Select(r => (int)r.Id!.Value));

        var numbered = body.Elements<W.Paragraph>().Where(p => p.ParagraphProperties?.NumberingProperties is not null).ToList();
        Assert.Equal(3, numbered.Count);
        Assert.All(numbered, p => Assert.Equal(1, p.ParagraphProperties!.NumberingProperties!.NumberingId!.Val!.Value));

        string[] StyledAs(string style) => body.Elements<W.Paragraph>().Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val == style).Select(p => p.InnerText).ToArray();
        Assert.Contains("Non-discrimination (arts. 2, 19, 20 and 26)", StyledAs("Heading1"));
        Assert.Contains("Anti-discrimination legislation", StyledAs("Heading2"));
        Assert.Contains("Recommendations for Kazakhstan", StyledAs("Heading2"));
        Assert.Contains("Organisation A", StyledAs("Attribution"));
        Assert.Equal("Joint submission on Kazakhstan", StyledAs("Title").Single());
        Assert.Contains("REQUEST", body.InnerText, StringComparison.Ordinal);
        Assert.Contains("Of 7 cases documented in Kazakhstan, 4 (57%) involved police violence or abuse of authority.", body.InnerText, StringComparison.Ordinal);
        Assert.Single(body.Elements<W.Table>());
        Assert.Single(document.MainDocumentPart.ImageParts);
    }

    [Fact]
    public void The_cover_names_the_session_the_State_report_the_submitters_a_contact_and_the_date()
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(Export()), false);
        var body = document.MainDocumentPart!.Document!.Body!;
        var cover = body.Elements<W.Paragraph>().TakeWhile(p => !p.Descendants<W.Break>().Any()).Select(p => p.InnerText).ToList();

        Assert.Equal(
            ["Joint submission on Kazakhstan", "Submission to the Human Rights Committee (ICCPR)", "Session 144, 23 June – 25 July 2025",
             "Review of the report of Kazakhstan (CCPR/C/KAZ/3)", "Submitted by", "Organisation A", "REQUEST", "Contact: Aigerim, contact@example.org", "Date: 1 June 2025"],
            cover);
        Assert.Equal("en-GB", document.MainDocumentPart.StyleDefinitionsPart!.Styles!.DocDefaults!.Descendants<W.Languages>().Single().Val!.Value);
    }

    [Fact]
    public void Pages_after_the_cover_are_numbered_by_a_PAGE_field_in_the_footer()
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(Export()), false);
        var section = document.MainDocumentPart!.Document!.Body!.Elements<W.SectionProperties>().Single();
        var footer = (FooterPart)document.MainDocumentPart.GetPartById(section.Elements<W.FooterReference>().Single().Id!.Value!);

        Assert.Equal(" PAGE ", footer.Footer!.Descendants<W.FieldCode>().Single().Text);
        Assert.NotNull(section.GetFirstChild<W.TitlePage>());
    }

    [Fact]
    public void Footnote_addresses_are_working_links()
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(Export()), false);
        var part = document.MainDocumentPart!.FootnotesPart!;
        var link = part.Footnotes!.Descendants<W.Hyperlink>().Single();

        Assert.Equal("https://example.org/raids", link.InnerText);
        Assert.Equal(new Uri("https://example.org/raids"), part.HyperlinkRelationships.Single(r => r.Id == link.Id).Uri);
        Assert.Contains("“Police raids”. Available at https://example.org/raids", link.Parent!.InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_are_numbered_and_titled_with_a_caption_naming_scope_period_unit_and_rule_and_figures_right_aligned()
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(Export()), false);
        var body = document.MainDocumentPart!.Document!.Body!;
        var table = body.Elements<W.Table>().Single();
        var title = table.ElementsBefore().OfType<W.Paragraph>().Last();
        var caption = table.ElementsAfter().OfType<W.Paragraph>().First();

        Assert.Equal("Table 1. Cases documented in Kazakhstan by violation, all dates", title.InnerText);
        Assert.Equal("TableTitle", title.ParagraphProperties!.ParagraphStyleId!.Val!.Value);
        Assert.StartsWith("Source: cases documented by Organisation A, all dates. Unit: case.", caption.InnerText, StringComparison.Ordinal);
        Assert.Contains("counts below 3 are shown as “<3”", caption.InnerText, StringComparison.Ordinal);
        var figures = table.Elements<W.TableRow>().Skip(1).SelectMany(r => r.Elements<W.TableCell>().Skip(1));
        Assert.All(figures, cell => Assert.Equal(W.JustificationValues.Right, cell.Descendants<W.Justification>().Single().Val!.Value));
        Assert.Contains(body.Elements<W.Paragraph>(), p => p.InnerText == "Figure 1. Cases documented in Kazakhstan by violation, all dates");
    }

    [Fact]
    public void LibreOffice_opens_the_document()
    {
        var text = LibreOffice.ToText(Export());

        Assert.Contains("Kazakhstan refers to Article 145 of the Criminal Code.", text, StringComparison.Ordinal);
        Assert.Contains("Adopt a comprehensive anti-discrimination law.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_HTML_export_is_self_contained()
    {
        using var output = new MemoryStream();
        Assert.True(new ExportSubmission(_test.Instance).Run(_test.OwnerOfA, _id, SubmissionFormat.Html, output).IsOk);
        var html = System.Text.Encoding.UTF8.GetString(output.ToArray());

        Assert.Contains("<span class=\"no\">3.</span>", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.Contains("id=\"fn3\"", html, StringComparison.Ordinal);
    }

    public void Dispose() => _test.Dispose();
}
