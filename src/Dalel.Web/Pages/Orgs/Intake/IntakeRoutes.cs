namespace Dalel.Web.Pages.Orgs.Intake;

/// <summary>The addresses of the intake queue's pages.</summary>
public static class IntakeRoutes
{
    public static string Queue(Guid org) => $"/o/{org}/intake";

    public static string Settings(Guid org, bool saved = false) => $"/o/{org}/intake/settings" + (saved ? "?saved=true" : "");

    public static string Report(Guid org, Guid id) => $"/o/{org}/intake/{id}";

    public static string File(Guid org, Guid id, int n) => $"/o/{org}/intake/{id}?handler=File&n={n}";
}
