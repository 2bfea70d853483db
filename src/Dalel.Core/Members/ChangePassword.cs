using System.Security.Cryptography;
using Dalel.Core.Audit;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Members;

/// <summary>
/// A member replaces their password (say, the first one an owner gave them). They type their sign-in name with the
/// current password: the sign-in lookup is made from both, and the name is stored nowhere readable, so this works
/// while sealed too.
/// </summary>
public sealed class ChangePassword(DalelInstance instance)
{
    public Result<Done> Run(Guid memberId, string login, string current, string next)
    {
        var header = VaultHeader.Read(instance.Database)!;
        var row = instance.Database.Read(c => c.Query(null, "SELECT password_hash, login_hash, sign_in_lookup, sign_in_kdf, sign_in_sealed FROM members WHERE id = @id",
            r => (Hash: r.GetString(r.GetOrdinal("password_hash")), LoginHash: r.GetString(r.GetOrdinal("login_hash")), Lookup: r.GetNullableString("sign_in_lookup"),
                Kdf: r.GetNullableString("sign_in_kdf"), Own: r.GetBytes("sign_in_sealed")), ("id", memberId)).FirstOrDefault());
        if (row.Hash is null)
        {
            return new NotFound();
        }

        IReadOnlyList<Membership>? memberships;
        byte[]? currentSecret = null;
        if (row.Lookup is null || row.Kdf is null)
        {
            // Stored before sign-in lookups were made from name and password.
            if (row.LoginHash != PasswordHash.LoginHash(login, header.LoginSalt) || !PasswordHash.Verify(current, row.Hash))
            {
                return Invalid.One("Current", "error.bad_name_or_current_password");
            }

            memberships = null;
        }
        else
        {
            currentSecret = SignInKeys.Secret(login, current, header.LoginSalt, SignInKeys.ParseKdf(row.Kdf));
            if (!CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(SignInKeys.Lookup(currentSecret)), System.Text.Encoding.ASCII.GetBytes(row.Lookup)))
            {
                CryptographicOperations.ZeroMemory(currentSecret);
                return Invalid.One("Current", "error.bad_name_or_current_password");
            }

            memberships = row.Own is null ? null : SignInKeys.OpenCopy(currentSecret, memberId, row.Own);
        }

        if (next.Length < AddMember.MinimumPasswordLength)
        {
            if (currentSecret is not null)
            {
                CryptographicOperations.ZeroMemory(currentSecret);
            }

            return Invalid.One("New", "error.password_too_short", AddMember.MinimumPasswordLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var keys = instance.Vault.Keys;
        return instance.Database.Write((c, t) =>
        {
            MemberDirectory.Lock(c, t, memberId);
            // Unsealed, the directory is the truth; sealed, the member's own copy (or, for a member stored before, the plain memberships).
            var known = keys is not null ? MemberDirectory.Of(c, t, keys.DirectoryKey, memberId) : memberships ?? MemberDirectory.PlainOf(c, memberId);
            var nextSecret = MemberRows.SetSignIn(c, t, memberId, login, next, header.LoginSalt, instance.Options.PasswordKdf, known);
            // The second factor's secret is sealed under the sign-in secret: re-seal it under the new one.
            if (SecondFactorStore.Read(c, t, memberId) is { Sealed: { } sealedSecret, Kdf: { } kdf }
                && SecondFactorStore.Open(memberId, current, currentSecret, sealedSecret, kdf) is { } secret)
            {
                var (resealed, marker) = SecondFactorStore.Seal(memberId, nextSecret, secret);
                CryptographicOperations.ZeroMemory(secret);
                c.Execute(t, "UPDATE members SET totp_sealed = @s, totp_kdf = @k WHERE id = @id", ("s", resealed), ("k", marker), ("id", memberId));
            }

            CryptographicOperations.ZeroMemory(nextSecret);
            if (currentSecret is not null)
            {
                CryptographicOperations.ZeroMemory(currentSecret);
            }

            instance.SignIns.RememberName(memberId, login);

            AuditLog.Append(c, t, instance.Clock, Actors.Member(memberId), AuditAction.PasswordChanged, recordId: memberId.ToString("D"));
            return new Result<Done>(Done.Value);
        });
    }
}
