using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dalel.Core.Members;
using Dalel.Web.Pages.Orgs.Register;
using Dalel.Web.Pages.Orgs.Submissions;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Submissions;

public sealed class SubmissionPageTests : IAsyncDisposable
{
    private readonly DalelApp _app = new();

    private async Task<(WebBrowser Browser, string Editor)> StartSubmission(Role role = Role.Documenter)
    {
        _app.Unseal();
        var browser = await _app.SignInAs(role);
        var created = await browser.SubmitForm(SubmissionRoutes.List(_app.OrgA), "main form", new() { ["New.Title"] = "Joint submission", ["New.Mechanism"] = "ccpr" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var editor = created.Headers.Location!.OriginalString;
        var page = await browser.Page(editor);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Submit(page.QuerySelector<IHtmlFormElement>("form[action*='handler=AddParagraph']")!, editor, [])).StatusCode);
        return (browser, editor);
    }

    private static async Task<IHtmlFormElement> ParagraphForm(WebBrowser browser, string editor) =>
        (await browser.Page(editor)).QuerySelector<IHtmlFormElement>("form[action*='handler=Paragraph']")!;

    [Fact]
    public async Task A_paragraph_keeps_the_method_its_estimate_is_made_by_and_says_what_is_missing()
    {
        var (browser, editor) = await StartSubmission();
        var form = await ParagraphForm(browser, editor);
        Assert.Equal(["BestLogLinear", "Averaged", "WithLinkageError"], form.QuerySelectorAll<IHtmlOptionElement>("select[name='P.EstimateMethod'] option").Select(o => o.Value));

        var saved = await browser.Submit(form, editor, new() { ["P.Text"] = "Most incidents go undocumented: {estimate}", ["P.Estimate"] = "true", ["P.EstimateMethod"] = "WithLinkageError" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var page = await browser.Page(editor);
        Assert.Contains("No linkage result has been imported", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var edit = page.QuerySelector<IHtmlAnchorElement>("a[href*='?edit=']")!.GetAttribute("href")!;
        var editing = await browser.Page(edit);
        Assert.Equal("WithLinkageError", editing.QuerySelector<IHtmlSelectElement>("form[action*='handler=Paragraph'] select[name='P.EstimateMethod']")!.Value);

        // A value no select offers (a crafted form) falls back to the default rather than failing the save.
        await browser.Submit(editing.QuerySelector<IHtmlFormElement>("form[action*='handler=Paragraph']")!, edit, new() { ["P.EstimateMethod"] = "Guesswork" });
        Assert.Equal("BestLogLinear", (await browser.Page(edit)).QuerySelector<IHtmlSelectElement>("select[name='P.EstimateMethod']")!.Value);
    }

    [Fact]
    public async Task A_paragraph_with_a_footnote_is_numbered_counted_and_exported_to_Word()
    {
        var (browser, editor) = await StartSubmission();
        var saved = await browser.Submit(await ParagraphForm(browser, editor), editor, new()
        {
            ["P.Text"] = "The State ignored the question.[^1]",
            ["P.Footnotes[0].Symbol"] = "CCPR/C/KAZ/QPR/3",
            ["P.Footnotes[0].Paragraphs"] = "6",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var page = await browser.Page(editor);
        var paragraph = page.QuerySelector("article.paragraph p")!.TextContent;
        Assert.Contains("1.", paragraph, StringComparison.Ordinal);
        Assert.Contains("The State ignored the question.", paragraph, StringComparison.Ordinal);
        Assert.Contains("words of 10000 allowed", page.QuerySelector("main")!.TextContent.Replace(",", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var docx = await browser.Http.GetAsync($"{editor}?handler=Export&format=docx");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType!.MediaType);
        var bytes = await docx.Content.ReadAsByteArrayAsync();
        Assert.Equal("PK"u8.ToArray(), bytes[..2]);
    }

    [Fact]
    public async Task The_header_names_the_State_its_report_and_session_and_a_Russian_document_for_the_Committee_is_warned_about()
    {
        var (browser, editor) = await StartSubmission();
        var page = await browser.Page(editor);
        var header = page.QuerySelector<IHtmlFormElement>("form[action*='handler=Header']")!;
        Assert.Equal("KZ", header.QuerySelector<IHtmlSelectElement>("[name='Header.Country']")!.Value);

        var bad = await browser.Submit(header, editor, new() { ["Header.StateReport"] = "report three", ["Header.SessionFrom"] = "25.07.2025", ["Header.SessionTo"] = "23.06.2025" });
        var refused = await WebBrowser.Parse(bad);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Equal("report three", refused.QuerySelector<IHtmlInputElement>("[name='Header.StateReport']")!.Value);
        var summary = refused.QuerySelector("main")!.TextContent;
        Assert.Contains("The session cannot end before it starts.", summary, StringComparison.Ordinal);

        var saved = await browser.Submit(header, editor, new()
        {
            ["Header.Country"] = "KG", ["Header.StateReport"] = "CCPR/C/KGZ/4", ["Header.Session"] = "146",
            ["Header.SessionFrom"] = "02.03.2026", ["Header.SessionTo"] = "27.03.2026", ["Header.Contact"] = "Aigerim, a@example.org", ["Header.Language"] = "ru",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        page = await browser.Page(editor);
        Assert.Contains("The Human Rights Committee accepts submissions only in English, French and Spanish;", page.QuerySelector("ul.warnings")!.TextContent, StringComparison.Ordinal);
        var html = await (await browser.Http.GetAsync($"{editor}?handler=Export&format=html")).Content.ReadAsStringAsync();
        Assert.Contains("Рассмотрение доклада государства: Кыргызстан (CCPR/C/KGZ/4)", html, StringComparison.Ordinal);
        Assert.Contains("146-я сессия, 2–27 марта 2026", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"ru\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_paragraph_asks_first_beside_it_and_only_the_second_press_deletes()
    {
        var (browser, editor) = await StartSubmission();
        int Paragraphs(IDocument page) => page.QuerySelectorAll("article.paragraph").Length;
        var before = await browser.Page(editor);
        var count = Paragraphs(before);

        var asked = await browser.Submit(before.QuerySelector<IHtmlFormElement>("form[action*='handler=DeleteParagraph']")!, editor, []);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var location = asked.Headers.Location!.OriginalString;
        Assert.Contains("?delete=", location, StringComparison.Ordinal);
        Assert.Contains("#p-", location, StringComparison.Ordinal);
        var confirm = await browser.Page(location);
        Assert.Equal(count, Paragraphs(confirm));
        var yes = confirm.QuerySelector<IHtmlFormElement>("[role=alert] form[action*='handler=DeleteParagraph']")!;

        Assert.Equal(HttpStatusCode.Redirect, (await browser.Submit(yes, location, [])).StatusCode);
        Assert.Equal(count - 1, Paragraphs(await browser.Page(editor)));
    }

    [Fact]
    public async Task A_bad_footnote_is_explained_and_nothing_typed_is_lost()
    {
        var (browser, editor) = await StartSubmission();
        var response = await browser.Submit(await ParagraphForm(browser, editor), editor, new()
        {
            ["P.Text"] = "Text that must survive the error.",
            ["P.Footnotes[0].Symbol"] = "not a symbol",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await WebBrowser.Parse(response);
        Assert.Contains("is not a UN document symbol", page.QuerySelector(".notice.bad")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Text that must survive the error.", page.QuerySelector<IHtmlTextAreaElement>("form[action*='handler=Paragraph'] textarea[name='P.Text']")!.Value);
        Assert.Equal("not a symbol", page.QuerySelector<IHtmlInputElement>("input[name='P.Footnotes[0].Symbol']")!.Value);
    }

    [Fact]
    public async Task A_save_on_a_stale_page_is_refused_without_losing_the_text()
    {
        var (browser, editor) = await StartSubmission();
        var stale = await ParagraphForm(browser, editor);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Submit(await ParagraphForm(browser, editor), editor, new() { ["P.Text"] = "First save." })).StatusCode);

        var response = await browser.Submit(stale, editor, new() { ["P.Text"] = "Second save from an old page." });

        var page = await WebBrowser.Parse(response);
        Assert.Contains("Someone saved this after you opened it", page.QuerySelector(".notice.bad")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Second save from an old page.", page.QuerySelector<IHtmlTextAreaElement>("textarea[name='P.Text']")!.Value);
    }

    [Fact]
    public async Task A_UHRI_file_with_a_bad_row_imports_nothing_and_names_the_row()
    {
        _app.Unseal();
        using var browser = await _app.SignInAs(Role.Analyst);
        var csv = "AnnotationId,Symbol,Text,Reccomending Body\nx1,A/HRC/43/10,\"139.48 Adopt a law\",UPR\nx2,nonsense,\"12 Text\",UPR\n"u8.ToArray();

        var response = await browser.Upload(RegisterRoutes.Register(_app.OrgA) + "?handler=Import", "uhri.csv", csv);

        var page = await WebBrowser.Parse(response);
        Assert.Contains("Row 2: cannot read Symbol", page.QuerySelector(".notice.bad")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Adopt a law", page.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
