namespace Dalel.Web.Pages.Orgs.Tokens;

public static class TokenRoutes
{
    public static string Tokens(Guid org) => $"/o/{org}/api-tokens";
}
