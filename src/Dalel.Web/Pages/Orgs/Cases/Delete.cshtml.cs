using Dalel.Core.Cases;
using Dalel.Core.Members;
using Microsoft.AspNetCore.Mvc;
using Dalel.Web.Security;

namespace Dalel.Web.Pages.Orgs.Cases;

public sealed class DeleteModel : OrgPageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    public CaseView View { get; private set; } = null!;

    [Requires(Capability.DeleteCases)]
    public IActionResult OnGet()
    {
        if (!Scope.Can(Capability.DeleteCases))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var loaded = new GetCase(Instance).Run(Scope, Id);
        if (!loaded.IsOk)
        {
            return this.Show(loaded.Error!);
        }

        View = loaded.Value;
        return Page();
    }

    [Requires(Capability.DeleteCases)]
    public IActionResult OnPost()
    {
        var deleted = new DeleteCase(Instance).Run(Scope, Id);
        return deleted.IsOk ? Redirect(CaseRoutes.List(OrgId)) : this.Show(deleted.Error!);
    }
}
