namespace Dalel.Web.Pages.Orgs.Submissions;

/// <summary>The addresses of the submission pages.</summary>
public static class SubmissionRoutes
{
    public static string List(Guid org) => $"/o/{org}/submissions";

    public static string Submission(Guid org, Guid id, string? anchor = null) => $"/o/{org}/submissions/{id}" + (anchor is null ? "" : "#" + anchor);

    public static string EditParagraph(Guid org, Guid id, Guid paragraph) => $"/o/{org}/submissions/{id}?edit={paragraph}#p-{paragraph}";

    public static string Export(Guid org, Guid id, string format) => $"/o/{org}/submissions/{id}?handler=Export&format={format}";
}
