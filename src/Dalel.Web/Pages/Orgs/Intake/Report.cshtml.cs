using Dalel.Core.Intake;
using Dalel.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Dalel.Web.Security;
using Dalel.Core.Members;

namespace Dalel.Web.Pages.Orgs.Intake;

/// <summary>One report's thread: read it, answer the reporter, close it, or turn it into a case.</summary>
public sealed class ReportModel : OrgPageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    public IntakeReport Report { get; private set; } = null!;

    [BindProperty]
    public string Reply { get; set; } = "";

    [Requires(Capability.HandleIntake)]
    public IActionResult OnGet() => Load();

    [Requires(Capability.HandleIntake)]
    public IActionResult OnPostReply()
    {
        var replied = new ReplyToIntakeReport(Instance).Run(Scope, Id, Reply);
        if (!replied.IsOk)
        {
            var shown = this.Show(replied.Error!);
            return shown is Microsoft.AspNetCore.Mvc.RazorPages.PageResult ? Load() : shown;
        }

        TempData["Done"] = Localization.L.T("intake.reply_sent");
        return Redirect(IntakeRoutes.Report(OrgId, Id));
    }

    /// <summary>A file the reporter sent, as an attachment; like evidence downloads, it needs the password typed recently.</summary>
    [Requires(Capability.ReadIdentities)]
    public IActionResult OnGetFile(int n)
    {
        if (RequireRecentPassword() is { } confirm)
        {
            return confirm;
        }

        var file = new OpenIntakeFile(Instance).Run(Scope, Id, n);
        return file.IsOk ? File(file.Value.Content, "application/octet-stream", file.Value.Info.FileName) : this.Show(file.Error!);
    }

    [Requires(Capability.HandleIntake)]
    public IActionResult OnPostClose(bool close)
    {
        var done = new CloseIntakeReport(Instance).Run(Scope, Id, close);
        return done.IsOk ? Redirect(IntakeRoutes.Report(OrgId, Id)) : this.Show(done.Error!);
    }

    [Requires(Capability.WriteCases)]
    private IActionResult Load()
    {
        var report = new GetIntakeReport(Instance).Run(Scope, Id);
        if (!report.IsOk)
        {
            return this.Show(report.Error!);
        }

        Report = report.Value;
        return Page();
    }
}
