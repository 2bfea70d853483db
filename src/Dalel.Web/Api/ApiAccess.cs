using Dalel.Core;
using Dalel.Core.Api;
using Dalel.Core.Audit;

namespace Dalel.Web.Api;

/// <summary>
/// Who calls: the bearer token of the Authorization header, and nothing else (no cookie, so a page of another site
/// cannot make a signed-in member's browser call the API). Checked before each endpoint, with the scope it needs.
/// </summary>
public static class ApiAccess
{
    private const string CallerKey = "dalel.api.caller";

    public static ApiCaller Caller(this HttpContext context) => (ApiCaller)context.Items[CallerKey]!;

    /// <summary>The endpoint needs a valid token with any one of <paramref name="scopes"/>.</summary>
    public static TBuilder RequiresScope<TBuilder>(this TBuilder builder, params string[] scopes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var instance = http.RequestServices.GetRequiredService<DalelInstance>();
            if (instance.Vault.IsSealed)
            {
                return ApiProblems.Sealed();
            }

            var header = http.Request.Headers.Authorization.ToString();
            var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
            var use = HttpMethods.IsGet(http.Request.Method) ? AuditAction.ApiRead : AuditAction.ApiWrite;
            var caller = new AuthenticateApiToken(instance).Run(bearer, use);
            if (!caller.IsOk)
            {
                return ApiProblems.For(caller.Error!);
            }

            if (caller.Value is not { } found)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return ApiProblems.Unauthorized();
            }

            if (!scopes.Any(found.Has))
            {
                return ApiProblems.MissingScope(string.Join(" or ", scopes));
            }

            http.Items[CallerKey] = found;
            return await next(context);
        });
}
