using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dalel.Core.Audit;
using Dalel.Core.Storage;

namespace Dalel.Core.Vault;

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

        if (instance.UnsealAttempts.LockedAt(instance.Clock.GetUtcNow()) is { } locked)
        {
            return new LockedOut(locked);
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

    private Result<Done> Failed(string actor) => UnsealVault.Failed(instance, actor);
}
