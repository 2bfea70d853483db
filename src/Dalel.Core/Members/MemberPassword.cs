using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Members;

/// <summary>A password confirmed for a member; for members with a sign-in lookup, the sign-in secret it made (zeroed on dispose).</summary>
internal sealed class PasswordProof(byte[]? signInSecret) : IDisposable
{
    public byte[]? SignInSecret { get; } = signInSecret;

    public void Dispose()
    {
        if (SignInSecret is not null)
        {
            CryptographicOperations.ZeroMemory(SignInSecret);
        }
    }
}

/// <summary>
/// Checks a signed-in member's password again (before revealing identities, turning the second factor on or off).
/// The database keeps no verifier of the password alone — one would let a password be cracked first and names tried
/// after, instead of both together — so the check remakes the sign-in lookup from the password and the member's name,
/// which the server holds in memory from their sign-in. Members stored before that design still have a password hash.
/// </summary>
internal static class MemberPassword
{
    public static PasswordProof? Check(DalelInstance instance, DbConnection c, DbTransaction? t, Guid member, string password)
    {
        var row = c.Query(t, "SELECT password_hash, sign_in_lookup, sign_in_kdf FROM members WHERE id = @id",
            r => (Hash: r.GetString(r.GetOrdinal("password_hash")), Lookup: r.GetNullableString("sign_in_lookup"), Kdf: r.GetNullableString("sign_in_kdf")), ("id", member)).FirstOrDefault();
        if (row.Hash is null)
        {
            return null;
        }

        if (row.Lookup is null || row.Kdf is null)
        {
            return PasswordHash.Verify(password, row.Hash) ? new PasswordProof(null) : null;
        }

        if (instance.SignIns.NameOf(member) is not { } name)
        {
            return null;
        }

        var salt = c.Query(t, "SELECT login_salt FROM vault WHERE id = 1", r => r.GetBytes("login_salt")!).Single();
        var secret = SignInKeys.Secret(name, password, salt, SignInKeys.ParseKdf(row.Kdf));
        if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(SignInKeys.Lookup(secret)), Encoding.ASCII.GetBytes(row.Lookup)))
        {
            return new PasswordProof(secret);
        }

        CryptographicOperations.ZeroMemory(secret);
        return null;
    }
}
