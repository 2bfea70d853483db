using Dalel.Core;
using Dalel.Core.Members;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace Dalel.Web.Security;

internal static class SecurityServices
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(12);

    public static IServiceCollection AddDalelSecurity(this IServiceCollection services)
    {
        services.AddTransient(sp => new Memberships(sp.GetRequiredService<DalelInstance>()));
        services.AddSingleton<IAuthorizationHandler, OrgMemberHandler>();
        services.AddAuthorizationBuilder().AddPolicy(OrgMemberPolicy.Name, p => p.RequireAuthenticatedUser().AddRequirements(new OrgMemberPolicy()));
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "dalel.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = IdleTimeout;
            o.SlidingExpiration = true;
            o.LoginPath = "/sign-in";
            o.Events.OnValidatePrincipal = ValidateSession;
            // A form sent after the session ended (sealing restarts the worker, which forgets every session) was not
            // saved: the sign-in page says so and how to get the input back, rather than silently losing it.
            o.Events.OnRedirectToLogin = context =>
            {
                context.Response.Redirect(HttpMethods.IsPost(context.Request.Method) ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(context.RedirectUri, "unsaved", "true") : context.RedirectUri);
                return Task.CompletedTask;
            };
            // A refused organisation page answers 403 in place (rendered by the error page), not a redirect.
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "dalel.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        return services;
    }

    /// <summary>Ends sessions that outlived the absolute limit or whose member was removed.</summary>
    private static async Task ValidateSession(CookieValidatePrincipalContext context)
    {
        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var issued = long.TryParse(context.Principal?.FindFirst(SignedInMember.IssuedClaim)?.Value, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.MinValue;
        var member = context.Principal?.Id();
        var memberships = context.HttpContext.RequestServices.GetRequiredService<Memberships>();
        if (member is null || clock.GetUtcNow() - issued > AbsoluteTimeout || memberships.Of(member.Value).Count == 0)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
