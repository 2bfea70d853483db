using Dalel.Core;
using Dalel.Core.Members;
using Dalel.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages.Account;

public sealed class SignInModel(DalelInstance instance, TimeProvider clock) : PageModel
{
    [BindProperty]
    public string Login { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var result = new SignIn(instance).Run(Login, Password);
        if (!result.IsOk)
        {
            return this.Show(result.Error!);
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, SignedInMember.Principal(result.Value, clock.GetUtcNow()));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
