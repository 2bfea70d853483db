namespace Dalel.Web.Pages.Orgs.HateCrime;

/// <summary>The addresses of the ODIHR hate crime page and its downloads.</summary>
public static class HateCrimeRoutes
{
    public static string HateCrime(Guid org, int? year = null) => $"/o/{org}/hate-crime" + (year is { } y ? $"?year={y}" : "");

    public static string Download(Guid org, string format, int year) => $"/o/{org}/hate-crime?handler=Download&format={format}&year={year}";
}
