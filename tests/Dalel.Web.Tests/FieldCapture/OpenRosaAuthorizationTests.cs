using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dalel.Core.FieldCapture;
using Dalel.Web.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dalel.Web.Tests.FieldCapture;

/// <summary>
/// Every OpenRosa endpoint in the route table, for every kind of caller: none, a wrong secret, a revoked phone,
/// organisation B's phone at A's address, and A's own phone. Only the last gets in; an endpoint added under /field
/// is found here without being listed, so it cannot go unchecked.
/// </summary>
public sealed class OpenRosaAuthorizationTests
{
    [Fact]
    public async Task Only_the_organisations_own_live_phone_reaches_any_field_endpoint()
    {
        using var app = new DalelApp();
        app.Unseal();
        foreach (var org in new[] { app.OrgA, app.OrgB })
        {
            new EnableFieldCapture(app.Instance).Run(DalelApp.Owner(org), true);
        }

        var live = new IssueFieldDevice(app.Instance).Run(DalelApp.Owner(app.OrgA), "live").Value;
        var revoked = new IssueFieldDevice(app.Instance).Run(DalelApp.Owner(app.OrgA), "revoked").Value;
        new RevokeFieldDevice(app.Instance).Run(DalelApp.Owner(app.OrgA), revoked.Device.Id);
        var other = new IssueFieldDevice(app.Instance).Run(DalelApp.Owner(app.OrgB), "other").Value;

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/field/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Route: e.RoutePattern.RawText!)))
            .ToList();
        Assert.Equal(4, endpoints.Count);

        var callers = new (string Name, string? Credential, HttpStatusCode[] Expected)[]
        {
            ("nobody", null, [HttpStatusCode.Unauthorized]),
            ("wrong secret", $"{live.Device.Id}:{live.Secret}x", [HttpStatusCode.Unauthorized]),
            ("revoked", $"{revoked.Device.Id}:{revoked.Secret}", [HttpStatusCode.Unauthorized]),
            ("organisation B's phone", $"{other.Device.Id}:{other.Secret}", [HttpStatusCode.Unauthorized]),
            ("A's phone", $"{live.Device.Id}:{live.Secret}", [HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.BadRequest]),
        };
        using var client = app.Anonymous();
        var findings = new List<string>();
        foreach (var (method, route) in endpoints)
        {
            var url = route.Replace("{org:guid}", app.OrgA.ToString("D"), StringComparison.Ordinal).Replace("{formId}", FieldForms.IncidentId, StringComparison.Ordinal);
            foreach (var (name, credential, expected) in callers)
            {
                var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method == "POST")
                {
                    request.Content = new MultipartFormDataContent { { new ByteArrayContent("<data/>"u8.ToArray()), "xml_submission_file", "submission.xml" } };
                }

                if (credential is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credential)));
                }

                var status = (await client.Http.SendAsync(request)).StatusCode;
                if (!expected.Contains(status))
                {
                    findings.Add($"{method} {route} as {name}: {(int)status}");
                }
            }
        }

        Assert.Empty(findings);
    }
}
