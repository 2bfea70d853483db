using Dalel.Core;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages;

/// <summary>Says what went wrong in general terms only: never an exception, a path or a value.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; } = 500;

    public IActionResult OnGet([FromQuery] int? code)
    {
        Code = code ?? 500;
        return (IActionResult?)SealedMeanwhile(unsaved: false) ?? Page();
    }

    /// <summary>Re-executed for a failed POST: the code comes from the query only, so a refused body is never read.</summary>
    public IActionResult OnPost([FromQuery] int? code)
    {
        Code = code ?? 500;
        return (IActionResult?)SealedMeanwhile(unsaved: true) ?? Page();
    }

    /// <summary>
    /// A request under way when the vault sealed fails reading case bytes that sealing has just overwritten: what the
    /// person needs to know is that the vault is sealed (and a form was not saved), not that something broke.
    /// </summary>
    private RedirectToPageResult? SealedMeanwhile(bool unsaved) =>
        Code == 500 && HttpContext.RequestServices.GetService(typeof(DalelInstance)) is DalelInstance { Vault.IsSealed: true }
            ? unsaved ? RedirectToPage("/Sealed", new { unsaved = "true" }) : RedirectToPage("/Sealed")
            : null;
}
