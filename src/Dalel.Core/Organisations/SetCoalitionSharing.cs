using Dalel.Core.Audit;
using Dalel.Core.Members;

namespace Dalel.Core.Organisations;

/// <summary>An owner opts the organisation in to (or out of) the coalition's anonymous statistics.</summary>
public sealed class SetCoalitionSharing(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, bool share)
    {
        if (!scope.Can(Capability.ManageMembers))
        {
            return new Forbidden();
        }

        var keys = instance.Vault.Keys;
        if (keys is null)
        {
            return new VaultSealed();
        }

        var current = new ListOrganisations(instance).Find(scope.OrganisationId);
        if (current is null)
        {
            return new NotFound();
        }

        return OrganisationKeys.SaveProfile(instance, keys, scope, new OrganisationProfile(current.Name, share, current.Countries),
            share ? AuditAction.CoalitionSharingOn : AuditAction.CoalitionSharingOff, scope.OrganisationId.ToString("D"));
    }
}
