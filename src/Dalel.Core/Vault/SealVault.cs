using Dalel.Core.Audit;

namespace Dalel.Core.Vault;

public sealed class SealVault(DalelInstance instance)
{
    public void Run(string actor)
    {
        if (instance.Vault.Wipe())
        {
            AuditLog.AppendAlone(instance.Database, instance.Clock, actor, AuditAction.VaultSealed);
        }
    }
}
