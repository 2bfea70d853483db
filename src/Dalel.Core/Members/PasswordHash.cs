using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dalel.Core.Vault;

namespace Dalel.Core.Members;

/// <summary>Argon2id password hashes as "argon2id$m,t,p$salt$hash"; the cost travels with each hash.</summary>
internal static class PasswordHash
{
    public static string Create(string password, KdfParameters kdf)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = kdf.Derive(password, salt);
        return string.Create(CultureInfo.InvariantCulture,
            $"argon2id${kdf.MemoryKib},{kdf.Iterations},{kdf.Parallelism}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != "argon2id")
        {
            return false;
        }

        var cost = parts[1].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var kdf = new KdfParameters(cost[0], cost[1], cost[2]);
        var actual = kdf.Derive(password, Convert.FromBase64String(parts[2]));
        return CryptographicOperations.FixedTimeEquals(actual, Convert.FromBase64String(parts[3]));
    }

    /// <summary>A keyed hash of the normalised sign-in name, so the database never holds the names themselves.</summary>
    public static string LoginHash(string login, byte[] loginSalt) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(loginSalt, Encoding.UTF8.GetBytes(NormaliseLogin(login))));

    public static string NormaliseLogin(string login) => login.Trim().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
}
