using System.Threading.RateLimiting;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Dalel.Web.Api;

/// <summary>
/// The JSON API under /api/v1: bearer tokens only (no cookies, no CORS: no other site's page can call it with a
/// member's session), a rate limit per token, problem details for every failure, and an OpenAPI document generated
/// from the endpoints at /api/v1/openapi.json with a readable reference at /api/v1/reference.
/// </summary>
public static class ApiServices
{
    public const string RatePolicy = "api";
    public const int DefaultRequestsPerMinute = 120;
    public const string DocumentName = "v1";

    public static IServiceCollection AddDalelApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddProblemDetails();
        // Numbers are numbers: the web defaults also accept "12" as 12, which makes every number a number-or-string
        // in the schema, and generated clients then model it as neither.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict);
        services.AddOpenApi(DocumentName, o =>
        {
            // 3.0 rather than 3.1: what client generators and validators read most reliably today.
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Dalel API",
                    Version = "1",
                    Description = "Cases, vocabularies, statistics and estimates of one organisation, for its own tools. Every request carries an "
                        + "organisation API token (created by an owner, scoped, expiring) as 'Authorization: Bearer <token>'. Failures are RFC 9457 "
                        + "problem details; 423 while the instance is sealed; 429 beyond the rate limit. Identities and files never leave through the API.",
                };
                document.Servers = [];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["token"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An organisation API token: dalel.<organisation>.<id>.<secret>",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("token", document)] = [] }];
                document.Tags = new HashSet<OpenApiTag>
                {
                    new() { Name = "Cases", Description = "The token's organisation's cases: what its scopes allow, never identities or files." },
                    new() { Name = "Vocabularies", Description = "The controlled vocabularies every coded field takes its codes from." },
                    new() { Name = "Statistics", Description = "Counts with the disclosure protection of their scope, and estimates of the undocumented." },
                };
                return Task.CompletedTask;
            });
            o.AddDocumentTransformer((document, _, _) =>
            {
                // A nullable object property comes out as oneOf [null, $ref], which OpenAPI 3.0 cannot state without a
                // type beside "nullable"; the plain reference says the same to clients (the property may be absent).
                foreach (var schema in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
                {
                    foreach (var (name, property) in schema.Properties?.ToList() ?? [])
                    {
                        if (property is OpenApiSchema { OneOf: { Count: 2 } choices }
                            && choices.OfType<OpenApiSchemaReference>().FirstOrDefault() is { } reference
                            && choices.Any(c => c.Type == JsonSchemaType.Null || (c.Enum is { Count: 1 } only && only[0] is null)))
                        {
                            schema.Properties![name] = reference;
                        }
                    }
                }

                return Task.CompletedTask;
            });
        });
        var perMinute = configuration.GetValue("Dalel:ApiRequestsPerMinute", DefaultRequestsPerMinute);
        services.Configure<RateLimiterOptions>(o =>
        {
            o.AddPolicy(RatePolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                Caller(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            var earlier = o.OnRejected;
            o.OnRejected = async (context, cancel) =>
            {
                if (context.HttpContext.Request.Path.StartsWithSegments("/api"))
                {
                    context.HttpContext.Response.Headers.RetryAfter = "60";
                    await ApiProblems.Problem(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests", Dalel.Core.Text.Texts.Get("api.rate_limited", Localization.L.Lang, perMinute))
                        .ExecuteAsync(context.HttpContext);
                    return;
                }

                if (earlier is not null)
                {
                    await earlier(context, cancel);
                }
            };
        });
        return services;
    }

    /// <summary>The token's id (not its secret) names the partition; requests without one share one per address.</summary>
    private static string Caller(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var parts = header.Split('.');
        return parts.Length == 4 && Guid.TryParseExact(parts[2], "N", out var id) ? "token:" + id.ToString("N") : "address:" + context.Connection.RemoteIpAddress;
    }

    public static WebApplication MapDalelApi(this WebApplication app)
    {
        app.MapOpenApi("/api/{documentName}/openapi.json").RequireRateLimiting(RatePolicy);
        var api = app.MapGroup("/api/v1").RequireRateLimiting(RatePolicy).DisableAntiforgery();
        CaseEndpoints.Map(api);
        ReferenceEndpoints.Map(api);
        return app;
    }
}
