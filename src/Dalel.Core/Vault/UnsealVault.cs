using Dalel.Core.Audit;
using Dalel.Core.Organisations;

namespace Dalel.Core.Vault;

/// <summary>Derives the master key from the passphrase, unwraps every organisation's key and decrypts all cases into memory.</summary>
public sealed class UnsealVault(DalelInstance instance)
{
    public Result<Done> Run(string passphrase, string actor)
    {
        var header = VaultHeader.Read(instance.Database);
        if (header is null)
        {
            return new NotFound();
        }

        var master = header.TryUnwrapMaster(passphrase);
        if (master is null)
        {
            AuditLog.AppendAlone(instance.Database, instance.Clock, actor, AuditAction.VaultUnsealFailed);
            return new WrongPassphrase();
        }

        if (!instance.Vault.IsSealed)
        {
            // A right passphrase on an unsealed instance is fine; a wrong one is still wrong.
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(master);
            return Done.Value;
        }

        var open = new OpenVault(new KeyRing(master));
        try
        {
            OrganisationKeys.LoadAll(instance.Database, open.Keys);
            open.Cases.CatchUp(instance.Database, open.Keys);
        }
        catch
        {
            open.Dispose();
            throw;
        }

        if (instance.Vault.TryOpen(open))
        {
            AuditLog.AppendAlone(instance.Database, instance.Clock, actor, AuditAction.VaultUnsealed);
        }

        return Done.Value;
    }
}

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
