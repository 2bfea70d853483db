using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Members;

/// <summary>
/// How a sign-in finds its member without the database holding anything a name alone can be checked against. One
/// Argon2id run over the password, salted by the instance's sign-in salt and the normalised name, gives a secret from
/// which come (a) the lookup stored with the member and (b) the key of the member's own copy of their memberships.
/// Someone holding a copy of the database must guess a name <em>and</em> its password together to find a row: a list
/// of suspects' names confirms nothing. The cost travels with each member ("m,t,p"), so it can be raised later.
/// </summary>
internal static class SignInKeys
{
    public static byte[] Secret(string login, string password, byte[] signInSalt, KdfParameters kdf)
    {
        var salt = SHA256.HashData([.. "dalel/sign-in/v1\0"u8, .. signInSalt, .. Encoding.UTF8.GetBytes(PasswordHash.NormaliseLogin(login))])[..16];
        return kdf.Derive(password, salt);
    }

    public static string Lookup(byte[] secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secret, "dalel/sign-in-lookup/v1"u8));

    private static byte[] CopyKey(byte[] secret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, Aead.KeySize, info: "dalel/sign-in-copy/v1"u8.ToArray());

    public static string KdfText(KdfParameters kdf) => string.Create(CultureInfo.InvariantCulture, $"{kdf.MemoryKib},{kdf.Iterations},{kdf.Parallelism}");

    public static KdfParameters ParseKdf(string text)
    {
        var cost = text.Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return new KdfParameters(cost[0], cost[1], cost[2]);
    }

    /// <summary>The member's own copy of their memberships, which their password opens while the instance is sealed.</summary>
    public static byte[] SealCopy(byte[] secret, Guid member, IReadOnlyList<Membership> memberships)
    {
        var key = CopyKey(secret);
        try
        {
            return Aead.Seal(key, Padding.Pad(JsonSerializer.SerializeToUtf8Bytes(memberships, Json.Files)), CopyAad(member));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public static IReadOnlyList<Membership>? OpenCopy(byte[] secret, Guid member, byte[] sealedCopy)
    {
        var key = CopyKey(secret);
        try
        {
            return Aead.TryOpen(key, sealedCopy, CopyAad(member), out var plain)
                ? JsonSerializer.Deserialize<List<Membership>>(Padding.Unpad(plain), Json.Files)
                : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] CopyAad(Guid member) => Encoding.ASCII.GetBytes($"dalel/sign-in-copy/v1/{member:N}");
}
