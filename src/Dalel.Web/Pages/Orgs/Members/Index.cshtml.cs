using Dalel.Core.Members;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Dalel.Web.Security;

namespace Dalel.Web.Pages.Orgs.Members;

/// <summary>Owners add members, change their roles and remove them, within their own organisation only.</summary>
public sealed class IndexModel : OrgPageModel
{
    public sealed class NewMember
    {
        public string Login { get; set; } = "";

        public string DisplayName { get; set; } = "";

        public string Password { get; set; } = "";

        public Role Role { get; set; } = Role.Documenter;
    }

    [BindProperty]
    public NewMember Add { get; set; } = new();

    public IReadOnlyList<Member> Members { get; private set; } = [];

    public IReadOnlyDictionary<Guid, SecondFactorStatus> SecondFactors { get; private set; } = new Dictionary<Guid, SecondFactorStatus>();

    [Requires(Capability.ManageMembers)]
    public IActionResult OnGet() => Load();

    [Requires(Capability.ManageMembers)]
    public IActionResult OnPostAdd()
    {
        if (RequireRecentPassword() is { } confirm)
        {
            return confirm;
        }

        var added = new AddMember(Instance).Run(Scope, Add.Login, Add.DisplayName, Add.Password, Add.Role);
        if (!added.IsOk)
        {
            var shown = this.Show(added.Error!, nameof(Add));
            return shown is PageResult ? Load() : shown;
        }

        return Redirect(MemberRoutes.Members(OrgId));
    }

    [Requires(Capability.ManageMembers)]
    public IActionResult OnPostRole(Guid member, Role role) => RequireRecentPassword() ?? After(new ChangeMembership(Instance).ChangeRole(Scope, member, role));

    [Requires(Capability.ManageMembers)]
    public IActionResult OnPostResetSecondFactor(Guid member) => RequireRecentPassword() ?? After(new ResetSecondFactor(Instance).Run(Scope, member));

    [Requires(Capability.ManageMembers)]
    public IActionResult OnPostRemove(Guid member, bool confirmed)
    {
        if (RequireRecentPassword() is { } confirm)
        {
            return confirm;
        }

        // Removing someone ends their access at once: the first press asks, naming the person (no script needed).
        if (!confirmed)
        {
            ConfirmRemoval = member;
            return Load();
        }

        return After(new ChangeMembership(Instance).Remove(Scope, member));
    }

    /// <summary>The States the organisation documents; the default one goes first, so new cases start there.</summary>
    [Requires(Capability.ManageMembers)]
    public IActionResult OnPostCountries(List<string> countries, string? defaultCountry)
    {
        var ordered = countries.OrderByDescending(c => c == defaultCountry).ToList();
        var result = new Dalel.Core.Organisations.SetOrganisationCountries(Instance).Run(Scope, ordered);
        if (result.IsOk)
        {
            return Redirect(MemberRoutes.Members(OrgId) + "?countries=saved#countries");
        }

        var shown = this.Show(result.Error!);
        return shown is PageResult ? Load() : shown;
    }

    /// <summary>The member whose removal waits for a second, explicit press.</summary>
    public Guid? ConfirmRemoval { get; private set; }

    private IActionResult After(Dalel.Core.Result<Dalel.Core.Done> result)
    {
        if (result.IsOk)
        {
            return Redirect(MemberRoutes.Members(OrgId));
        }

        var shown = this.Show(result.Error!);
        return shown is PageResult ? Load() : shown;
    }

    private IActionResult Load()
    {
        var listed = new ListMembers(Instance).Run(Scope);
        if (!listed.IsOk)
        {
            return this.Show(listed.Error!);
        }

        Members = listed.Value;
        var status = new GetSecondFactorStatus(Instance);
        SecondFactors = Members.ToDictionary(m => m.Id, m => status.Run(m.Id));
        return Page();
    }
}
