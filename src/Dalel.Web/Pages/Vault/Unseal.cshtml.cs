using Dalel.Core;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Vault;
using Dalel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages.Vault;

/// <summary>Owners of any organisation may unseal; the passphrase itself is the instance's key.</summary>
public sealed class UnsealModel(DalelInstance instance, Memberships memberships) : PageModel
{
    [BindProperty]
    public string Passphrase { get; set; } = "";

    public bool Sealed => instance.Vault.IsSealed;

    public IActionResult OnGet() => IsOwner() ? Page() : StatusCode(StatusCodes.Status403Forbidden);

    public IActionResult OnPost()
    {
        if (!IsOwner())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var result = new UnsealVault(instance).Run(Passphrase, Actors.Member(User.Id()!.Value));
        return result.IsOk ? LocalRedirect("/") : this.Show(result.Error!);
    }

    /// <summary>Key holders unseal together: each gives their share number and passphrase (blank rows are ignored).</summary>
    public IActionResult OnPostShares(List<int?> share, List<string?> holderPassphrase)
    {
        if (!IsOwner())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var given = share.Zip(holderPassphrase).Where(g => g.First is not null && !string.IsNullOrEmpty(g.Second)).Select(g => (g.First!.Value, g.Second!)).ToList();
        var result = new UnsealWithShares(instance).Run(given, Actors.Member(User.Id()!.Value));
        // Shown in the page's summary: the form has no field the message could sit beside.
        return result.IsOk ? LocalRedirect("/") : this.Show(result.Error!, fieldName: _ => "");
    }

    private bool IsOwner() => User.Id() is { } m && memberships.IsOwnerAnywhere(m);
}
