namespace Dalel.Web.Pages.Orgs.Members;

/// <summary>The address of the members page.</summary>
public static class MemberRoutes
{
    public static string Members(Guid org) => $"/o/{org}/members";
}
