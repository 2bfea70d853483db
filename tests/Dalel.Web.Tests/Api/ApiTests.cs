using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dalel.Core.Api;
using Dalel.Core.Audit;
using Dalel.Core.Storage;
using Dalel.Web.Tests.Support;
using static Dalel.Web.Tests.Api.ApiSteps;

namespace Dalel.Web.Tests.Api;

/// <summary>The JSON API (issue 14) as a client tool uses it: tokens, cases, problems, statistics, limits.</summary>
public sealed class ApiTests
{
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_tool_creates_reads_updates_and_lists_cases_and_a_stale_update_is_refused(Provider provider)
    {
        await using var app = new DalelApp(provider);
        app.Unseal();
        using var api = Client(app, Token(app, app.OrgA, ApiScopes.WriteCases));

        var created = await api.PostAsJsonAsync("/api/v1/cases", NewCase());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/cases/{id:D}", created.Headers.Location!.OriginalString);
        Assert.Equal(("2024-03-15", "EXT-7", "police"), (body.GetProperty("date").GetString(), body.GetProperty("reference").GetString(),
            body.GetProperty("acts")[0].GetProperty("perpetrators")[0].GetProperty("type").GetString()));

        var read = await Json(await api.GetAsync($"/api/v1/cases/{id}"));
        var version = read.GetProperty("version").GetInt64();
        var update = JsonSerializer.SerializeToNode(read)!.AsObject();
        update["title"] = "Updated by the tool";
        var updated = await api.PutAsJsonAsync($"/api/v1/cases/{id}", update);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("Updated by the tool", (await Json(updated)).GetProperty("title").GetString());

        // The same stale version again: someone else's change would be lost, so it is refused.
        update["title"] = "A late second edit";
        var stale = await api.PutAsJsonAsync($"/api/v1/cases/{id}", update);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith("/edit-conflict", (await Json(stale)).GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.True(version < (await Json(await api.GetAsync($"/api/v1/cases/{id}"))).GetProperty("version").GetInt64());

        await api.PostAsJsonAsync("/api/v1/cases", NewCase("Second", "V-2"));
        var page = await Json(await api.GetAsync("/api/v1/cases?pageSize=1&page=2&sort=title_asc&code=violations:fake_dating"));
        Assert.Equal((2, 2, 1), (page.GetProperty("total").GetInt32(), page.GetProperty("pages").GetInt32(), page.GetProperty("items").GetArrayLength()));
        Assert.Equal("Updated by the tool", page.GetProperty("items")[0].GetProperty("title").GetString());

        // The case keeps the identity recorded on the web: the API neither shows nor drops it.
        var audit = AuditLog.Read(app.Instance);
        Assert.Contains(audit, e => e.Action == AuditAction.ApiWrite && e.Actor.StartsWith(Actors.ApiToken, StringComparison.Ordinal) && e.OrgId == app.OrgA);
        Assert.Contains(audit, e => e.Action == AuditAction.CaseUpdated && e.Actor.StartsWith(Actors.ApiToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_update_through_the_API_keeps_the_identities_it_never_shows()
    {
        await using var app = new DalelApp();
        app.Unseal();
        var seeded = Seeded.Case(app, app.OrgA, "a");
        using var api = Client(app, Token(app, app.OrgA, ApiScopes.WriteCases));

        var read = await api.GetStringAsync($"/api/v1/cases/{seeded.Id}");
        Assert.DoesNotContain(seeded.IdentityMarker, read, StringComparison.Ordinal);
        var update = JsonSerializer.Deserialize<System.Text.Json.Nodes.JsonObject>(read)!;
        update["narrative"] = "changed";
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"/api/v1/cases/{seeded.Id}", update)).StatusCode);

        var content = new Dalel.Core.Cases.GetCase(app.Instance).ForEdit(DalelApp.Owner(app.OrgA), seeded.Id, audit: false).Value.Content;
        Assert.Equal(seeded.IdentityMarker, Assert.Single(content.Identities).FullName);
        Assert.Single(new Dalel.Core.Cases.GetCase(app.Instance).Run(DalelApp.Owner(app.OrgA), seeded.Id).Value.Record.Files);
    }

    [Fact]
    public async Task Invalid_input_is_a_problem_naming_each_field_in_the_clients_own_terms()
    {
        await using var app = new DalelApp();
        app.Unseal();
        using var api = Client(app, Token(app, app.OrgA, ApiScopes.WriteCases));

        var response = await api.PostAsJsonAsync("/api/v1/cases", new
        {
            title = "",
            date = "2024",
            victims = new[] { new { codeName = "V1", age = 300 } },
            acts = new[] { new { victim = "V1", violations = new[] { "not_a_violation" } } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await Json(response)).GetProperty("errors");
        Assert.Equal(["acts[0].violations", "title", "victims[0].age"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));

        var broken = await api.PostAsync("/api/v1/cases", new StringContent("{\"title\": \"x\", \"victims\": [{\"age\": \"old\"}]}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("$.victims[0].age", Assert.Single((await Json(broken)).GetProperty("errors").EnumerateObject()).Name);

        var form = await api.PostAsync("/api/v1/cases", new FormUrlEncodedContent([new("title", "x")]));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);

        var noVersion = await api.PutAsJsonAsync($"/api/v1/cases/{Guid.NewGuid()}", NewCase());
        Assert.Equal("version", Assert.Single((await Json(noVersion)).GetProperty("errors").EnumerateObject()).Name);
    }

    [Fact]
    public async Task Without_a_valid_token_nothing_answers_and_while_sealed_every_call_is_423()
    {
        await using var app = new DalelApp();
        app.Unseal();
        var token = Token(app, app.OrgA, ApiScopes.ReadCases);
        var revoked = new CreateApiToken(app.Instance).Run(DalelApp.Owner(app.OrgA), "old", [ApiScopes.ReadCases], 1).Value;
        new RevokeApiToken(app.Instance).Run(DalelApp.Owner(app.OrgA), revoked.Token.Id);
        var expiring = new CreateApiToken(app.Instance).Run(DalelApp.Owner(app.OrgA), "short", [ApiScopes.ReadCases], 1).Value;
        var parts = token.Split('.');
        var forged = string.Join('.', parts[0], parts[1], parts[2], new string('A', 43));

        foreach (var bad in new string?[] { null, "nonsense", revoked.Secret, forged, token.Replace(parts[1], app.OrgB.ToString("N"), StringComparison.Ordinal) })
        {
            using var client = Client(app, bad);
            var response = await client.GetAsync("/api/v1/cases");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }

        app.Clock.Advance(TimeSpan.FromDays(2));
        using (var late = Client(app, expiring.Secret))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await late.GetAsync("/api/v1/cases")).StatusCode);
        }

        new Dalel.Core.Vault.SealVault(app.Instance).Run("cli");
        using var api = Client(app, token);
        var sealedResponse = await api.GetAsync("/api/v1/cases");
        Assert.Equal(HttpStatusCode.Locked, sealedResponse.StatusCode);
        Assert.EndsWith("/sealed", (await Json(sealedResponse)).GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coded_facts_token_sees_no_narrative_and_a_statistics_token_only_protected_tables()
    {
        await using var app = new DalelApp();
        app.Unseal();
        var seeded = Seeded.Case(app, app.OrgA, "a");
        using var coded = Client(app, Token(app, app.OrgA, ApiScopes.ReadCoded));
        using var statistics = Client(app, Token(app, app.OrgA, ApiScopes.Statistics));

        var read = await coded.GetStringAsync($"/api/v1/cases/{seeded.Id}");
        Assert.DoesNotContain(seeded.NarrativeMarker, read, StringComparison.Ordinal);
        Assert.DoesNotContain(seeded.Title, read, StringComparison.Ordinal);
        Assert.Contains("\"raid\"", read, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await statistics.GetAsync("/api/v1/cases")).StatusCode);
        var table = await Json(await statistics.GetAsync("/api/v1/statistics?rows=violation"));
        Assert.True(table.GetProperty("protected").GetBoolean());
        Assert.True(table.GetProperty("perturbed").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await statistics.GetAsync("/api/v1/statistics?rows=violation&release=internal")).StatusCode);
        var internalTable = await Json(await coded.GetAsync("/api/v1/statistics?rows=violation&release=internal"));
        Assert.Equal(1, internalTable.GetProperty("total").GetProperty("count").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await coded.GetAsync("/api/v1/statistics?rows=colour")).StatusCode);

        var estimate = await Json(await statistics.PostAsJsonAsync("/api/v1/estimates", new
        {
            lists = new[] { "A", "B", "C" },
            cells = new object[]
            {
                new { @in = new[] { "A" }, count = 60 }, new { @in = new[] { "B" }, count = 50 }, new { @in = new[] { "C" }, count = 40 },
                new { @in = new[] { "A", "B" }, count = 20 }, new { @in = new[] { "A", "C" }, count = 15 }, new { @in = new[] { "B", "C" }, count = 10 },
                new { @in = new[] { "A", "B", "C" }, count = 5 },
            },
        }));
        Assert.Equal(200, estimate.GetProperty("documented").GetInt64());
        Assert.True(estimate.GetProperty("models").GetArrayLength() > 1);
        var vocabularies = await Json(await statistics.GetAsync("/api/v1/vocabularies"));
        Assert.Contains(vocabularies.EnumerateArray(), v => v.GetProperty("name").GetString() == "violations");
    }

