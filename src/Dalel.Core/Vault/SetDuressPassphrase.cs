using System.Globalization;
using System.Security.Cryptography;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Vault;

/// <summary>
/// Sets (or, with null, clears) the passphrase that, typed at the unseal prompt of an unsealed instance, seals it and
/// looks like a wrong one. Stored in the <see cref="DuressSlot"/>, which every instance has, so the data shows no trace
/// of whether one is set; the audit entry says only that the slot was written, as it is at initialisation.
/// </summary>
public sealed class SetDuressPassphrase(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, string? duress)
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

        var keys = instance.Vault.Keys;
        if (keys is null)
        {
            return new VaultSealed();
        }

        if (duress is not null && (duress.Length < SplitMasterKey.MinimumPassphrase || header.TryUnwrapMaster(duress) is { } master && Wipe(master)))
        {
            return Invalid.One("duress", "error.duress_passphrase", SplitMasterKey.MinimumPassphrase.ToString(CultureInfo.InvariantCulture));
        }

        instance.Database.Write((c, t) =>
        {
            DuressSlot.Write(c, t, keys.DirectoryKey, header.Kdf, duress);
            c.Execute(t, "DELETE FROM duress");
            AuditLog.Append(c, t, instance.Clock, scope.Actor, AuditAction.VaultSlotWritten);
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
