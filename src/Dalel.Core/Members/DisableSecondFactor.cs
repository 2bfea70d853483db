using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dalel.Core.Audit;
using Dalel.Core.Storage;
using OtpNet;

namespace Dalel.Core.Members;

/// <summary>A member turns TOTP off; needs the password and a current code or a recovery code. Owners cannot, where it is required.</summary>
public sealed class DisableSecondFactor(DalelInstance instance)
{
    public Result<Done> Run(Guid member, string password, string code) =>
        instance.Database.Write<Result<Done>>((c, t) =>
        {
            var checkedRow = SecondFactorChecks.PasswordAndCode(instance, c, t, member, password, code);
            if (checkedRow.Error is { } error)
            {
                return error;
            }

            c.Execute(t, "UPDATE members SET totp_sealed = NULL, totp_kdf = NULL, totp_last_step = NULL, recovery_codes = NULL WHERE id = @id", ("id", member));
            AuditLog.Append(c, t, instance.Clock, Actors.Member(member), AuditAction.SecondFactorDisabled, recordId: member.ToString("D"));
            return Done.Value;
        });
}
