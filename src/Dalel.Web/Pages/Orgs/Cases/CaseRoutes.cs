namespace Dalel.Web.Pages.Orgs.Cases;

/// <summary>The addresses of the case pages, for links, redirects and tests (the pages' @page templates say the same).</summary>
public static class CaseRoutes
{
    public static string List(Guid org) => $"/o/{org}/cases";

    public static string New(Guid org) => $"/o/{org}/cases/new";

    public static string Case(Guid org, Guid id) => $"/o/{org}/cases/{id}";

    public static string Edit(Guid org, Guid id) => $"/o/{org}/cases/{id}/edit";

    public static string Delete(Guid org, Guid id) => $"/o/{org}/cases/{id}/delete";

    public static string File(Guid org, Guid id, Guid fileId) => $"/o/{org}/cases/{id}/files/{fileId}";

    public static string Redact(Guid org, Guid id, Guid fileId) => $"/o/{org}/cases/{id}/files/{fileId}/redact";
}
