using Dalel.Core;
using Dalel.Core.Intake;
using Dalel.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Dalel.Web.Security;
using Dalel.Core.Members;

namespace Dalel.Web.Pages.Orgs.Intake;

/// <summary>An owner sets up the public form: on or off, address, name, introduction, quick exit, questions.</summary>
public sealed class SettingsModel : OrgPageModel
{
    [BindProperty]
    public IntakeSettingsForm Form { get; set; } = new();

    [BindProperty]
    public long Version { get; set; }

    public bool Saved { get; private set; }

    [Requires(Capability.ConfigureIntake)]
    public IActionResult OnGet(bool saved = false)
    {
        var current = new GetIntakeSettings(Instance).Run(Scope);
        if (!current.IsOk)
        {
            return this.Show(current.Error!);
        }

        Form = IntakeSettingsForm.From(current.Value.Settings);
        Version = current.Value.Version;
        Saved = saved;
        return Page();
    }

    [Requires(Capability.ConfigureIntake)]
    public IActionResult OnPost()
    {
        var (settings, badOptions) = Form.ToSettings();
        foreach (var field in badOptions)
        {
            ModelState.AddModelError(field, L.T("error.intake_options"));
        }

        if (badOptions.Count > 0)
        {
            return Page();
        }

        var saved = new ConfigureIntake(Instance).Run(Scope, settings, Version);
        if (!saved.IsOk)
        {
            // Questions are validated in saved order, which is the form's order once blank and removed rows are left out.
            var kept = Form.Questions.Select((q, i) => (q, i)).Where(r => !r.q.Remove && !r.q.IsBlank).OrderBy(r => r.q.Order).Select(r => r.i).ToList();
            return this.Show(saved.Error!, fieldName: f => "Form." + RowField(f, kept));
        }

        return Redirect(IntakeRoutes.Settings(OrgId, saved: true));
    }

    private static string RowField(string field, List<int> kept)
    {
        if (!field.StartsWith("Questions[", StringComparison.Ordinal))
        {
            return field;
        }

        var end = field.IndexOf(']', StringComparison.Ordinal);
        var index = int.Parse(field["Questions[".Length..end], System.Globalization.CultureInfo.InvariantCulture);
        return index < kept.Count ? $"Questions[{kept[index]}]{field[(end + 1)..]}" : field;
    }
}
