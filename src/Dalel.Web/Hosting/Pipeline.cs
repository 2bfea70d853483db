using Dalel.Web.Security;
using Microsoft.AspNetCore.Localization;

namespace Dalel.Web.Hosting;

/// <summary>Logging that never carries request content, the global sign-in limit, and the request pipeline in order.</summary>
internal static class Pipeline
{
    /// <summary>Never log request bodies, query strings or case content: ASP.NET's own request lines (which carry search words in query strings) stay below the level written.</summary>
    public static ILoggingBuilder AddDalelLogging(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o => o.SingleLine = true);
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        return logging;
    }

    /// <summary>The rate-limit policy of the sign-in page's form.</summary>
    public const string SignInPolicy = "sign-in";

    /// <summary>The rate-limit policy of the unseal page's form.</summary>
    public const string UnsealPolicy = "unseal";

    /// <summary>
    /// Guessing passwords from many accounts at once: per-account lockout does not see it, a global limit does. The limit
    /// is global rather than per address because most users arrive through the same Tor or proxy address. The policies
    /// are attached to the pages' endpoints (PageServices), so every spelling of the address that reaches the page
    /// ("/sign-in/", "/Sign-In") counts against the same budget; reading the page is never limited.
    /// </summary>
    public static IServiceCollection AddDalelSignInLimit(this IServiceCollection services) => services.AddRateLimiter(o =>
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.AddPolicy(SignInPolicy, context => PostsOnly(context, SignInPolicy, DalelWebApp.SignInsPerMinute));
        o.AddPolicy(UnsealPolicy, context => PostsOnly(context, UnsealPolicy, DalelWebApp.UnsealsPerMinute));
    });

    private static System.Threading.RateLimiting.RateLimitPartition<string> PostsOnly(HttpContext context, string name, int perMinute) =>
        HttpMethods.IsPost(context.Request.Method)
            ? System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(name, _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
            : System.Threading.RateLimiting.RateLimitPartition.GetNoLimiter("read");

    public static WebApplication UseDalelPipeline(this WebApplication app)
    {
        // Behind a TLS-terminating reverse proxy on this machine, X-Forwarded-Proto tells the app the request was HTTPS
        // (secure cookies, HSTS). Only loopback proxies are trusted, ASP.NET's default.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto });
        app.UseHsts();
        app.UseExceptionHandler("/Error");
        app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
        app.UseSecurityHeaders();
        app.UseFormBodies();
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("en"),
            SupportedCultures = DalelWebApp.Cultures,
            SupportedUICultures = DalelWebApp.Cultures,
            // ?lang= first: the public form switches language without leaving a cookie on a reporter's device.
            RequestCultureProviders = [new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" }, new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()],
        });
        app.MapAssets();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseOwnerSecondFactor();
        app.UseAuthorization();
        app.MapRazorPages();
        return app;
    }
}
