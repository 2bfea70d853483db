namespace Dalel.Web.Pages.Orgs.Field;

public static class FieldRoutes
{
    public static string Index(Guid org) => $"/o/{org}/field";

    /// <summary>The server address a field app is given: its Form List and Submission APIs hang below it.</summary>
    public static string Server(HttpRequest request, Guid org) => $"{request.Scheme}://{request.Host}{request.PathBase}/field/{org:D}";
}
