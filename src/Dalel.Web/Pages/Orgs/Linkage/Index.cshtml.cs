using Dalel.Core.Linkage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Dalel.Web.Security;
using Dalel.Core.Members;

namespace Dalel.Web.Pages.Orgs.Linkage;

/// <summary>The owner reviews the organisation's cases that linkage grouped with other organisations' records.</summary>
public sealed class IndexModel : OrgPageModel
{
    public IReadOnlyList<PossibleDuplicate> Duplicates { get; private set; } = [];

    /// <summary>What the latest linkage did and expects of its links (blocking, precision and recall at its cut).</summary>
    public LinkageModel? Linkage { get; private set; }

    [Requires(Capability.ReviewDuplicates)]
    public IActionResult OnGet() => Load();

    [Requires(Capability.ReviewDuplicates)]
    public IActionResult OnPostDecide(Guid result, int group, bool confirmed)
    {
        var decided = new DecideDuplicate(Instance).Run(Scope, result, group, confirmed);
        if (!decided.IsOk)
        {
            var shown = this.Show(decided.Error!);
            return shown is PageResult ? Load() : shown;
        }

        return Redirect(LinkageRoutes.Duplicates(OrgId));
    }

    private IActionResult Load()
    {
        var listed = new ListPossibleDuplicates(Instance).Run(Scope);
        if (!listed.IsOk)
        {
            return this.Show(listed.Error!);
        }

        Duplicates = listed.Value;
        Linkage = new OverlapsFromLinkage(Instance).Model(Scope) is { IsOk: true } model ? model.Value : null;
        return Page();
    }
}
