using Dalel.Core.Audit;

namespace Dalel.Core.Organisations;

public sealed class CreateOrganisation(DalelInstance instance)
{
    public Result<Guid> Run(string name, string actor)
    {
        name = name.Trim();
        if (name.Length is 0 or > 200)
        {
            return Invalid.One("Name", "error.required");
        }

        var keys = instance.Vault.Keys;
        if (keys is null)
        {
            return new VaultSealed();
        }

        return instance.Database.Write((c, t) =>
        {
            var id = OrganisationKeys.Insert(c, t, keys, name);
            AuditLog.Append(c, t, instance.Clock, actor, AuditAction.OrganisationCreated, id, id.ToString("D"));
            return new Result<Guid>(id);
        });
    }
}
