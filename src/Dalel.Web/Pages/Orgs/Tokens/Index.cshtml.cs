using Dalel.Core.Api;
using Dalel.Core.Members;
using Dalel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages.Orgs.Tokens;

/// <summary>
/// Owners create API tokens for the organisation's own tools: named, scoped, expiring; the secret is shown once, in
/// the response to its creation (never stored in a cookie or a page one can come back to), and can be revoked.
/// </summary>
public sealed class IndexModel : OrgPageModel
{
    public sealed class NewToken
    {
        public string Name { get; set; } = "";

        public List<string> Scopes { get; set; } = [];

        public int Days { get; set; } = 90;
    }

    [BindProperty]
    public NewToken Create { get; set; } = new();

    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    /// <summary>The secret of the token just created, shown in this response only.</summary>
    public string? Secret { get; private set; }

    public DateTimeOffset Now => Instance.Clock.GetUtcNow();

    [Requires(Capability.ManageMembers)]
    public IActionResult OnGet() => Load();

    [Requires(Capability.ManageMembers)]
    public IActionResult OnPostCreate()
    {
        if (RequireRecentPassword() is { } confirm)
        {
            return confirm;
        }

        var created = new CreateApiToken(Instance).Run(Scope, Create.Name, Create.Scopes, Create.Days);
        if (!created.IsOk)
        {
            var shown = this.Show(created.Error!, nameof(Create));
            return shown is PageResult ? Load() : shown;
        }

        Secret = created.Value.Secret;
        Create = new NewToken();
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        return Load();
    }

    [Requires(Capability.ManageMembers)]
    public IActionResult OnPostRevoke(Guid id)
    {
        var revoked = new RevokeApiToken(Instance).Run(Scope, id);
        if (!revoked.IsOk)
        {
            var shown = this.Show(revoked.Error!);
            return shown is PageResult ? Load() : shown;
        }

        return Redirect(TokenRoutes.Tokens(OrgId));
    }

    private IActionResult Load()
    {
        var listed = new ListApiTokens(Instance).Run(Scope);
        if (!listed.IsOk)
        {
            return this.Show(listed.Error!);
        }

        Tokens = listed.Value;
        return Page();
    }
}
