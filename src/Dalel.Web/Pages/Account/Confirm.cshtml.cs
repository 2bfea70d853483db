using Dalel.Core;
using Dalel.Core.Members;
using Dalel.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages.Account;

/// <summary>Typing the password again before a sensitive action; the session keeps its original sign-in time.</summary>
[Authorize]
public sealed class ConfirmModel(DalelInstance instance, TimeProvider clock) : PageModel
{
    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var member = User.Id()!.Value;
        var confirmed = new ConfirmPassword(instance).Run(member, Password);
        if (!confirmed.IsOk)
        {
            return this.Show(confirmed.Error!);
        }

        var issued = long.TryParse(User.FindFirst(SignedInMember.IssuedClaim)?.Value, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : clock.GetUtcNow();
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, SignedInMember.Principal(member, issued, clock.GetUtcNow()));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
