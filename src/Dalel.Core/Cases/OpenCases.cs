using Dalel.Core.Members;
using Dalel.Core.Vault;

namespace Dalel.Core.Cases;

/// <summary>The unsealed vault, caught up with the database, for one organisation's scope. Every case use case starts here.</summary>
internal static class OpenCases
{
    public static Result<OpenVault> For(DalelInstance instance, OrgScope scope, Capability capability)
    {
        if (!scope.Can(capability))
        {
            return new Forbidden();
        }

        var open = instance.Vault.Open;
        if (open is null)
        {
            return new VaultSealed();
        }

        open.Cases.CatchUp(instance.Database, open.Keys);
        return open;
    }

    public static DateOnly Today(this DalelInstance instance) => DateOnly.FromDateTime(instance.Clock.GetUtcNow().UtcDateTime);
}
