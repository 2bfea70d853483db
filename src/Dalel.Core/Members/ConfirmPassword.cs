using Dalel.Core.Audit;
using Dalel.Core.Storage;

namespace Dalel.Core.Members;

/// <summary>A signed-in member types their password again before something sensitive (revealing identities, files, member changes).</summary>
public sealed class ConfirmPassword(DalelInstance instance)
{
    public Result<Done> Run(Guid memberId, string password)
    {
        var stored = instance.Database.Read(c => c.Scalar<string?>(null, "SELECT password_hash FROM members WHERE id = @id", ("id", memberId)));
        if (stored is null)
        {
            return new NotFound();
        }

        if (!PasswordHash.Verify(password, stored))
        {
            AuditLog.AppendAlone(instance.Database, instance.Clock, Actors.Member(memberId), AuditAction.SignInFailed);
            return Invalid.One("Password", "error.bad_current_password");
        }

        return Done.Value;
    }
}
