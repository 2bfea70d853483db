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

    /// <summary>A code from the authenticator app, or a recovery code, for members who set one up.</summary>
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The password was right and a code is needed: the code field is asked for first.</summary>
    public bool CodeNeeded { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var result = new SignIn(instance).Run(Login, Password, Code);
        if (!result.IsOk)
        {
            CodeNeeded = result.Error is SecondFactorRequired or Invalid;
            return this.Show(result.Error!);
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, SignedInMember.Principal(result.Value, clock.GetUtcNow()));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
