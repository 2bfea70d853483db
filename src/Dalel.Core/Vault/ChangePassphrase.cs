using System.Security.Cryptography;
using Dalel.Core.Audit;
using Dalel.Core.Storage;

namespace Dalel.Core.Vault;

/// <summary>Re-wraps the master key under a key from the new passphrase; no case is re-encrypted.</summary>
public sealed class ChangePassphrase(DalelInstance instance)
{
    public const int MinimumLength = 12;

    public Result<Done> Run(string current, string next, string actor, KdfParameters? kdf = null)
    {
        if (next.Length < MinimumLength)
        {
            return Invalid.One("NewPassphrase", "error.passphrase_too_short", MinimumLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var header = VaultHeader.Read(instance.Database);
        if (header is null)
        {
            return new NotFound();
        }

        var master = header.TryUnwrapMaster(current);
        if (master is null)
        {
            return new WrongPassphrase();
        }

        var parameters = kdf ?? header.Kdf;
        var salt = RandomNumberGenerator.GetBytes(16);
        var kek = parameters.Derive(next, salt);
        var wrapped = Aead.Seal(kek, master, KeyRing.MasterAad);
        CryptographicOperations.ZeroMemory(kek);
        CryptographicOperations.ZeroMemory(master);

        return instance.Database.Write((c, t) =>
        {
            c.Execute(t,
                "UPDATE vault SET kdf_salt = @salt, kdf_memory_kib = @m, kdf_iterations = @i, kdf_parallelism = @p, wrapped_master = @w WHERE id = 1",
                ("salt", salt), ("m", parameters.MemoryKib), ("i", parameters.Iterations), ("p", parameters.Parallelism), ("w", wrapped));
            AuditLog.Append(c, t, instance.Clock, actor, AuditAction.PassphraseChanged);
            return new Result<Done>(Done.Value);
        });
    }
}
