using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dalel.Core.Audit;
using Dalel.Core.Storage;
using OtpNet;

namespace Dalel.Core.Members;

/// <summary>A member replaces their recovery codes (the old ones stop working); needs the password and a current code.</summary>
public sealed class RenewRecoveryCodes(DalelInstance instance)
{
    public Result<IReadOnlyList<string>> Run(Guid member, string password, string code) =>
        instance.Database.Write<Result<IReadOnlyList<string>>>((c, t) =>
        {
            var checkedRow = SecondFactorChecks.PasswordAndCode(instance, c, t, member, password, code);
            if (checkedRow.Error is { } error)
            {
                return error;
            }

            var (codes, stored) = SecondFactorStore.NewRecoveryCodes();
            c.Execute(t, "UPDATE members SET recovery_codes = @r WHERE id = @id", ("r", stored), ("id", member));
            AuditLog.Append(c, t, instance.Clock, Actors.Member(member), AuditAction.RecoveryCodesRenewed, recordId: member.ToString("D"));
            return codes;
        });
}
