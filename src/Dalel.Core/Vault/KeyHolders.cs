using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Vault;

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
