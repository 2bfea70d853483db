using Dalel.Core;
using Dalel.Core.Members;
using Dalel.Web.Security;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages.Orgs;

/// <summary>
/// Base of every page under /o/{org}: the scope comes from <see cref="OrgMemberPolicy"/> (route + stored membership),
/// and a sealed instance sends the user to the sealed page before any handler runs.
/// </summary>
public abstract class OrgPageModel : PageModel
{
    public OrgScope Scope => HttpContext.OrgScope();

    public Guid OrgId => Scope.OrganisationId;

    protected DalelInstance Instance => HttpContext.RequestServices.GetRequiredService<DalelInstance>();

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (Instance.Vault.IsSealed)
        {
            context.Result = RedirectToPage("/Sealed");
        }
    }
}
