using System.Net;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Tests.Support;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Security;

/// <summary>
/// Every organisation page and endpoint, for every role, against the member's own records, another organisation's
/// records under that organisation's route, and another organisation's record ids under the member's own route.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    private sealed record Endpoint(string Name, string Method, Func<SeededCase, string> Url, Role[] Allowed, Dictionary<string, string>? Form = null);

    private static readonly Role[] Everyone = Enum.GetValues<Role>();
    private static readonly Role[] Writers = [Role.Owner, Role.Documenter];
    private static readonly Role[] Owners = [Role.Owner];
    private static readonly Role[] Editors = [Role.Owner, Role.Documenter, Role.Analyst];

    private static readonly Endpoint[] Endpoints =
    [
        new("case list", "GET", c => $"/o/{c.Org}/cases", Everyone),
        new("case list search", "GET", c => $"/o/{c.Org}/cases?q=narrative&violations=raid", Everyone),
        new("case", "GET", c => $"/o/{c.Org}/cases/{c.Id}", Everyone),
        new("reveal identities", "POST", c => $"/o/{c.Org}/cases/{c.Id}?handler=Reveal", Writers),
        new("new case form", "GET", c => $"/o/{c.Org}/cases/new", Writers),
        new("edit form", "GET", c => $"/o/{c.Org}/cases/{c.Id}/edit", Writers),
        new("edit save", "POST", c => $"/o/{c.Org}/cases/{c.Id}/edit", Writers, new() { ["Form.Title"] = "changed by matrix", ["Command"] = "save" }),
        new("file download", "GET", c => $"/o/{c.Org}/cases/{c.Id}/files/{c.FileId}", Writers),
        new("redact form", "GET", c => $"/o/{c.Org}/cases/{c.Id}/files/{c.FileId}/redact", Writers),
        new("file upload", "UPLOAD", c => $"/o/{c.Org}/cases/{c.Id}?handler=Upload", Writers),
        new("delete form", "GET", c => $"/o/{c.Org}/cases/{c.Id}/delete", Owners),
        new("members", "GET", c => $"/o/{c.Org}/members", Owners),
        new("statistics", "GET", c => $"/o/{c.Org}/statistics?Rows=violation&Columns=region", Everyone),
        new("coalition statistics", "GET", c => $"/o/{c.Org}/statistics?scope=coalition&Rows=organisation", Everyone),
        new("statistics download", "GET", c => $"/o/{c.Org}/statistics?Rows=violation&handler=Download&format=json", Everyone),
        new("member add", "POST", c => $"/o/{c.Org}/members?handler=Add", Owners, new() { ["Add.Login"] = "matrix.added", ["Add.DisplayName"] = "M", ["Add.Password"] = "matrix-password", ["Add.Role"] = "Viewer" }),
        new("register", "GET", c => $"/o/{c.Org}/register", Everyone),
        new("register add", "POST", c => $"/o/{c.Org}/register?handler=Recommendation", Editors, new() { ["Recommendation.Mechanism"] = "ccpr", ["Recommendation.Symbol"] = "CCPR/C/KAZ/CO/3", ["Recommendation.Paragraph"] = "10", ["Recommendation.Text"] = "matrix" }),
        new("submissions", "GET", c => $"/o/{c.Org}/submissions", Everyone),
        new("submission", "GET", c => $"/o/{c.Org}/submissions/{c.SubmissionId}", Everyone),
        new("submission export", "GET", c => $"/o/{c.Org}/submissions/{c.SubmissionId}?handler=Export&format=html", Editors),
        new("submission edit", "POST", c => $"/o/{c.Org}/submissions/{c.SubmissionId}?handler=Header", Editors, new() { ["Version"] = "2", ["Header.Title"] = "changed by matrix", ["Header.Mechanism"] = "ccpr", ["Header.Language"] = "en" }),
        new("hate crime report", "GET", c => $"/o/{c.Org}/hate-crime?year=2024", Owners),
        new("estimate", "GET", c => $"/o/{c.Org}/estimate", Everyone),
        new("possible duplicates", "GET", c => $"/o/{c.Org}/linkage", Owners),
        new("intake queue", "GET", c => $"/o/{c.Org}/intake", Writers),
        new("intake report", "GET", c => $"/o/{c.Org}/intake/{c.IntakeReportId}", Writers),
        new("intake reply", "POST", c => $"/o/{c.Org}/intake/{c.IntakeReportId}?handler=Reply", Writers, new() { ["Reply"] = "matrix reply" }),
        new("intake settings", "GET", c => $"/o/{c.Org}/intake/settings", Owners),
        new("intake settings save", "POST", c => $"/o/{c.Org}/intake/settings", Owners, new() { ["Form.PublicName"] = "Matrix", ["Form.QuickExitUrl"] = "https://www.wikipedia.org/" }),
        new("delete", "POST", c => $"/o/{c.Org}/cases/{c.Id}/delete", Owners),
    ];

    public static TheoryData<Role, Provider> Rows()
    {
        var rows = new TheoryData<Role, Provider>();
        foreach (var provider in new[] { Provider.Sqlite, Provider.Postgres })
        {
            foreach (var role in Everyone)
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

        foreach (var endpoint in Endpoints)
        {
            // Another organisation's route: the policy refuses before any handler runs.
            var theirs = await Send(browser, endpoint, other);
            if (theirs.StatusCode != HttpStatusCode.Forbidden)
            {
                failures.Add($"{endpoint.Name} on another organisation: {(int)theirs.StatusCode}");
            }

            // Another organisation's record ids under the member's own route: not found, whatever the role.
            var smuggled = await Send(browser, endpoint, other with { Org = app.OrgA });
            var expectedSmuggled = endpoint.Name is "case list" or "case list search" or "new case form" or "members" or "member add" or "statistics" or "coalition statistics" or "statistics download"
                    or "register" or "register add" or "submissions" or "hate crime report" or "estimate" or "possible duplicates" or "intake queue" or "intake settings" or "intake settings save"
                ? null
                : (HttpStatusCode?)(endpoint.Allowed.Contains(role) || endpoint.Name is "case" ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden);
            if (expectedSmuggled is { } status && smuggled.StatusCode != status)
            {
                failures.Add($"{endpoint.Name} with another organisation's ids: {(int)smuggled.StatusCode}, expected {(int)status}");
            }

            foreach (var body in new[] { await theirs.Content.ReadAsStringAsync(), await smuggled.Content.ReadAsStringAsync() })
            {
                if (body.Contains(other.Title, StringComparison.Ordinal) || body.Contains(other.NarrativeMarker, StringComparison.Ordinal) || body.Contains(other.IdentityMarker, StringComparison.Ordinal) || body.Contains("file-other", StringComparison.Ordinal))
                {
                    failures.Add($"{endpoint.Name}: another organisation's data in the response");
                }
            }

            // The member's own organisation: exactly what the role allows.
            var mine = await Send(browser, endpoint, own);
            var allowed = endpoint.Allowed.Contains(role);
            var ok = mine.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect;
            if (allowed != ok || (!allowed && mine.StatusCode != HttpStatusCode.Forbidden))
            {
                failures.Add($"{endpoint.Name} in own organisation: {(int)mine.StatusCode}, allowed={allowed}");
            }

            var page = await mine.Content.ReadAsStringAsync();
            if (role is Role.Analyst && page.Contains(own.NarrativeMarker, StringComparison.Ordinal))
            {
                failures.Add($"{endpoint.Name}: analyst sees a narrative");
            }

            if (role is Role.Analyst or Role.Viewer && (page.Contains(own.IdentityMarker, StringComparison.Ordinal) || page.Contains("file-own", StringComparison.Ordinal)))
            {
                failures.Add($"{endpoint.Name}: {role} sees identifying data");
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

    private static async Task<HttpResponseMessage> Send(WebBrowser browser, Endpoint endpoint, SeededCase target) => endpoint.Method switch
    {
        "GET" => await browser.Http.GetAsync(endpoint.Url(target)),
        "UPLOAD" => await browser.Upload(endpoint.Url(target), "matrix.txt", "matrix upload"u8.ToArray()),
        _ => await browser.Post(endpoint.Url(target), endpoint.Form),
    };
}
