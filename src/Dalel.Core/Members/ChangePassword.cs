using Dalel.Core.Audit;
using Dalel.Core.Storage;

namespace Dalel.Core.Members;

/// <summary>A member replaces their password (say, the first one an owner gave them); the current one is required.</summary>
public sealed class ChangePassword(DalelInstance instance)
{
    public Result<Done> Run(Guid memberId, string current, string next)
    {
        var stored = instance.Database.Read(c => c.Scalar<string?>(null, "SELECT password_hash FROM members WHERE id = @id", ("id", memberId)));
        if (stored is null)
        {
            return new NotFound();
        }

        if (!PasswordHash.Verify(current, stored))
        {
            return Invalid.One("Current", "error.bad_current_password");
        }

        if (next.Length < AddMember.MinimumPasswordLength)
        {
            return Invalid.One("New", "error.password_too_short", AddMember.MinimumPasswordLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return instance.Database.Write((c, t) =>
        {
            c.Execute(t, "UPDATE members SET password_hash = @h WHERE id = @id", ("h", PasswordHash.Create(next, instance.Options.PasswordKdf)), ("id", memberId));
            // The second factor's secret is sealed under the password: re-seal it under the new one.
            if (SecondFactorStore.Read(c, t, memberId) is { Sealed: { } sealedSecret, Kdf: { } kdf }
                && SecondFactorStore.Open(memberId, current, sealedSecret, kdf) is { } secret)
            {
                var (resealed, newKdf) = SecondFactorStore.Seal(memberId, next, secret, instance.Options.PasswordKdf);
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(secret);
                c.Execute(t, "UPDATE members SET totp_sealed = @s, totp_kdf = @k WHERE id = @id", ("s", resealed), ("k", newKdf), ("id", memberId));
            }

            AuditLog.Append(c, t, instance.Clock, Actors.Member(memberId), AuditAction.PasswordChanged, recordId: memberId.ToString("D"));
            return new Result<Done>(Done.Value);
        });
    }
}
