using Dalel.Core;
using Dalel.Core.Intake;
using Dalel.Web.Localization;
using Dalel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages.PublicForm;

/// <summary>
/// A reporter comes back with their receipt code to read replies and add information. The code travels only in
/// form posts (never in an address, so never in history or logs); every answer needs it again, no cookie remembers it.
/// </summary>
public sealed class FollowModel(IntakeLimiter limiter) : PublicFormPageModel
{
    [BindProperty]
    public string? Receipt { get; set; }

    [BindProperty]
    public string Text { get; set; } = "";

    public IntakeThread? Thread { get; private set; }

    public bool Added { get; private set; }

    public void OnGet()
    {
    }

    public IActionResult OnPost() => limiter.TryReceipt() ? Reopen(Page()) : Busy();

    public IActionResult OnPostAdd()
    {
        if (!limiter.TryReceipt())
        {
            return Busy();
        }

        var added = new AddToIntakeReport(Instance).Run(Slug, Receipt, Text, L.Lang);
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

    /// <summary>Opens the thread with the receipt (already counted against the limit), or says the code is wrong.</summary>
    private IActionResult Reopen(IActionResult fallback)
    {
        var thread = new FollowIntakeReport(Instance).Run(Slug, Receipt);
        if (!thread.IsOk)
        {
            return this.Show(thread.Error!);
        }

        Thread = thread.Value;
        return fallback;
    }
}
