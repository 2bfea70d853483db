using Dalel.Core;
using Dalel.Core.Members;

namespace Dalel.Web.Security;

/// <summary>
/// Owners hold the keys to everything: where the instance requires it, a signed-in owner without a second factor is
/// sent to set one up before any other page. Checked on every request, so an owner promoted mid-session is caught too.
/// </summary>
internal static class OwnerSecondFactor
{
    public const string SetupPath = "/account/two-factor";

    /// <summary>Never blocked: sealing above all, which an owner may need in a hurry whatever else is unfinished.</summary>
    private static readonly string[] Allowed = [SetupPath, "/vault/seal", "/sealed", "/sign-out", "/sign-in", "/assets", "/language", "/error", "/report"];

    public static IApplicationBuilder UseOwnerSecondFactor(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var options = context.RequestServices.GetRequiredService<DalelOptions>();
        if (options.OwnersNeedSecondFactor
            && context.User.Id() is { } member
            && !Allowed.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
            && context.RequestServices.GetRequiredService<Memberships>().IsOwnerAnywhere(member)
            && !new GetSecondFactorStatus(context.RequestServices.GetRequiredService<DalelInstance>()).Run(member).Enabled)
        {
            context.Response.Redirect(SetupPath + "?required=true");
            return;
        }

        await next();
    });
}
