using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dalel.Core.Api;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Api;

/// <summary>Intent helpers for API tests: a token with scopes, a client carrying it, a valid case body.</summary>
public static class ApiSteps
{
    public static string Token(DalelApp app, Guid org, params string[] scopes) =>
        new CreateApiToken(app.Instance).Run(DalelApp.Owner(org), "test tool", scopes, 30).Value.Secret;

    public static HttpClient Client(DalelApp app, string? token)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static object NewCase(string title = "API case", string victim = "V-API") => new
    {
        title,
        reference = "EXT-7",
        narrative = "Officers detained the victim after a fake date.",
        date = "15.03.2024",
        place = new { region = "almaty_city" },
        victims = new[] { new { codeName = victim, age = 24, genderIdentity = "woman", consents = new[] { new { use = "anonymous_statistics", granted = true, date = "2024-03-20", method = "written" } } } },
        acts = new[] { new { victim, violations = new[] { "fake_dating", "extortion_blackmail" }, perpetrators = new[] { new { type = "police", description = "two officers" } } } },
    };

    public static async Task<JsonElement> Json(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>());
}
