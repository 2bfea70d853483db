using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dalel.Core.Audit;
using Dalel.Core.Storage;
using OtpNet;

namespace Dalel.Core.Members;

/// <summary>A member turns on TOTP: their password, the secret shown to them and a code their app made from it. Returns the recovery codes, shown once.</summary>
public sealed class EnableSecondFactor(DalelInstance instance)
{
    public Result<IReadOnlyList<string>> Run(Guid member, string password, string secret, string code)
    {
        byte[] secretBytes;
        try
        {
            secretBytes = Base32Encoding.ToBytes(secret);
        }
        catch (ArgumentException)
        {
            return Invalid.One("Code", "error.totp_setup_expired");
        }

        if (secretBytes.Length < 16)
        {
            return Invalid.One("Code", "error.totp_setup_expired");
        }

        return instance.Database.Write<Result<IReadOnlyList<string>>>((c, t) =>
        {
            var row = SecondFactorStore.Read(c, t, member);
            if (row is null)
            {
                return new NotFound();
            }

            using var proof = MemberPassword.Check(instance, c, t, member, password);
            if (proof?.SignInSecret is null)
            {
                return Invalid.One("Password", "error.bad_current_password");
            }

            if (SecondFactorStore.MatchTotp(secretBytes, code, instance.Clock.GetUtcNow(), null) is not { } step)
            {
                return Invalid.One("Code", "error.totp_wrong");
            }

            var (sealedSecret, kdf) = SecondFactorStore.Seal(member, proof.SignInSecret, secretBytes);
            var (codes, stored) = SecondFactorStore.NewRecoveryCodes();
            c.Execute(t, "UPDATE members SET totp_sealed = @s, totp_kdf = @k, totp_last_step = @step, recovery_codes = @r WHERE id = @id",
                ("s", sealedSecret), ("k", kdf), ("step", step), ("r", stored), ("id", member));
            AuditLog.Append(c, t, instance.Clock, Actors.Member(member), AuditAction.SecondFactorEnabled, recordId: member.ToString("D"));
            return codes;
        });
    }
}
