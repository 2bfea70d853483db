using System.Net;
using System.Reflection;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Web.Security;
using Dalel.Web.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dalel.Web.Tests.Security;

/// <summary>
/// Every organisation page handler in the route table, for every role, against the member's own records, another
/// organisation's records under that organisation's route, and another organisation's record ids under the member's
/// own route. What each role may do comes from the handler's own <see cref="RequiresAttribute"/>; how to call it is
/// declared below, and a handler with no declaration fails the test, so a new page cannot go unchecked.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    /// <summary>How to call a handler: extra query, form fields, or a file upload.</summary>
    private sealed record Probe(string Query = "", Dictionary<string, string>? Form = null, bool Upload = false);

    private static readonly string Any = Guid.NewGuid().ToString();

    /// <summary>Keyed "METHOD template handler" as the route table names them ("" for the page's default handler).</summary>
    private static readonly Dictionary<string, Probe> Probes = new(StringComparer.Ordinal)
    {
        ["GET o/{org:guid}/api-tokens "] = new(),
        ["POST o/{org:guid}/api-tokens Create"] = new(Form: new() { ["Create.Name"] = "matrix", ["Create.Scopes"] = "coded:read", ["Create.Days"] = "5" }),
        ["POST o/{org:guid}/api-tokens Revoke"] = new(Form: new() { ["id"] = Any }),
        ["GET o/{org:guid}/cases "] = new("?q=narrative&violations=raid"),
        ["GET o/{org:guid}/cases/{id:guid} "] = new(),
        ["POST o/{org:guid}/cases/{id:guid} Reveal"] = new(),
        ["POST o/{org:guid}/cases/{id:guid} WorkingCopy"] = new(Form: new() { ["fileId"] = Any }),
        ["POST o/{org:guid}/cases/{id:guid} Upload"] = new(Upload: true),
        ["GET o/{org:guid}/cases/{id:guid}/edit "] = new(),
        ["POST o/{org:guid}/cases/{id:guid}/edit "] = new(Form: new() { ["Form.Title"] = "changed by matrix", ["Command"] = "save" }),
        ["GET o/{org:guid}/cases/{id:guid}/files/{fileId:guid} "] = new(),
        ["GET o/{org:guid}/cases/{id:guid}/files/{fileId:guid}/redact "] = new(),
        ["POST o/{org:guid}/cases/{id:guid}/files/{fileId:guid}/redact "] = new(Form: new() { ["Rectangles"] = "0,0,1,1" }),
        ["GET o/{org:guid}/cases/{id:guid}/delete "] = new(),
        ["POST o/{org:guid}/cases/{id:guid}/delete "] = new(),
        ["GET o/{org:guid}/estimate "] = new(),
        ["POST o/{org:guid}/estimate "] = new(Upload: true),
        ["POST o/{org:guid}/estimate FromLinkage"] = new(),
        ["GET o/{org:guid}/hate-crime "] = new("?year=2024"),
        ["GET o/{org:guid}/hate-crime Download"] = new("&year=2024&format=csv"),
        ["GET o/{org:guid}/import "] = new(),
        ["POST o/{org:guid}/import Upload"] = new(Upload: true),
        ["POST o/{org:guid}/import DeleteProfile"] = new(Form: new() { ["id"] = Any }),
        ["GET o/{org:guid}/import Template"] = new("&lang=ru"),
        ["GET o/{org:guid}/import Export"] = new("&format=csv"),
        ["GET o/{org:guid}/import/{id:guid} "] = new("?step=values"),
        ["POST o/{org:guid}/import/{id:guid} Columns"] = new(Form: new() { ["Field0"] = "date" }),
        ["POST o/{org:guid}/import/{id:guid} Values"] = new(),
        ["POST o/{org:guid}/import/{id:guid} Confirm"] = new(),
        ["POST o/{org:guid}/import/{id:guid} Cancel"] = new(),
        ["GET o/{org:guid}/field "] = new(),
        ["POST o/{org:guid}/field Enable"] = new(Form: new() { ["on"] = "true" }),
        ["POST o/{org:guid}/field Issue"] = new(Form: new() { ["Label"] = "matrix phone" }),
        ["POST o/{org:guid}/field Revoke"] = new(Form: new() { ["id"] = Any }),
        ["POST o/{org:guid}/field Open"] = new(),
        ["GET o/{org:guid}/intake "] = new(),
        ["GET o/{org:guid}/intake/{id:guid} "] = new(),
        ["POST o/{org:guid}/intake/{id:guid} Reply"] = new(Form: new() { ["Reply"] = "matrix reply" }),
        ["GET o/{org:guid}/intake/{id:guid} File"] = new("&n=1"),
        ["POST o/{org:guid}/intake/{id:guid} Close"] = new(Form: new() { ["close"] = "false" }),
        ["GET o/{org:guid}/intake/settings "] = new(),
        ["POST o/{org:guid}/intake/settings "] = new(Form: new() { ["Form.PublicName"] = "Matrix", ["Form.QuickExitUrl"] = "https://www.wikipedia.org/" }),
        ["GET o/{org:guid}/linkage "] = new(),
        ["POST o/{org:guid}/linkage Decide"] = new(Form: new() { ["result"] = Any, ["group"] = "1", ["confirmed"] = "true" }),
        ["POST o/{org:guid}/linkage Encode"] = new(Upload: true),
        ["POST o/{org:guid}/linkage Import"] = new(Upload: true),
        ["GET o/{org:guid}/members "] = new(),
        ["POST o/{org:guid}/members Add"] = new(Form: new() { ["Add.Login"] = "matrix.added", ["Add.DisplayName"] = "M", ["Add.Password"] = "matrix-password", ["Add.Role"] = "Viewer" }),
        ["POST o/{org:guid}/members Role"] = new(Form: new() { ["member"] = Any, ["role"] = "Viewer" }),
        ["POST o/{org:guid}/members ResetSecondFactor"] = new(Form: new() { ["member"] = Any }),
        ["POST o/{org:guid}/members Remove"] = new(Form: new() { ["member"] = Any }),
        ["POST o/{org:guid}/members Countries"] = new(Form: new() { ["countries"] = "KZ", ["defaultCountry"] = "KZ" }),
        ["GET o/{org:guid}/register "] = new(),
        ["POST o/{org:guid}/register Recommendation"] = new(Form: new() { ["Recommendation.Mechanism"] = "ccpr", ["Recommendation.Symbol"] = "CCPR/C/KAZ/CO/3", ["Recommendation.Paragraph"] = "10", ["Recommendation.Text"] = "matrix" }),
        ["POST o/{org:guid}/register Document"] = new(Form: new() { ["Document.Symbol"] = "CCPR/C/KAZ/CO/3", ["Document.Type"] = "concluding_observations" }),
        ["POST o/{org:guid}/register Question"] = new(Form: new() { ["Question.Paragraph"] = "7", ["Question.Text"] = "matrix" }),
        ["POST o/{org:guid}/register AssessReply"] = new(Form: new() { ["id"] = Any, ["version"] = "1", ["assessment"] = "Ignored" }),
        ["POST o/{org:guid}/register DeleteDocument"] = new(Form: new() { ["id"] = Any }),
        ["POST o/{org:guid}/register DeleteQuestion"] = new(Form: new() { ["id"] = Any }),
        ["POST o/{org:guid}/register Import"] = new(Upload: true),
        ["GET o/{org:guid}/register/recommendations/{id:guid} "] = new(),
        ["POST o/{org:guid}/register/recommendations/{id:guid} Edit"] = new(Form: new() { ["Form.Text"] = "edited by matrix" }),
        ["POST o/{org:guid}/register/recommendations/{id:guid} Assess"] = new(Form: new() { ["Assessment.Status"] = "not_implemented" }),
        ["POST o/{org:guid}/register/recommendations/{id:guid} Link"] = new(Form: new() { ["caseId"] = Any }),
        ["POST o/{org:guid}/register/recommendations/{id:guid} Unlink"] = new(Form: new() { ["caseId"] = Any }),
        ["POST o/{org:guid}/register/recommendations/{id:guid} Delete"] = new(),
        ["GET o/{org:guid}/statistics "] = new("?Rows=violation&Columns=region"),
        ["GET o/{org:guid}/statistics Download"] = new("&Rows=violation&format=json"),
        ["GET o/{org:guid}/statistics Cases"] = new("&scope=own"),
        ["GET o/{org:guid}/submissions "] = new(),
        ["POST o/{org:guid}/submissions "] = new(Form: new() { ["Header.Title"] = "matrix", ["Header.Mechanism"] = "ccpr", ["Header.Language"] = "en" }),
        ["GET o/{org:guid}/submissions/{id:guid} "] = new(),
        ["GET o/{org:guid}/submissions/{id:guid} Export"] = new("&format=html"),
        ["POST o/{org:guid}/submissions/{id:guid} Header"] = new(Form: new() { ["Version"] = "2", ["Header.Title"] = "changed by matrix", ["Header.Mechanism"] = "ccpr", ["Header.Language"] = "en" }),
        ["POST o/{org:guid}/submissions/{id:guid} AddSection"] = new(Form: new() { ["Version"] = "2", ["title"] = "matrix" }),
        ["POST o/{org:guid}/submissions/{id:guid} Section"] = new(Form: new() { ["Version"] = "2", ["section"] = Any, ["title"] = "matrix" }),
        ["POST o/{org:guid}/submissions/{id:guid} MoveSection"] = new(Form: new() { ["Version"] = "2", ["section"] = Any, ["delta"] = "1" }),
        ["POST o/{org:guid}/submissions/{id:guid} DeleteSection"] = new(Form: new() { ["Version"] = "2", ["section"] = Any }),
        ["POST o/{org:guid}/submissions/{id:guid} AddParagraph"] = new(Form: new() { ["Version"] = "2", ["section"] = Any }),
        ["POST o/{org:guid}/submissions/{id:guid} Paragraph"] = new(Form: new() { ["Version"] = "2", ["P.Id"] = Any, ["P.Text"] = "matrix" }),
        ["POST o/{org:guid}/submissions/{id:guid} MoveParagraph"] = new(Form: new() { ["Version"] = "2", ["paragraph"] = Any, ["delta"] = "1" }),
        ["POST o/{org:guid}/submissions/{id:guid} DeleteParagraph"] = new(Form: new() { ["Version"] = "2", ["paragraph"] = Any }),
        ["POST o/{org:guid}/submissions/{id:guid} AddRecommendation"] = new(Form: new() { ["Version"] = "2", ["section"] = Any, ["text"] = "matrix" }),
        ["POST o/{org:guid}/submissions/{id:guid} Recommendation"] = new(Form: new() { ["Version"] = "2", ["recommendation"] = Any, ["text"] = "matrix" }),
        ["POST o/{org:guid}/submissions/{id:guid} DeleteRecommendation"] = new(Form: new() { ["Version"] = "2", ["recommendation"] = Any }),
        ["POST o/{org:guid}/submissions/{id:guid} Accept"] = new(Form: new() { ["Version"] = "2", ["paragraph"] = Any, ["kind"] = "name", ["excerpt"] = "x" }),
        ["POST o/{org:guid}/submissions/{id:guid} Override"] = new(Form: new() { ["overridden"] = "true" }),
        ["POST o/{org:guid}/submissions/{id:guid} Delete"] = new(Form: new() { ["Version"] = "2" }),
    };

    private sealed record Handler(string Key, string Method, string Template, string? Name, Capability Requires)
    {
        /// <summary>Destructive handlers run last, so the rest meet the records they expect.</summary>
        public bool Destructive => Name is "Delete" || (Template.EndsWith("/delete", StringComparison.Ordinal) && Method == "POST");
    }

    /// <summary>Every handler of every page under /o/{org}, from the app's own route table.</summary>
    private static async Task<List<Handler>> RouteTable(DalelApp app)
    {
        var pages = app.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items.OfType<PageActionDescriptor>()
            .Where(p => p.AttributeRouteInfo?.Template?.StartsWith("o/", StringComparison.Ordinal) == true);
        var loader = app.Services.GetRequiredService<PageLoader>();
        var handlers = new List<Handler>();
        foreach (var page in pages)
        {
            var compiled = await loader.LoadAsync(page, EndpointMetadataCollection.Empty);
            foreach (var handler in compiled.HandlerMethods)
            {
                var template = page.AttributeRouteInfo!.Template!;
                var requires = handler.MethodInfo.GetCustomAttribute<RequiresAttribute>();
                Assert.True(requires is not null, $"{handler.MethodInfo.DeclaringType!.Name}.{handler.MethodInfo.Name} declares no [Requires]");
                var method = handler.HttpMethod.ToUpperInvariant();
                handlers.Add(new Handler($"{method} {template} {handler.Name}", method, template, handler.Name, requires!.Capability));
            }
        }

        return handlers.OrderBy(h => h.Destructive).ThenBy(h => h.Key, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task Every_organisation_handler_in_the_route_table_declares_its_capability_and_how_to_call_it()
    {
        using var app = new DalelApp();
        var handlers = await RouteTable(app);

        Assert.True(handlers.Count >= 68, $"only {handlers.Count} handlers found: is the route table read?");
        var undeclared = handlers.Select(h => h.Key).Where(k => !Probes.ContainsKey(k)).ToList();
        var stale = Probes.Keys.Where(k => handlers.All(h => h.Key != k)).ToList();
        Assert.True(undeclared.Count == 0, "handlers with no probe declared: " + string.Join("; ", undeclared));
        Assert.True(stale.Count == 0, "probes for handlers that no longer exist: " + string.Join("; ", stale));
    }

    public static TheoryData<Role, Provider> Rows()
    {
        var rows = new TheoryData<Role, Provider>();
        foreach (var provider in new[] { Provider.Sqlite, Provider.Postgres })
        {
            foreach (var role in Enum.GetValues<Role>())
            {
                rows.Add(role, provider);
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task A_member_reaches_only_what_their_role_allows_and_never_another_organisations_records(Role role, Provider provider)
    {
        using var app = new DalelApp(provider);
        app.Unseal();
        var own = Seeded.Case(app, app.OrgA, "own");
        var other = Seeded.Case(app, app.OrgB, "other");
        var otherVersion = new GetCase(app.Instance).Run(DalelApp.Owner(app.OrgB), other.Id).Value.Version;
        using var browser = await app.SignInAs(role, "a");
        var failures = new List<string>();

        foreach (var handler in await RouteTable(app))
        {
            var probe = Probes[handler.Key];
            var allowed = Permissions.Allows(role, handler.Requires);

            // Another organisation's route: the policy refuses before any handler runs.
            var theirs = await Send(browser, handler, probe, other);
            if (theirs.StatusCode != HttpStatusCode.Forbidden)
            {
                failures.Add($"{handler.Key} on another organisation: {(int)theirs.StatusCode}");
            }

            // Another organisation's record ids under the member's own route: not found (or 403 for a role without
            // the capability). The register is the coalition's, shared by design.
            var smuggled = await Send(browser, handler, probe, other with { Org = app.OrgA });
            if (handler.Template.Contains("{id:guid}", StringComparison.Ordinal) && !handler.Template.Contains("/register/", StringComparison.Ordinal))
            {
                var expected = allowed ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden;
                if (smuggled.StatusCode != expected)
                {
                    failures.Add($"{handler.Key} with another organisation's ids: {(int)smuggled.StatusCode}, expected {(int)expected}");
                }
            }

            foreach (var body in new[] { await theirs.Content.ReadAsStringAsync(), await smuggled.Content.ReadAsStringAsync() })
            {
                if (body.Contains(other.Title, StringComparison.Ordinal) || body.Contains(other.NarrativeMarker, StringComparison.Ordinal) || body.Contains(other.IdentityMarker, StringComparison.Ordinal) || body.Contains("file-other", StringComparison.Ordinal))
                {
                    failures.Add($"{handler.Key}: another organisation's data in the response");
                }
            }

            // The member's own organisation: exactly what the role allows, and never a server error.
            var mine = await Send(browser, handler, probe, own);
            var status = (int)mine.StatusCode;
            if (allowed ? mine.StatusCode == HttpStatusCode.Forbidden : mine.StatusCode != HttpStatusCode.Forbidden)
            {
                failures.Add($"{handler.Key} in own organisation: {status}, requires {handler.Requires}, allowed={allowed}");
            }

            if (status >= 500 || (int)smuggled.StatusCode >= 500 || (int)theirs.StatusCode >= 500)
            {
                failures.Add($"{handler.Key}: server error");
            }

            var page = await mine.Content.ReadAsStringAsync();
            if (role is Role.Analyst && page.Contains(own.NarrativeMarker, StringComparison.Ordinal))
            {
                failures.Add($"{handler.Key}: analyst sees a narrative");
            }

            if (role is Role.Analyst or Role.Viewer && (page.Contains(own.IdentityMarker, StringComparison.Ordinal) || page.Contains("file-own", StringComparison.Ordinal)))
            {
                failures.Add($"{handler.Key}: {role} sees identifying data");
            }
        }

        Assert.Empty(failures);
        var untouched = new GetCase(app.Instance).Run(DalelApp.Owner(app.OrgB), other.Id);
        Assert.True(untouched.IsOk, "another organisation's case was deleted");
        Assert.Equal(otherVersion, untouched.Value.Version);
        Assert.Single(untouched.Value.Record.Files);
        Assert.DoesNotContain(new ListMembers(app.Instance).Run(DalelApp.Owner(app.OrgB)).Value, m => m.Login == "matrix.added");
        Assert.Equal("Submission other", new Dalel.Core.Submissions.GetSubmission(app.Instance).Run(DalelApp.Owner(app.OrgB), other.SubmissionId).Value.Value.Title);
    }

    [Fact]
    public async Task A_post_naming_no_handler_of_the_page_is_not_found_not_a_server_error()
    {
        using var app = new DalelApp();
        app.Unseal();
        var own = Seeded.Case(app, app.OrgA, "own");
        using var browser = await app.SignInAs(Role.Owner, "a");

        foreach (var url in new[] { $"/o/{own.Org}/cases/{own.Id}", $"/o/{own.Org}/cases/{own.Id}?handler=Nonsense", $"/o/{own.Org}/intake/{own.IntakeReportId}", $"/o/{own.Org}/cases" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await browser.Post(url)).StatusCode);
        }
    }

    private static Task<HttpResponseMessage> Send(WebBrowser browser, Handler handler, Probe probe, SeededCase target)
    {
        var id = handler.Template switch
        {
            var t when t.Contains("/intake/{id", StringComparison.Ordinal) => target.IntakeReportId,
            var t when t.Contains("/submissions/{id", StringComparison.Ordinal) => target.SubmissionId,
            var t when t.Contains("/recommendations/{id", StringComparison.Ordinal) => target.RecommendationId,
            _ => target.Id,
        };
        var path = "/" + handler.Template.Replace("{org:guid}", target.Org.ToString(), StringComparison.Ordinal)
            .Replace("{id:guid}", id.ToString(), StringComparison.Ordinal)
            .Replace("{fileId:guid}", target.FileId.ToString(), StringComparison.Ordinal);
        var query = handler.Name is { } name ? $"?handler={name}{probe.Query}" : probe.Query;
        var url = path + query;
        return handler.Method == "GET" ? browser.Http.GetAsync(url)
            : probe.Upload ? browser.Upload(url, "matrix.csv", "a,b,count\n1,0,3\n"u8.ToArray())
            : browser.Post(url, probe.Form);
    }
}
