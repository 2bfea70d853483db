namespace Dalel.Web.Pages.Orgs.Import;

/// <summary>The addresses of the import pages.</summary>
public static class ImportRoutes
{
    public static string Index(Guid org) => $"/o/{org}/import";

    public static string Sheet(Guid org, Guid pending, string step) => $"/o/{org}/import/{pending}?step={step}";
}
