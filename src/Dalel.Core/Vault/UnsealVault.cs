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

        if (instance.UnsealAttempts.LockedAt(instance.Clock.GetUtcNow()) is { } locked)
        {
            AuditLog.AppendAlone(instance.Database, instance.Clock, actor, AuditAction.VaultUnsealFailed);
            return new LockedOut(locked);
        }

        // The progress page must not show the last unseal's figures while this one derives its key.
        instance.Unsealing.Start(0);
        var master = header.TryUnwrapMaster(passphrase);
        // The duress check always runs (one Argon2id run, sealed or not), so typing either passphrase takes the same time.
        // Its verifier can be read only while unsealed, which is when the duress passphrase has something to seal.
        var duress = master is null && DuressSlot.Matches(instance.Database, instance.Vault.Keys, header.Kdf, passphrase);
        if (master is not null)
        {
            DuressSlot.Matches(instance.Database, null, header.Kdf, passphrase);
        }

        if (duress)
        {
            // Seal, and answer exactly as a wrong passphrase would: the sealed page, the same audit entry.
            if (master is not null)
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(master);
            }

            instance.Vault.Wipe();
            return Failed(instance, actor);
        }

        if (master is null)
        {
            return Failed(instance, actor);
        }

        return OpenWith(master, actor);
    }

    /// <summary>A wrong passphrase or share (or the duress passphrase, which must look the same) counts towards the lockout.</summary>
    internal static Result<Done> Failed(DalelInstance instance, string actor)
    {
        var locks = instance.UnsealAttempts.Failed(instance.Clock.GetUtcNow(), instance.Options);
        AuditLog.AppendAlone(instance.Database, instance.Clock, actor, locks is null ? AuditAction.VaultUnsealFailed : AuditAction.VaultUnsealLockedOut);
        return locks is { } until ? new LockedOut(until) : new WrongPassphrase();
    }

    /// <summary>Unseals with a master key already recovered (from the passphrase, or from key holders' shares).</summary>
    internal Result<Done> OpenWith(byte[] master, string actor)
    {
        instance.UnsealAttempts.Succeeded();
        if (!instance.Vault.IsSealed)
        {
            // A right passphrase on an unsealed instance is fine; a wrong one is still wrong.
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(master);
            return Done.Value;
        }

        var keys = new KeyRing(master);
        try
        {
            OrganisationKeys.LoadAll(instance.Database, keys);
        }
        catch
        {
            keys.Dispose();
            throw;
        }

        if (!instance.Vault.TryOpen(keys))
        {
            return Done.Value;
        }

        try
        {
            // Every case decrypted before the unseal answers, so the first page is quick; a record that fails to open
            // leaves the instance sealed, as before anything was shown.
            instance.Entrance.Warm();
            // Memberships stored in plain columns before they were sealed are sealed now that the directory key is here.
            var kdf = VaultHeader.Read(instance.Database)!.Kdf;
            instance.Database.Write((c, t) =>
            {
                DuressSlot.Ensure(c, t, keys.DirectoryKey, kdf);
                return Members.MemberDirectory.SealEarlier(c, t, keys.DirectoryKey);
            });
        }
        catch
        {
            instance.Vault.Wipe();
            throw;
        }

        AuditLog.AppendAlone(instance.Database, instance.Clock, actor, AuditAction.VaultUnsealed);
        return Done.Value;
    }
}
