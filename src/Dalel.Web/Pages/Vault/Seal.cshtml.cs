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
    /// <summary>True once sealed (the answer to the post); false on the confirmation page.</summary>
    public bool Done { get; private set; }

    /// <summary>
    /// Asks first: sealing stops work in every organisation of this server and signs everyone out, so one stray click
    /// in the menu must not do it. (In an emergency, the duress passphrase or 'dalel seal' seal without a page.)
    /// </summary>
    public IActionResult OnGet() =>
        User.Id() is { } member && memberships.IsOwnerAnywhere(member) && !instance.Vault.IsSealed ? Page() : LocalRedirect("/");

    public IActionResult OnPost()
    {
        if (User.Id() is not { } member || !memberships.IsOwnerAnywhere(member))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        new SealVault(instance).Run(Actors.Member(member));
        Done = true;
        // Under the supervisor this process ends now and a fresh one starts (everyone signs in again): say so here,
        // since a redirect would reach a server that is restarting.
        return instance.Options.EndProcessOnSeal ? Page() : LocalRedirect("/sealed");
    }
}
