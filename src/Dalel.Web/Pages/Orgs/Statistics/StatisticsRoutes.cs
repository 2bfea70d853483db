namespace Dalel.Web.Pages.Orgs.Statistics;

/// <summary>The addresses of the statistics page and its de-identified file.</summary>
public static class StatisticsRoutes
{
    public static string Statistics(Guid org) => $"/o/{org}/statistics";

    public static string DeidentifiedCases(Guid org) => $"/o/{org}/statistics?handler=Cases&scope=own";

    public static string DeidentifiedCasesXlsx(Guid org) => $"/o/{org}/statistics?handler=Cases&scope=own&format=xlsx";
}
