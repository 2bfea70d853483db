using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dalel.Core.Audit;
using Dalel.Core.Storage;
using OtpNet;

namespace Dalel.Core.Members;

/// <summary>
/// An owner clears a member's second factor (a lost phone and lost recovery codes); the member sets it up again at
/// their next sign-in. Only for members of the owner's organisation, and never the owner's own.
/// </summary>
public sealed class ResetSecondFactor(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, Guid member)
    {
        if (!scope.Can(Capability.ManageMembers) || scope.Actor == Actors.Member(member))
        {
            return new Forbidden();
        }

        var keys = instance.Vault.Keys;
        if (keys is null)
        {
            return new VaultSealed();
        }

        return instance.Database.Write<Result<Done>>((c, t) =>
        {
            if (!MemberDirectory.Of(c, t, keys.DirectoryKey, member).Any(m => m.OrganisationId == scope.OrganisationId))
            {
                return new NotFound();
            }

            c.Execute(t, "UPDATE members SET totp_sealed = NULL, totp_kdf = NULL, totp_last_step = NULL, recovery_codes = NULL WHERE id = @id", ("id", member));
            AuditLog.Append(c, t, instance.Clock, scope.Actor, AuditAction.SecondFactorReset, scope.OrganisationId, member.ToString("D"));
            return Done.Value;
        });
    }
}
