using Dalel.Core.Cases;
using Microsoft.AspNetCore.Mvc;
using Dalel.Web.Security;
using Dalel.Core.Members;

namespace Dalel.Web.Pages.Orgs.Cases;

/// <summary>Downloads an evidence file, decrypted, as an attachment (never rendered inline).</summary>
public sealed class FileModel : OrgPageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [FromRoute]
    public Guid FileId { get; set; }

    [Requires(Capability.ReadIdentities)]
    public IActionResult OnGet()
    {
        if (RequireRecentPassword() is { } confirm)
        {
            return confirm;
        }

        var opened = new OpenEvidence(Instance).Run(Scope, Id, FileId);
        if (!opened.IsOk)
        {
            return this.Show(opened.Error!);
        }

        return File(opened.Value.Content, "application/octet-stream", opened.Value.File.FileName);
    }
}
