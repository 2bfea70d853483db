using Dalel.Core;
using Dalel.Core.Intake;
using Dalel.Web.Localization;
using Dalel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages.Report;

/// <summary>
/// A reporter comes back with their receipt code to read replies and add information. The code travels only in
/// form posts (never in an address, so never in history or logs); every answer needs it again, no cookie remembers it.
/// </summary>
public sealed class FollowModel(DalelInstance instance, IntakeLimiter limiter) : PageModel
{
    [FromRoute]
    public string Slug { get; set; } = "";

    public IntakeSettings Form { get; private set; } = null!;

    [BindProperty]
    public string? Receipt { get; set; }

    [BindProperty]
    public string Text { get; set; } = "";

    public IntakeThread? Thread { get; private set; }

    public bool Added { get; private set; }

    public IActionResult OnGet() => (IActionResult?)Load() ?? Page();

    public IActionResult OnPost() => (IActionResult?)Load() ?? Open();

    public IActionResult OnPostAdd()
    {
        if (Load() is { } missing)
        {
            return missing;
        }

        if (!limiter.TryReceipt())
        {
            return Busy();
        }

        var added = new AddToIntakeReport(instance).Run(Slug, Receipt, Text, L.Lang);
        if (!added.IsOk)
        {
            var shown = this.Show(added.Error!);
            return ModelState.ContainsKey("Receipt") ? shown : Reopen(shown);
        }

        Added = true;
        Text = "";
        ModelState.Remove(nameof(Text));
        return Reopen(Page());
    }

    private IActionResult Open()
    {
        if (!limiter.TryReceipt())
        {
            return Busy();
        }

        return Reopen(Page());
    }

    /// <summary>Shows the thread again after an addition (the receipt was already checked and counted).</summary>
    private IActionResult Reopen(IActionResult fallback)
    {
        var thread = new FollowIntakeReport(instance).Run(Slug, Receipt);
        if (!thread.IsOk)
        {
            return this.Show(thread.Error!);
        }

        Thread = thread.Value;
        return fallback;
    }

    private PageResult Busy()
    {
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        ModelState.AddModelError("", L.T("intake.busy"));
        return Page();
    }

    private NotFoundResult? Load()
    {
        var form = new FindIntakeForm(instance).Run(Slug);
        if (!form.IsOk)
        {
            return NotFound();
        }

        Form = form.Value;
        ViewData["QuickExit"] = Form.QuickExitUrl;
        return null;
    }
}
