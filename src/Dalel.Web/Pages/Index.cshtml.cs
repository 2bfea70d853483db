using Dalel.Core;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Web.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages;

public sealed class IndexModel(DalelInstance instance, Memberships memberships) : PageModel
{
    /// <summary>An organisation of the member, with what waits there (null while sealed or when the role sees none).</summary>
    public sealed record OrgRow(Guid Id, string? Name, Role Role, Dalel.Core.Home.Attention? Attention);

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
        Organisations = mine.Select(m => new OrgRow(m.OrganisationId, names.GetValueOrDefault(m.OrganisationId), m.Role,
                Sealed ? null : memberships.Scope(member, m.OrganisationId) is { } scope && new Dalel.Core.Home.WhatNeedsAttention(instance).Run(scope) is { IsOk: true } a ? a.Value : null))
            .OrderBy(o => o.Name, StringComparer.CurrentCulture).ToList();
    }
}
