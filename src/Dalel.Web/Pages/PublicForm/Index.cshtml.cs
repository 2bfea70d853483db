using Dalel.Core;
using Dalel.Core.Intake;
using Dalel.Web.Localization;
using Dalel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages.PublicForm;

/// <summary>
/// An organisation's public form. Anonymous, works while sealed, no script. The answers come back in the form after
/// any refusal (missing answer, too long, too many reports this minute), so nothing typed is lost.
/// </summary>
public sealed class IndexModel(IntakeLimiter limiter) : PublicFormPageModel
{
    /// <summary>Answers by question id, as typed.</summary>
    [BindProperty]
    public Dictionary<string, string?> Answers { get; set; } = [];

    /// <summary>Files sent with the report, when the organisation allows them. Kept in memory, never in temp files.</summary>
    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    /// <summary>Set once the report is stored: shown once, never put in an address.</summary>
    public string? Receipt { get; private set; }

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        if (!limiter.TryReport())
        {
            if (Files.Count > 0)
            {
                ModelState.AddModelError("", L.T("intake.choose_files_again"));
            }

            return Busy();
        }

        var uploads = Files.Select(f =>
        {
            using var memory = new MemoryStream();
            f.CopyTo(memory);
            return new IntakeUpload(f.FileName, f.ContentType, memory.ToArray());
        }).ToList();
        var result = new SubmitIntakeReport(Instance).Run(Slug, Answers, L.Lang, uploads);
        if (!result.IsOk)
        {
            // A browser cannot put chosen files back into the form: say so, so they are not silently dropped.
            if (uploads.Count > 0)
            {
                ModelState.AddModelError("", L.T("intake.choose_files_again"));
            }

            return this.Show(result.Error!, fieldName: f => f is "" or "Files" ? f : $"Answers[{f}]");
        }

        Receipt = result.Value;
        return Page();
    }
}
