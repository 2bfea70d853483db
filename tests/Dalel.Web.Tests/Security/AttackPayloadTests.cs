using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dalel.Core.Members;
using Dalel.Web.Pages.Orgs.Register;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Security;

/// <summary>
/// Hostile input in every text field of every form and in every query parameter of the organisation's pages:
/// nothing may run, break the page, leak an error, or add a header.
/// </summary>
public sealed class AttackPayloadTests
{
    private static readonly string[] Payloads =
    [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "'; DROP TABLE cases; --",
        "' OR '1'='1",
        "../../../../etc/passwd",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "value\r\nSet-Cookie: injected=1",
        "{{7*7}}${7*7}",
        "", // every field left empty: ASP.NET binds it as null, which a page must not pass on as text
    ];

    private static void Check(HttpResponseMessage response, string body, string payload, string where, List<string> failures)
    {
        if ((int)response.StatusCode >= 500)
        {
            failures.Add($"{where}: {(int)response.StatusCode} for {payload}");
        }

        if (payload.Contains('<', StringComparison.Ordinal) && body.Contains(payload, StringComparison.Ordinal))
        {
            failures.Add($"{where}: payload echoed unescaped: {payload}");
        }

        if (body.Contains("SQLite Error", StringComparison.OrdinalIgnoreCase) || body.Contains("syntax error", StringComparison.OrdinalIgnoreCase) || body.Contains("   at ", StringComparison.Ordinal))
        {
            failures.Add($"{where}: error details leaked for {payload}");
        }

        if (response.Headers.Contains("injected") || response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.Contains("injected", StringComparison.Ordinal)))
        {
            failures.Add($"{where}: header injected by {payload}");
        }
    }

    [Fact]
    public async Task Every_form_field_and_query_parameter_survives_hostile_input()
    {
        await using var app = new DalelApp(settings: new Dictionary<string, string> { ["Dalel:IntakeReportsPerMinute"] = "100000", ["Dalel:IntakeReceiptsPerMinute"] = "100000" });
        app.Unseal();
        var seeded = Seeded.Case(app, app.OrgA, "attack");
        var intake = "/report/" + Seeded.IntakeSlug("attack", app.OrgA);
        var report = seeded.IntakeReportId;
        using var browser = await app.SignInAs(Role.Owner);
        var org = $"/o/{app.OrgA}";
        var pages = new[]
        {
            $"{org}/cases/new", $"{org}/cases/{seeded.Id}/edit", $"{org}/members", $"{org}/register", $"{org}/submissions",
            $"{org}/submissions/{seeded.SubmissionId}?edit=x", $"{org}/estimate", "/account/password",
            $"{org}/intake/settings", $"{org}/intake/{report}", intake, $"{intake}/follow", "/account/two-factor",
        };
        var failures = new List<string>();
        var submitted = 0;
        foreach (var page in pages)
        {
            var document = await WebBrowser.Parse(await browser.Http.GetAsync(page));
            foreach (var form in document.QuerySelectorAll<IHtmlFormElement>("main form[method='post']").ToList())
            {
                var fields = form.QuerySelectorAll<IHtmlInputElement>("input[type='text'], input[type='url'], input:not([type])").Select(i => i.Name)
                    .Concat(form.QuerySelectorAll<IHtmlTextAreaElement>("textarea").Select(t => t.Name))
                    .Where(n => !string.IsNullOrEmpty(n)).Distinct().ToList();
                if (fields.Count == 0)
                {
                    continue;
                }

                foreach (var payload in Payloads)
                {
                    var response = await browser.Submit(form, page, fields.ToDictionary(f => f!, _ => payload), form.QuerySelector("button[name='Command']") is not null ? "save" : null);
                    var body = await response.Content.ReadAsStringAsync();
                    Check(response, body, payload, $"{page} form {form.GetAttribute("action")}", failures);
                    submitted++;
                }
            }
        }

        var queries = new[] { $"{org}/cases?q=", $"{org}/cases?violations=", $"{org}/statistics?Rows=", $"{org}/statistics?Rows=region&Columns=", $"{org}/register?mechanism=", $"{org}/hate-crime?year=", $"{org}/submissions/{seeded.SubmissionId}?edit=", $"{org}/cases/{seeded.Id}/files/", "/report/", $"{intake}?lang=", $"{intake}/follow?lang=", "/account/two-factor?AccountName=", $"{org}/cases/{seeded.Id}/files/{seeded.FileId}/redact?x=" };
        foreach (var query in queries)
        {
            foreach (var payload in Payloads)
            {
                var response = await browser.Http.GetAsync(query + Uri.EscapeDataString(payload));
                Check(response, await response.Content.ReadAsStringAsync(), payload, query, failures);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(submitted > 100, $"only {submitted} forms submitted: the crawl found too few");
        // What was stored comes back escaped wherever it is shown.
        var register = await browser.Http.GetStringAsync($"{org}/register");
        Assert.DoesNotContain("<script>alert(1)</script>", register, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_passwords_and_passphrases_are_wrong_ones_not_errors()
    {
        await using var app = new DalelApp();
        using var anonymous = app.Anonymous();
        var signIn = await anonymous.SubmitForm("/sign-in", "main form", new() { ["Login"] = DalelApp.Login(Role.Owner, "a"), ["Password"] = "" });
        Assert.Equal(System.Net.HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("wrong", (await WebBrowser.Parse(signIn)).Body!.TextContent, StringComparison.OrdinalIgnoreCase);

        using var owner = await app.SignInAs(Role.Owner);
        var unseal = await owner.SubmitForm("/vault/unseal", "main form", new() { ["Passphrase"] = "" });
        Assert.Equal(System.Net.HttpStatusCode.OK, unseal.StatusCode);
        Assert.True(app.Instance.Vault.IsSealed);
        var shares = await owner.SubmitForm("/vault/unseal", "form[action*='handler=Shares']", new() { ["share"] = "1", ["holderPassphrase"] = "" });
        Assert.True((int)shares.StatusCode < 500, $"key holders' form: {(int)shares.StatusCode}");
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        await using var app = new DalelApp();
        app.Unseal();
        using var browser = await app.SignInAs(Role.Owner);

        var response = await browser.Http.PostAsync(RegisterRoutes.Register(app.OrgA) + "?handler=Recommendation", new FormUrlEncodedContent(new Dictionary<string, string> { ["Recommendation.Text"] = "forged" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Sign_in_attempts_beyond_the_instance_limit_get_429()
    {
        await using var app = new DalelApp();
        using var browser = app.Anonymous();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= Dalel.Web.DalelWebApp.SignInsPerMinute; i++)
        {
            statuses.Add((await browser.SubmitForm("/sign-in", "main form", new() { ["Login"] = $"nobody{i}", ["Password"] = "wrong password" })).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(Dalel.Web.DalelWebApp.SignInsPerMinute));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Every_spelling_of_the_sign_in_address_counts_against_the_same_limit_and_reading_the_page_is_never_limited()
    {
        await using var app = new DalelApp();
        using var browser = app.Anonymous();
        string[] spellings = ["/sign-in/", "/Sign-In", "/SIGN-IN/", "/sign-in"];
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= Dalel.Web.DalelWebApp.SignInsPerMinute; i++)
        {
            statuses.Add((await browser.Post(spellings[i % spellings.Length], new() { ["Login"] = $"nobody{i}", ["Password"] = "wrong password" })).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(Dalel.Web.DalelWebApp.SignInsPerMinute));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/Sign-In/")).StatusCode);
    }

    [Fact]
    public async Task Unseal_attempts_beyond_the_instance_limit_get_429_whatever_the_spelling()
    {
        await using var app = new DalelApp();
        using var owner = await app.SignInAs(Role.Owner);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= Dalel.Web.DalelWebApp.UnsealsPerMinute; i++)
        {
            statuses.Add((await owner.Post(i % 2 == 0 ? "/vault/unseal" : "/Vault/Unseal/", new() { ["Passphrase"] = $"wrong passphrase {i}" })).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(Dalel.Web.DalelWebApp.UnsealsPerMinute));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.True(app.Instance.Vault.IsSealed);
    }
}
