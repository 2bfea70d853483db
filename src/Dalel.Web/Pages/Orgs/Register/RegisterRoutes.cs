namespace Dalel.Web.Pages.Orgs.Register;

/// <summary>The addresses of the register's pages.</summary>
public static class RegisterRoutes
{
    public static string Register(Guid org) => $"/o/{org}/register";

    public static string Recommendation(Guid org, Guid id) => $"/o/{org}/register/recommendations/{id}";
}