    [Fact]
    public async Task The_estimate_follows_the_method_asked_for_and_says_its_interval_and_assumption()
    {
        await using var app = new DalelApp();
        app.Unseal();
        using var statistics = Client(app, Token(app, app.OrgA, ApiScopes.Statistics));
        var estimate = await Json(await statistics.PostAsJsonAsync("/api/v1/estimates", Asking("best")));

        Assert.Equal("best", estimate.GetProperty("headline").GetProperty("method").GetString());
        Assert.Equal("profile", estimate.GetProperty("headline").GetProperty("interval").GetString());
        Assert.Contains("chosen by BIC", estimate.GetProperty("statement").GetString(), StringComparison.Ordinal);

        var averaged = await Json(await statistics.PostAsJsonAsync("/api/v1/estimates", Asking("averaged")));
        var headline = averaged.GetProperty("headline");
        Assert.Equal("averaged", headline.GetProperty("method").GetString());
        Assert.Equal("credible", headline.GetProperty("interval").GetString());
        Assert.InRange(headline.GetProperty("total").GetDouble(), 200, headline.GetProperty("upper").GetDouble());
        Assert.Contains("averag", averaged.GetProperty("statement").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrWhiteSpace(headline.GetProperty("assumption").GetString()));
        Assert.Equal(0, averaged.GetProperty("models").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, averaged.GetProperty("best").ValueKind);
        var independence = await Json(await statistics.PostAsJsonAsync("/api/v1/estimates", Asking("independence")));
        Assert.Equal("independence", independence.GetProperty("headline").GetProperty("method").GetString());
        Assert.Equal(1, independence.GetProperty("models").GetArrayLength());
        var latent = await Json(await statistics.PostAsJsonAsync("/api/v1/estimates", Asking("latent-class")));
        Assert.Equal("latent-class", latent.GetProperty("headline").GetProperty("method").GetString());
        Assert.Equal("credible", latent.GetProperty("headline").GetProperty("interval").GetString());
        var unknown = await statistics.PostAsJsonAsync("/api/v1/estimates", Asking("magic"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("Method must be one of: best, independence, averaged, latent-class.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static object Asking(string method) => new
    {
        lists = new[] { "A", "B", "C" },
        method,
        cells = new object[]
        {
            new { @in = new[] { "A" }, count = 60 }, new { @in = new[] { "B" }, count = 50 }, new { @in = new[] { "C" }, count = 40 },
            new { @in = new[] { "A", "B" }, count = 20 }, new { @in = new[] { "A", "C" }, count = 15 }, new { @in = new[] { "B", "C" }, count = 10 },
            new { @in = new[] { "A", "B", "C" }, count = 5 },
        },
    };

    [Fact]
    public async Task Requests_beyond_the_limit_get_429_and_no_other_site_is_allowed_to_call()
    {
        await using var seeded = new DalelApp();
        await using var app = new DalelApp(seeded, new Dictionary<string, string> { ["Dalel:ApiRequestsPerMinute"] = "3" });
        app.Unseal();
        using var api = Client(app, Token(app, app.OrgA, ApiScopes.ReadCoded));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await api.GetAsync("/api/v1/vocabularies")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var limited = await api.GetAsync("/api/v1/vocabularies");
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType!.MediaType);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/cases");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var answer = await api.SendAsync(preflight);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_signed_in_members_cookie_does_not_open_the_API()
    {
        await using var app = new DalelApp();
        app.Unseal();
        using var owner = await app.SignInAs(Dalel.Core.Members.Role.Owner);

        Assert.Equal(HttpStatusCode.Unauthorized, (await owner.Http.GetAsync("/api/v1/cases")).StatusCode);
    }
}
