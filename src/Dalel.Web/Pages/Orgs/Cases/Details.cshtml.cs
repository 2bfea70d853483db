using Dalel.Core.Cases;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Dalel.Web.Security;
using Dalel.Core.Members;

namespace Dalel.Web.Pages.Orgs.Cases;

/// <summary>One case as the member's role allows; identifying data only on an explicit, audited request.</summary>
public sealed class DetailsModel : OrgPageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    public CaseView View { get; private set; } = null!;

    public IReadOnlyList<VictimIdentity>? Identities { get; private set; }

    [Requires(Capability.ReadCodedFacts)]
    public IActionResult OnGet() => Load();

    [Requires(Capability.ReadIdentities)]
    public IActionResult OnPostReveal()
    {
        if (RequireRecentPassword() is { } confirm)
        {
            return confirm;
        }

        var revealed = new RevealIdentities(Instance).Run(Scope, Id);
        if (!revealed.IsOk)
        {
            return this.Show(revealed.Error!);
        }

        Identities = revealed.Value;
        return Load();
    }

    /// <summary>A copy of an image without its metadata, for sharing; the original stays as uploaded.</summary>
    [Requires(Capability.WriteCases)]
    public IActionResult OnPostWorkingCopy(Guid fileId)
    {
        var made = new MakeWorkingCopy(Instance).Run(Scope, Id, fileId);
        if (!made.IsOk)
        {
            var shown = this.Show(made.Error!);
            return shown is PageResult ? Load() : shown;
        }

        return Redirect(CaseRoutes.Case(OrgId, Id));
    }

    [Requires(Capability.WriteCases)]
    public IActionResult OnPostUpload(IFormFile? file)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", Localization.L.T("error.file_empty"));
            return Load();
        }

        if (file.Length > Instance.Options.MaxFileBytes)
        {
            ModelState.AddModelError("file", Localization.L.T("error.file_too_large", Instance.Options.MaxFileBytes / (1024 * 1024)));
            return Load();
        }

        using var memory = new MemoryStream();
        file.CopyTo(memory);
        var attached = new AttachEvidence(Instance).Run(Scope, Id, file.FileName, file.ContentType, memory.ToArray());
        if (attached.IsOk)
        {
            TempData["Done"] = Localization.L.T("case.file_attached");
        }

        return attached.IsOk ? Redirect(CaseRoutes.Case(OrgId, Id)) : Fail(attached.Error!);
    }

    private IActionResult Fail(Dalel.Core.Error error)
    {
        var shown = this.Show(error);
        return shown is PageResult ? Load() : shown;
    }

    private IActionResult Load()
    {
        var loaded = new GetCase(Instance).Run(Scope, Id);
        if (!loaded.IsOk)
        {
            return this.Show(loaded.Error!);
        }

        View = loaded.Value;
        return Page();
    }
}
