using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Dalel.TestSupport;

/// <summary>What a browser without JavaScript does: get pages, keep cookies, submit forms with what they hold.</summary>
public sealed class WebBrowser(HttpClient http) : IDisposable
{
    private string? _token;

    public HttpClient Http { get; } = http;

    public static async Task<IDocument> Parse(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html));
    }

    public async Task<IDocument> Page(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Http.GetAsync(url);
        Assert.True(response.StatusCode == expected, $"GET {url}: {(int)response.StatusCode}, expected {(int)expected}");
        return await Parse(response);
    }

    /// <summary>Loads <paramref name="url"/>, fills the form with <paramref name="values"/> over what it already holds, and submits it.</summary>
    public async Task<HttpResponseMessage> SubmitForm(string url, string formSelector, Dictionary<string, string> values, string? command = null)
    {
        var document = await Page(url);
        var form = document.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"No form {formSelector} on {url}");
        return await Submit(form, url, values, command);
    }

    public async Task<HttpResponseMessage> Submit(IHtmlFormElement form, string pageUrl, Dictionary<string, string> values, string? command = null)
    {
        var fields = FormFields(form).Where(f => !values.ContainsKey(f.Key)).ToList();
        fields.AddRange(values.Select(v => new KeyValuePair<string, string>(v.Key, v.Value)));
        if (command is not null)
        {
            fields.Add(new("Command", command));
        }

        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : pageUrl;
        return await Http.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>Posts straight to a URL with this session's antiforgery token, as a forged or replayed request would.</summary>
    public async Task<HttpResponseMessage> Post(string url, Dictionary<string, string>? values = null)
    {
        var fields = new Dictionary<string, string>(values ?? []) { ["__RequestVerificationToken"] = await Token() };
        return await Http.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    /// <summary>Sends a page's form as multipart, its fields (some replaced) and the files given, as a browser would.</summary>
    public async Task<HttpResponseMessage> SubmitWithFiles(string url, string formSelector, Dictionary<string, string> values, string? command, params (string Field, string Name, byte[] Content)[] files)
    {
        var page = await Page(url);
        var form = page.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"No form {formSelector} on {url}");
        using var body = new MultipartFormDataContent();
        foreach (var (name, value) in FormFields(form).Where(f => !values.ContainsKey(f.Key)).Concat(values).Concat(command is null ? [] : [new("Command", command)]))
        {
            body.Add(new StringContent(value), name);
        }

        foreach (var (field, name, content) in files)
        {
            // The type a browser would send, from the name's extension.
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(Path.GetExtension(name).ToLowerInvariant() switch
            {
                ".png" => "image/png",
                ".jpg" or ".jpeg" => "image/jpeg",
                ".pdf" => "application/pdf",
                _ => "application/octet-stream",
            });
            body.Add(part, field, name);
        }

        return await Http.PostAsync(form.GetAttribute("action") is { Length: > 0 } a ? a : url, body);
    }

    public async Task<HttpResponseMessage> Upload(string url, string fileName, byte[] content, Dictionary<string, string>? fields = null)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await Token()), "__RequestVerificationToken" },
            { new ByteArrayContent(content), "file", fileName },
        };
        foreach (var (name, value) in fields ?? [])
        {
            form.Add(new StringContent(value), name);
        }

        return await Http.PostAsync(url, form);
    }

    private async Task<string> Token()
    {
        if (_token is null)
        {
            var home = await Page("/sign-in");
            _token = home.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        }

        return _token;
    }

    public static List<KeyValuePair<string, string>> FormFields(IHtmlFormElement form)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when input.Name is { Length: > 0 } name:
                    if (input.Type is "submit" or "button" or "file" || (input.Type is "checkbox" or "radio" && !input.IsChecked))
                    {
                        continue;
                    }

                    fields.Add(new(name, input.Type is "checkbox" or "radio" ? input.Value ?? "on" : input.Value ?? ""));
                    break;
                case IHtmlSelectElement select when select.Name is { Length: > 0 } name:
                    var selected = select.Options.Where(o => o.IsSelected).ToList();
                    if (selected.Count == 0 && select.Options.Length > 0 && !select.IsMultiple)
                    {
                        selected.Add(select.Options[0]!);
                    }

                    fields.AddRange(selected.Select(o => new KeyValuePair<string, string>(name, o.Value)));
                    break;
                case IHtmlTextAreaElement area when area.Name is { Length: > 0 } name:
                    fields.Add(new(name, area.Value));
                    break;
            }
        }

        return fields;
    }

    public void Dispose() => Http.Dispose();
}
