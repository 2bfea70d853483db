using Dalel.Core.Intake;
using Dalel.Core.Members;
using Microsoft.AspNetCore.Mvc;
using Dalel.Web.Security;

namespace Dalel.Web.Pages.Orgs.Intake;

/// <summary>Reports received through the organisation's public form, for documenters.</summary>
public sealed class IndexModel : OrgPageModel
{
    public IReadOnlyList<IntakeSummary> Reports { get; private set; } = [];

    public string? FormAddress { get; private set; }

    [Requires(Capability.HandleIntake)]
    public IActionResult OnGet()
    {
        var listed = new ListIntakeReports(Instance).Run(Scope);
        if (!listed.IsOk)
        {
            return this.Show(listed.Error!);
        }

        Reports = listed.Value;
        if (Scope.Can(Capability.ConfigureIntake) && new GetIntakeSettings(Instance).Run(Scope) is { IsOk: true, Value: { Version: > 0, Settings: { Enabled: true } settings } })
        {
            FormAddress = $"/report/{settings.Slug}";
        }

        return Page();
    }
}
