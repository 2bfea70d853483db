using System.Text.Json;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

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

        var profile = Aead.Seal(keys.DirectoryKey,
            JsonSerializer.SerializeToUtf8Bytes(new OrganisationProfile(current.Name, share, current.Countries), Json.Files), OrganisationKeys.ProfileAad(scope.OrganisationId));
        return instance.Database.Write((c, t) =>
        {
            c.Execute(t, "UPDATE organisations SET profile_sealed = @p, seq = @s WHERE id = @id",
                ("p", profile), ("s", Database.Next(c, t, "change")), ("id", scope.OrganisationId));
            AuditLog.Append(c, t, instance.Clock, scope.Actor, share ? AuditAction.CoalitionSharingOn : AuditAction.CoalitionSharingOff, scope.OrganisationId, scope.OrganisationId.ToString("D"));
            return new Result<Done>(Done.Value);
        });
    }
}
