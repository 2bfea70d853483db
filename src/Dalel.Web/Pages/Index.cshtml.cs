using Dalel.Core;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Web.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages;

public sealed class IndexModel(DalelInstance instance, Memberships memberships) : PageModel
{
    public sealed record OrgRow(Guid Id, string? Name, Role Role);

    public bool Sealed { get; private set; }

    public bool OwnerAnywhere { get; private set; }

    public IReadOnlyList<OrgRow> Organisations { get; private set; } = [];

    public void OnGet()
    {
        var member = User.Id()!.Value;
        var mine = memberships.Of(member);
        var names = new ListOrganisations(instance).Run() is { IsOk: true } r ? r.Value.ToDictionary(o => o.Id, o => o.Name) : [];
        Sealed = instance.Vault.IsSealed;
        OwnerAnywhere = mine.Any(m => m.Role == Role.Owner);
        Organisations = mine.Select(m => new OrgRow(m.OrganisationId, names.GetValueOrDefault(m.OrganisationId), m.Role))
            .OrderBy(o => o.Name, StringComparer.CurrentCulture).ToList();
    }
}
