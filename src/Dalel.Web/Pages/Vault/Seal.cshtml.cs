using Dalel.Core;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Vault;
using Dalel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages.Vault;

public sealed class SealModel(DalelInstance instance, Memberships memberships) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public IActionResult OnPost()
    {
        if (User.Id() is not { } member || !memberships.IsOwnerAnywhere(member))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        new SealVault(instance).Run(Actors.Member(member));
        // Under the supervisor this process ends now and a fresh one starts (everyone signs in again): say so here,
        // since a redirect would reach a server that is restarting.
        return instance.Options.EndProcessOnSeal ? Page() : LocalRedirect("/sealed");
    }
}
