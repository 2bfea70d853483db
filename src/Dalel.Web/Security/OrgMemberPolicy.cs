using Dalel.Core.Members;
using Microsoft.AspNetCore.Authorization;

namespace Dalel.Web.Security;

/// <summary>
/// The one authorization mechanism for organisation pages: every page under Pages/Orgs gets it by convention.
/// The organisation comes from the route, the role from the stored membership of the signed-in member; the
/// resulting <see cref="OrgScope"/> is all a page can act with.
/// </summary>
public sealed class OrgMemberPolicy : IAuthorizationRequirement
{
    public const string Name = "OrgMember";
}

internal sealed class OrgMemberHandler(Memberships memberships) : AuthorizationHandler<OrgMemberPolicy>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OrgMemberPolicy requirement)
    {
        if (context.Resource is HttpContext http
            && http.GetRouteValue("org") is string routeOrg
            && Guid.TryParse(routeOrg, out var org)
            && context.User.Id() is { } member
            && memberships.Scope(member, org) is { } scope)
        {
            http.Items[typeof(OrgScope)] = scope;
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

public static class OrgScopeAccess
{
    /// <summary>The scope the policy established; absent only if a page escaped the policy, which is a bug.</summary>
    public static OrgScope OrgScope(this HttpContext http) =>
        http.Items[typeof(OrgScope)] as OrgScope ?? throw new InvalidOperationException("An organisation page ran without the organisation policy.");
}
