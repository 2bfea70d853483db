using Dalel.Core;
using Dalel.Core.Audit;
using Dalel.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages.Account;

public sealed class SignOutModel(DalelInstance instance) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Id() is { } member)
        {
            AuditLog.AppendAlone(instance.Database, instance.Clock, Actors.Member(member), AuditAction.SignedOut, recordId: member.ToString("D"));
        }

        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return LocalRedirect("/sign-in");
    }
}
