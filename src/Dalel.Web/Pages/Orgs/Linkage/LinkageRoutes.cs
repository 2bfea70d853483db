using System.Globalization;

namespace Dalel.Web.Pages.Orgs.Linkage;

/// <summary>The address of the possible-duplicates page.</summary>
public static class LinkageRoutes
{
    public static string Duplicates(Guid org) => $"/o/{org}/linkage";

    /// <summary>One filter (all, pending, decided) and page of the list.</summary>
    public static string Duplicates(Guid org, string filter, int page) =>
        filter == "all" && page <= 1 ? Duplicates(org) : $"/o/{org}/linkage?show={filter}&p={page.ToString(CultureInfo.InvariantCulture)}";
}
