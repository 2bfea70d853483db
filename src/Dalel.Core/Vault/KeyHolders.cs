using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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

/// <summary>Unseals with the shares of k key holders, each giving their share number and passphrase.</summary>
public sealed class UnsealWithShares(DalelInstance instance)
{
    public Result<Done> Run(IReadOnlyList<(int Share, string Passphrase)> given, string actor)
    {
        var split = instance.Database.Read(c => c.Query(null, "SELECT threshold, master_check FROM key_split WHERE id = 1", r => (Threshold: (int)r.GetLong("threshold"), Check: r.GetBytes("master_check")!)).SingleOrDefault());
        if (split.Check is null)
        {
            return new NotFound();
        }

        var distinct = given.GroupBy(g => g.Share).Select(g => g.First()).ToList();
        if (distinct.Count < split.Threshold)
        {
            return Invalid.One("shares", "error.shares_needed", split.Threshold.ToString(CultureInfo.InvariantCulture));
        }

        var shares = new List<(byte X, byte[] Y)>();
        try
        {
            foreach (var (number, passphrase) in distinct)
            {
                var row = instance.Database.Read(c => c.Query(null, "SELECT * FROM key_shares WHERE x = @x", r => (
                    Salt: r.GetBytes("kdf_salt")!,
                    Kdf: new KdfParameters((int)r.GetLong("kdf_memory_kib"), (int)r.GetLong("kdf_iterations"), (int)r.GetLong("kdf_parallelism")),
                    Wrapped: r.GetBytes("wrapped_share")!), ("x", (long)number)).SingleOrDefault());
                if (row.Wrapped is null || number is < 1 or > 255)
                {
                    return Failed(actor);
                }

                var kek = row.Kdf.Derive(passphrase, row.Salt);
                var opened = Aead.TryOpen(kek, row.Wrapped, KeyHolders.ShareAad((byte)number), out var share);
                CryptographicOperations.ZeroMemory(kek);
                if (!opened)
                {
                    return Failed(actor);
                }

                shares.Add(((byte)number, share));
            }

            var master = Shamir.Combine(shares);
            if (!Aead.TryOpen(master, split.Check, KeyHolders.CheckAad, out _))
            {
                CryptographicOperations.ZeroMemory(master);
                return Failed(actor);
            }

            return new UnsealVault(instance).OpenWith(master, actor);
        }
        finally
        {
            foreach (var (_, y) in shares)
            {
                CryptographicOperations.ZeroMemory(y);
            }
        }
    }

    private Result<Done> Failed(string actor)
    {
        AuditLog.AppendAlone(instance.Database, instance.Clock, actor, AuditAction.VaultUnsealFailed);
        return new WrongPassphrase();
    }
}

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

internal static class KeyHolders
{
    public static readonly byte[] CheckValue = "dalel/master-check"u8.ToArray();
    public static readonly byte[] CheckAad = "dalel/master-check/v1"u8.ToArray();

    public static byte[] ShareAad(byte x) => Encoding.ASCII.GetBytes($"dalel/share/v1/{x}");

    /// <summary>Whether this is the duress passphrase; derives with the vault's cost every time, so timing says nothing.</summary>
    public static bool IsDuress(Database database, KdfParameters kdf, string passphrase)
    {
        var row = database.Read(c => c.Query(null, "SELECT kdf_salt, verifier FROM duress WHERE id = 1", r => (Salt: r.GetBytes("kdf_salt")!, Verifier: r.GetBytes("verifier")!)).SingleOrDefault());
        var derived = kdf.Derive(passphrase, row.Salt ?? new byte[16]);
        return row.Verifier is { } verifier && CryptographicOperations.FixedTimeEquals(derived, verifier);
    }
}
