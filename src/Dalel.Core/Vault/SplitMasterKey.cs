using System.Globalization;
using System.Security.Cryptography;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Vault;

/// <summary>
/// Splits the master key among n key holders so that any k of them unseal together (Shamir), so that no single
/// person's passphrase is the one point of failure or of coercion. Splitting again replaces the previous shares;
/// the instance passphrase keeps working alongside.
/// </summary>
public sealed class SplitMasterKey(DalelInstance instance)
{
    public const int MinimumPassphrase = 12;
    public const int MaximumHolders = 10;

    public Result<Done> Run(OrgScope scope, int threshold, IReadOnlyList<string> passphrases, KdfParameters? kdf = null)
    {
        if (!scope.Can(Capability.ManageVault))
        {
            return new Forbidden();
        }

        if (instance.Vault.Keys is not { } keys)
        {
            return new VaultSealed();
        }

        if (threshold < 2 || threshold > passphrases.Count || passphrases.Count > MaximumHolders)
        {
            return Invalid.One("threshold", "error.key_split_numbers", MaximumHolders.ToString(CultureInfo.InvariantCulture));
        }

        if (passphrases.Any(p => p.Length < MinimumPassphrase) || passphrases.Distinct(StringComparer.Ordinal).Count() != passphrases.Count)
        {
            return Invalid.One("passphrases", "error.key_holder_passphrases", MinimumPassphrase.ToString(CultureInfo.InvariantCulture));
        }

        var cost = kdf ?? KdfParameters.Passphrase;
        var master = keys.CopyMaster();
        try
        {
            var shares = Shamir.Split(master, threshold, passphrases.Count);
            var rows = shares.Select((share, i) =>
            {
                var salt = RandomNumberGenerator.GetBytes(16);
                var kek = cost.Derive(passphrases[i], salt);
                try
                {
                    return (share.X, salt, Wrapped: Aead.Seal(kek, share.Y, KeyHolders.ShareAad(share.X)));
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(kek);
                    CryptographicOperations.ZeroMemory(share.Y);
                }
            }).ToList();
            var check = Aead.Seal(master, KeyHolders.CheckValue, KeyHolders.CheckAad);
            instance.Database.Write((c, t) =>
            {
                c.Execute(t, "DELETE FROM key_shares");
                c.Execute(t, "DELETE FROM key_split");
                foreach (var (x, salt, wrapped) in rows)
                {
                    c.Execute(t, "INSERT INTO key_shares (x, kdf_salt, kdf_memory_kib, kdf_iterations, kdf_parallelism, wrapped_share) VALUES (@x, @salt, @m, @i, @p, @share)",
                        ("x", (long)x), ("salt", salt), ("m", (long)cost.MemoryKib), ("i", (long)cost.Iterations), ("p", (long)cost.Parallelism), ("share", wrapped));
                }

                c.Execute(t, "INSERT INTO key_split (id, threshold, master_check) VALUES (1, @k, @check)", ("k", (long)threshold), ("check", check));
                AuditLog.Append(c, t, instance.Clock, scope.Actor, AuditAction.KeySplit, scope.OrganisationId, $"{threshold}-of-{passphrases.Count}");
                return Done.Value;
            });
            return Done.Value;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(master);
        }
    }
}
