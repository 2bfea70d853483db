namespace Dalel.Web.Security;

internal static class SecurityHeaders
{
    /// <summary>
    /// Dalel runs no script and loads nothing from elsewhere, so the policy forbids both. Pages carry case data:
    /// no caching anywhere (a confiscated laptop's browser cache must hold nothing) and no referrer.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            if (!context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        await next();
    });

    /// <summary>The stylesheet ships inside the assembly, so the app needs no files beside it.</summary>
    public static void MapAssets(this WebApplication app)
    {
        var css = ReadAsset("site.css");
        app.MapGet("/assets/site.css", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Bytes(css, "text/css; charset=utf-8");
        }).AllowAnonymous();
    }

    private static byte[] ReadAsset(string name)
    {
        using var stream = typeof(SecurityHeaders).Assembly.GetManifestResourceStream($"assets/{name}")!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
