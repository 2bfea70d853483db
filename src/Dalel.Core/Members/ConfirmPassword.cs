using Dalel.Core.Audit;

namespace Dalel.Core.Members;

/// <summary>A signed-in member types their password again before something sensitive (revealing identities, files, member changes).</summary>
public sealed class ConfirmPassword(DalelInstance instance)
{
    public Result<Done> Run(Guid memberId, string password)
    {
        using var proof = instance.Database.Read(c => MemberPassword.Check(instance, c, null, memberId, password));
        if (proof is null)
        {
            AuditLog.AppendAlone(instance.Database, instance.Clock, Actors.Member(memberId), AuditAction.SignInFailed);
            return Invalid.One("Password", "error.bad_current_password");
        }

        return Done.Value;
    }
}
