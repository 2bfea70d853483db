namespace Dalel.Web.Pages.Orgs.Linkage;

/// <summary>The address of the possible-duplicates page.</summary>
public static class LinkageRoutes
{
    public static string Duplicates(Guid org) => $"/o/{org}/linkage";
}
