using Dalel.Core;
using Dalel.Core.Cases;
using Microsoft.AspNetCore.Mvc;
using Dalel.Web.Security;
using Dalel.Core.Members;

namespace Dalel.Web.Pages.Orgs.Cases;

/// <summary>
/// Black out parts of an image in a working copy: tick cells of a grid laid over a preview (no script needed), or
/// give exact rectangles in pixels. Shows the image, so it needs the password typed recently, like a download.
/// </summary>
public sealed class RedactModel : OrgPageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [FromRoute]
    public Guid FileId { get; set; }

    /// <summary>Ticked cells, "row-column".</summary>
    [BindProperty]
    public List<string> Cells { get; set; } = [];

    /// <summary>Rectangles in pixels, one "x, y, width, height" per line.</summary>
    [BindProperty]
    public string? Boxes { get; set; }

    /// <summary>Null when the file is not an image Dalel can redact; the page then says so.</summary>
    public ImagePreview? Preview { get; private set; }

    [Requires(Capability.WriteCases)]
    public IActionResult OnGet() => RequireRecentPassword() ?? Load();

    [Requires(Capability.WriteCases)]
    public IActionResult OnPost()
    {
        if (RequireRecentPassword() is { } confirm)
        {
            return confirm;
        }

        var typed = RedactionGrid.Parse(Boxes);
        var made = typed.IsOk ? new RedactWorkingCopy(Instance).Run(Scope, Id, FileId, typed.Value, Cells) : new Result<Guid>(typed.Error!);
        if (made.IsOk)
        {
            return Redirect(CaseRoutes.Case(OrgId, Id));
        }

        // The preview again, with the ticked squares and typed rectangles as they were.
        var shown = this.Show(made.Error!);
        return shown is Microsoft.AspNetCore.Mvc.RazorPages.PageResult ? Load() : shown;
    }

    private IActionResult Load()
    {
        var preview = new PreviewImage(Instance).Run(Scope, Id, FileId);
        if (!preview.IsOk)
        {
            return this.Show(preview.Error!);
        }

        Preview = preview.Value;
        return Page();
    }
}
