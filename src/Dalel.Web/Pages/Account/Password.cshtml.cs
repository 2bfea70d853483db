using Dalel.Core;
using Dalel.Core.Members;
using Dalel.Web.Localization;
using Dalel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages.Account;

public sealed class PasswordModel(DalelInstance instance) : PageModel
{
    [BindProperty]
    public string Login { get; set; } = "";

    [BindProperty]
    public string Current { get; set; } = "";

    [BindProperty]
    public string New { get; set; } = "";

    [BindProperty]
    public string Again { get; set; } = "";

    public bool Changed { get; private set; }

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        if (New != Again)
        {
            ModelState.AddModelError(nameof(Again), L.T("error.passwords_differ"));
            return Page();
        }

        var result = new ChangePassword(instance).Run(User.Id()!.Value, Login, Current, New);
        if (!result.IsOk)
        {
            return this.Show(result.Error!);
        }

        Changed = true;
        return Page();
    }
}
