namespace Dalel.Web.Pages.Orgs.Estimation;

/// <summary>The address of the estimate page.</summary>
public static class EstimationRoutes
{
    public static string Estimate(Guid org) => $"/o/{org}/estimate";
}
