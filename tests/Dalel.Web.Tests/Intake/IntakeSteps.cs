using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dalel.Core.Intake;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Intake;

/// <summary>Intent helpers for public intake: turn an organisation's form on, report through it, follow with a receipt.</summary>
public static class IntakeSteps
{
    public static string EnableForm(DalelApp app, Guid org, string slug, bool allowFiles = false)
    {
        var defaults = DefaultIntake.Settings();
        var saved = new ConfigureIntake(app.Instance).Run(DalelApp.Owner(org), defaults with { Enabled = true, Slug = slug, PublicName = $"Safe report {slug}", AllowFiles = allowFiles }, 0);
        Assert.True(saved.IsOk, saved.Error?.ToString());
        return $"/report/{slug}";
    }

    /// <summary>Fills the public form like a reporter and returns the page after sending.</summary>
    public static async Task<(HttpResponseMessage Response, IDocument Page)> Report(WebBrowser reporter, string formUrl, Dictionary<string, string> answers)
    {
        var response = await reporter.SubmitForm(formUrl, "main form", answers.ToDictionary(a => $"Answers[{a.Key}]", a => a.Value));
        return (response, await WebBrowser.Parse(response));
    }

    /// <summary>Fills the public form and attaches files, sent as multipart like a browser does.</summary>
    public static async Task<(HttpResponseMessage Response, IDocument Page)> ReportWithFiles(WebBrowser reporter, string formUrl, Dictionary<string, string> answers, params (string Name, byte[] Content)[] files)
    {
        var page = await reporter.Page(formUrl);
        var form = page.QuerySelector<IHtmlFormElement>("main form")!;
        Assert.Equal("multipart/form-data", form.GetAttribute("enctype"));
        using var content = new MultipartFormDataContent();
        foreach (var (key, value) in WebBrowser.FormFields(form).Where(f => !answers.ContainsKey(f.Key.Replace("Answers[", "", StringComparison.Ordinal).TrimEnd(']'))))
        {
            content.Add(new StringContent(value), key);
        }

        foreach (var (key, value) in answers)
        {
            content.Add(new StringContent(value), $"Answers[{key}]");
        }

        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            // As a browser would say: by the name; a file not really a PNG then gets Dalel's message.
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(name.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "application/pdf");
            content.Add(part, "Files", name);
        }

        var response = await reporter.Http.PostAsync(form.GetAttribute("action"), content);
        return (response, await WebBrowser.Parse(response));
    }

    /// <summary>Bytes that begin as a PNG does, so a ".png" upload passes the check of what a file is.</summary>
    /// <summary>"Record as a case" on a report: the prefilled case form, a violation chosen, saved.</summary>
    public static async Task<HttpResponseMessage> RecordAsCase(WebBrowser documenter, string reportUrl, string violation = "threats")
    {
        var draft = (await documenter.Page(reportUrl)).QuerySelector<IHtmlAnchorElement>("a[href*='?report=']")!.GetAttribute("href")!;
        return await documenter.SubmitForm(draft, "main form", new() { ["Form.Acts[0].Violations"] = violation }, "save");
    }

    public static byte[] PngBytes(byte[] rest) => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. rest];

    public static async Task<string> ReportAndGetReceipt(WebBrowser reporter, string formUrl, string what)
    {
        var (response, page) = await Report(reporter, formUrl, new() { ["what"] = what });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return page.QuerySelector(".receipt")?.TextContent.Trim() ?? throw new InvalidOperationException("No receipt shown: " + page.Body!.TextContent);
    }

    /// <summary>Opens the thread with a receipt code; the page as the reporter sees it.</summary>
    public static async Task<(HttpResponseMessage Response, IDocument Page)> Follow(WebBrowser reporter, string formUrl, string receipt)
    {
        var response = await reporter.SubmitForm($"{formUrl}/follow", "main form", new() { ["Receipt"] = receipt });
        return (response, await WebBrowser.Parse(response));
    }

    public static async Task<HttpResponseMessage> AddInformation(WebBrowser reporter, string formUrl, string receipt, string text)
    {
        var (_, thread) = await Follow(reporter, formUrl, receipt);
        var form = thread.QuerySelector<IHtmlFormElement>("form[action*='handler=Add']") ?? throw new InvalidOperationException("No form to add information.");
        return await reporter.Submit(form, $"{formUrl}/follow", new() { ["Text"] = text });
    }
}
