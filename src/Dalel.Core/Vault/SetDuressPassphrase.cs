using System.Globalization;
using System.Security.Cryptography;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Vault;

/// <summary>Sets the passphrase that, typed at the unseal prompt, seals the instance and looks like a wrong one.</summary>
public sealed class SetDuressPassphrase(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, string duress)
    {
        if (!scope.Can(Capability.ManageVault))
        {
            return new Forbidden();
        }

        var header = VaultHeader.Read(instance.Database);
        if (header is null)
        {
            return new NotFound();
        }

        if (duress.Length < SplitMasterKey.MinimumPassphrase || header.TryUnwrapMaster(duress) is { } master && Wipe(master))
        {
            return Invalid.One("duress", "error.duress_passphrase", SplitMasterKey.MinimumPassphrase.ToString(CultureInfo.InvariantCulture));
        }

        var salt = RandomNumberGenerator.GetBytes(16);
        var verifier = header.Kdf.Derive(duress, salt);
        instance.Database.Write((c, t) =>
        {
            c.Execute(t, "DELETE FROM duress");
            c.Execute(t, "INSERT INTO duress (id, kdf_salt, verifier) VALUES (1, @salt, @verifier)", ("salt", salt), ("verifier", verifier));
            AuditLog.Append(c, t, instance.Clock, scope.Actor, AuditAction.DuressSet, scope.OrganisationId);
            return Done.Value;
        });
        return Done.Value;
    }

    private static bool Wipe(byte[] master)
    {
        CryptographicOperations.ZeroMemory(master);
        return true;
    }
}
