using System.Net;
using System.Net.Http.Json;
using Dalel.Core.Api;
using Dalel.Core.Storage;
using Dalel.Web.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Dalel.Web.Tests.Api.ApiSteps;

namespace Dalel.Web.Tests.Api;

/// <summary>
/// Every API endpoint in the route table × every token scope (and none) × the token's own organisation and another's.
/// A new endpoint without a declared call and expectation fails the test.
/// </summary>
public sealed class ApiAuthorizationMatrixTests
{
    private sealed record Call(string Method, string Path, Func<SeededCase, object?>? Body, string[] Allowed, bool TakesCaseId = false);

    private static readonly string[] Readers = [ApiScopes.ReadCoded, ApiScopes.ReadCases, ApiScopes.WriteCases];
    private static readonly string[] Everyone = [.. Readers, ApiScopes.Statistics];

    /// <summary>Keyed "METHOD route pattern" as the route table names them.</summary>
    private static readonly Dictionary<string, Call> Calls = new(StringComparer.Ordinal)
    {
        ["GET /api/v1/cases"] = new("GET", "/api/v1/cases?q=narrative", null, Readers),
        ["GET /api/v1/cases/{id:guid}"] = new("GET", "/api/v1/cases/{id}", null, Readers, TakesCaseId: true),
        ["POST /api/v1/cases"] = new("POST", "/api/v1/cases", _ => NewCase("matrix"), [ApiScopes.WriteCases]),
        ["PUT /api/v1/cases/{id:guid}"] = new("PUT", "/api/v1/cases/{id}", c => new { version = 1, title = "changed by matrix", date = "2024", victims = new[] { new { codeName = "X" } }, acts = new[] { new { victim = "X", violations = new[] { "raid" } } } }, [ApiScopes.WriteCases], TakesCaseId: true),
        ["GET /api/v1/vocabularies"] = new("GET", "/api/v1/vocabularies", null, Everyone),
        ["GET /api/v1/statistics"] = new("GET", "/api/v1/statistics?rows=violation", null, Everyone),
        ["POST /api/v1/estimates"] = new("POST", "/api/v1/estimates", _ => new { lists = new[] { "A", "B" }, cells = new[] { new { @in = new[] { "A" }, count = 5 } } }, Everyone),
    };

    private static List<string> ApiRoutes(DalelApp app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true && e.RoutePattern.RawText != "/api/v1/reference")
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Distinct().ToList();

    [Fact]
    public async Task Every_api_endpoint_is_declared_here()
    {
        await using var app = new DalelApp();

        var routes = ApiRoutes(app);

        Assert.Equal(Calls.Keys.Order(StringComparer.Ordinal), routes.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Each_scope_reaches_exactly_its_endpoints_and_never_another_organisations_cases(Provider provider)
    {
        await using var app = new DalelApp(provider);
        app.Unseal();
        var own = Seeded.Case(app, app.OrgA, "own");
        var other = Seeded.Case(app, app.OrgB, "other");
        var failures = new List<string>();

        foreach (var scope in ApiScopes.All.Append("(none)"))
        {
            var token = scope == "(none)" ? null : Token(app, app.OrgA, scope);
            using var api = Client(app, token);
            foreach (var (key, call) in Calls)
            {
                var allowed = call.Allowed.Contains(scope);
                var mine = await Send(api, call, own);
                var expected = token is null ? HttpStatusCode.Unauthorized : allowed ? (call.Method == "POST" && call.Path == "/api/v1/cases" ? HttpStatusCode.Created : HttpStatusCode.OK) : HttpStatusCode.Forbidden;
                if (key.StartsWith("PUT", StringComparison.Ordinal) && allowed)
                {
                    expected = HttpStatusCode.Conflict; // version 1 was moved on by the seeding: refused, never written blindly
                }

                if (mine.StatusCode != expected)
                {
                    failures.Add($"{scope} {key} own: {(int)mine.StatusCode}, expected {(int)expected}");
                }

                if (call.TakesCaseId)
                {
                    var theirs = await Send(api, call, other);
                    var refused = token is null ? HttpStatusCode.Unauthorized : allowed ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden;
                    if (theirs.StatusCode != refused)
                    {
                        failures.Add($"{scope} {key} another organisation's case: {(int)theirs.StatusCode}, expected {(int)refused}");
                    }

                    var body = await theirs.Content.ReadAsStringAsync();
                    if (body.Contains(other.Title, StringComparison.Ordinal) || body.Contains(other.NarrativeMarker, StringComparison.Ordinal))
                    {
                        failures.Add($"{scope} {key}: another organisation's case in the answer");
                    }
                }

                var text = await mine.Content.ReadAsStringAsync();
                if (text.Contains(own.IdentityMarker, StringComparison.Ordinal) || text.Contains(other.NarrativeMarker, StringComparison.Ordinal))
                {
                    failures.Add($"{scope} {key}: identities or another organisation's narrative in the answer");
                }

                if (scope == ApiScopes.ReadCoded && text.Contains(own.NarrativeMarker, StringComparison.Ordinal))
                {
                    failures.Add($"{key}: a coded-facts token sees a narrative");
                }
            }
        }

        // Listing with a token of organisation A never shows organisation B's case.
        using (var reader = Client(app, Token(app, app.OrgA, ApiScopes.ReadCases)))
        {
            var listed = await reader.GetStringAsync("/api/v1/cases?pageSize=200");
            Assert.DoesNotContain(other.Id.ToString(), listed, StringComparison.Ordinal);
        }

        Assert.Empty(failures);
        Assert.Equal(other.Title, new Dalel.Core.Cases.GetCase(app.Instance).Run(DalelApp.Owner(app.OrgB), other.Id).Value.Record.Title);
    }

    private static Task<HttpResponseMessage> Send(HttpClient api, Call call, SeededCase target)
    {
        var path = call.Path.Replace("{id}", target.Id.ToString(), StringComparison.Ordinal);
        return call.Method switch
        {
            "GET" => api.GetAsync(path),
            "POST" => api.PostAsJsonAsync(path, call.Body!(target)),
            "PUT" => api.PutAsJsonAsync(path, call.Body!(target)),
            _ => throw new InvalidOperationException(call.Method),
        };
    }
}
