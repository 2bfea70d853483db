using System.Data.Common;
using System.Security.Cryptography;
using Dalel.Core.Storage;

namespace Dalel.Core.Vault;

/// <summary>
/// Where the duress passphrase's verifier lives: one fixed-size slot, sealed under the directory key, that every
/// instance has from its first unsealing on. Without a duress passphrase the slot holds random bytes. So a copy of the
/// data directory shows neither whether a duress passphrase exists nor whether a given passphrase is it — an examiner
/// who is handed the duress passphrase finds only a wrong one. The price: the verifier can be read only while
/// unsealed, which is when the duress passphrase matters (typed at a running, unsealed server, it seals it at once);
/// typed while sealed it is a wrong passphrase like any other, and there is nothing to seal.
/// Layout of the plaintext: flag (1 = set), 16-byte salt, 32-byte Argon2id output (with the vault's cost).
/// </summary>
internal static class DuressSlot
{
    public const string Id = "slot";
    private const int Size = 1 + 16 + 32;

    public static byte[] Aad => "dalel/duress-slot/v1"u8.ToArray();

    /// <summary>Writes the slot: with a verifier of <paramref name="duress"/>, or random bytes when null.</summary>
    public static void Write(DbConnection c, DbTransaction t, byte[] directoryKey, KdfParameters kdf, string? duress)
    {
        var plain = new byte[Size];
        RandomNumberGenerator.Fill(plain);
        plain[0] = 0;
        if (duress is not null)
        {
            plain[0] = 1;
            kdf.Derive(duress, plain[1..17]).CopyTo(plain, 17);
        }

        c.Execute(t, "DELETE FROM duress_slot", []);
        c.Execute(t, "INSERT INTO duress_slot (id, sealed) VALUES (@id, @s)", ("id", Id), ("s", Aead.Seal(directoryKey, plain, Aad)));
        CryptographicOperations.ZeroMemory(plain);
    }

    /// <summary>
    /// Whether <paramref name="passphrase"/> is the duress passphrase. Always one Argon2id run with the vault's cost,
    /// whatever the slot holds and whether the instance is sealed, so timing tells nothing.
    /// </summary>
    public static bool Matches(Database database, KeyRing? keys, KdfParameters kdf, string passphrase)
    {
        byte[]? plain = null;
        if (keys is not null)
        {
            var sealedSlot = database.Read(c => c.Query(null, "SELECT sealed FROM duress_slot WHERE id = @id", r => r.GetBytes("sealed")!, ("id", Id)).FirstOrDefault());
            if (sealedSlot is not null && Aead.TryOpen(keys.DirectoryKey, sealedSlot, Aad, out var opened))
            {
                plain = opened;
            }
        }

        plain ??= RandomNumberGenerator.GetBytes(Size);
        try
        {
            var derived = kdf.Derive(passphrase, plain[1..17]);
            return plain[0] == 1 & CryptographicOperations.FixedTimeEquals(derived, plain.AsSpan(17));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>
    /// At unsealing: an instance without a slot gets one (random), and a verifier stored in plain by an earlier version
    /// moves into it. Key rotation re-seals the slot with the rest of the directory.
    /// </summary>
    public static void Ensure(DbConnection c, DbTransaction t, byte[] directoryKey, KdfParameters kdf)
    {
        var earlier = c.Query(t, "SELECT kdf_salt, verifier FROM duress WHERE id = 1", r => (Salt: r.GetBytes("kdf_salt")!, Verifier: r.GetBytes("verifier")!)).FirstOrDefault();
        if (earlier.Verifier is not null)
        {
            var plain = new byte[Size];
            plain[0] = 1;
            earlier.Salt.CopyTo(plain, 1);
            earlier.Verifier.CopyTo(plain, 17);
            c.Execute(t, "DELETE FROM duress_slot", []);
            c.Execute(t, "INSERT INTO duress_slot (id, sealed) VALUES (@id, @s)", ("id", Id), ("s", Aead.Seal(directoryKey, plain, Aad)));
            c.Execute(t, "DELETE FROM duress", []);
            CryptographicOperations.ZeroMemory(plain);
            return;
        }

        if (c.Scalar<long>(t, "SELECT COUNT(*) FROM duress_slot", []) == 0)
        {
            Write(c, t, directoryKey, kdf, null);
        }
    }
}
