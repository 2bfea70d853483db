using System.Security.Cryptography;
using System.Text.Json;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Storage;

namespace Dalel.Core.Vault;

public sealed record FirstOwner(string Login, string DisplayName, string Password);

public sealed record Initialised(Guid OrganisationId, Guid OwnerId);

/// <summary>
/// Creates the key hierarchy of a new instance (passphrase → Argon2id → key-encryption key → master key), its first
/// organisation and that organisation's first owner. Leaves the instance unsealed for the caller to go on.
/// </summary>
public sealed class InitialiseVault(DalelInstance instance)
{
    public Result<Initialised> Run(string passphrase, string organisationName, FirstOwner owner, KdfParameters? kdf = null)
    {
        var errors = new List<FieldError>();
        if (passphrase.Length < ChangePassphrase.MinimumLength)
        {
            errors.Add(new FieldError("Passphrase", "error.passphrase_too_short", [ChangePassphrase.MinimumLength.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        }

        if (string.IsNullOrWhiteSpace(organisationName))
        {
            errors.Add(new FieldError("Organisation", "error.required"));
        }

        if (owner.Password.Length < AddMember.MinimumPasswordLength)
        {
            errors.Add(new FieldError("Password", "error.password_too_short", [AddMember.MinimumPasswordLength.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        }

        if (owner.Login.Trim().Length < 3)
        {
            errors.Add(new FieldError("Login", "error.login_length"));
        }

        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        if (instance.IsInitialised)
        {
            return new AlreadyExists("DataDirectory");
        }

        var parameters = kdf ?? KdfParameters.Passphrase;
        var salt = RandomNumberGenerator.GetBytes(16);
        var loginSalt = RandomNumberGenerator.GetBytes(32);
        var kek = parameters.Derive(passphrase, salt);
        var keys = new KeyRing(Aead.NewKey());
        var wrappedMaster = keys.WrapMaster(kek);
        CryptographicOperations.ZeroMemory(kek);

        var result = instance.Database.Write((c, t) =>
        {
            c.Execute(t,
                "INSERT INTO vault (id, kdf_salt, kdf_memory_kib, kdf_iterations, kdf_parallelism, wrapped_master, login_salt) VALUES (1, @s, @m, @i, @p, @w, @l)",
                ("s", salt), ("m", parameters.MemoryKib), ("i", parameters.Iterations), ("p", parameters.Parallelism), ("w", wrappedMaster), ("l", loginSalt));
            AuditLog.Append(c, t, instance.Clock, Actors.Cli, AuditAction.VaultInitialised);
            DuressSlot.Write(c, t, keys.DirectoryKey, parameters, null);
            // A new instance has no case from before identities were sealed for every case.
            Cases.SealEmptyIdentities.Done(c, t);
            AuditLog.Append(c, t, instance.Clock, Actors.Cli, AuditAction.VaultSlotWritten);
            var org = OrganisationKeys.Insert(c, t, keys, organisationName.Trim());
            AuditLog.Append(c, t, instance.Clock, Actors.Cli, AuditAction.OrganisationCreated, org, org.ToString("D"));

            var ownerId = Guid.NewGuid();
            MemberRows.Insert(c, t, keys.DirectoryKey, loginSalt, instance.Options.PasswordKdf, ownerId,
                new MemberProfile(owner.Login.Trim(), owner.DisplayName.Trim()), owner.Password, [new Membership(org, Role.Owner)]);
            AuditLog.Append(c, t, instance.Clock, Actors.Cli, AuditAction.MemberAdded, org, ownerId.ToString("D"));
            return new Initialised(org, ownerId);
        });

        instance.Vault.TryOpen(keys);
        return result;
    }
}
