using Dalel.Core.Audit;

namespace Dalel.Core.Members;

/// <summary>A member signs out: the audit log records it (the member's id, nothing else).</summary>
public sealed class SignOut(DalelInstance instance)
{
    public void Run(Guid member) =>
        AuditLog.AppendAlone(instance.Database, instance.Clock, Actors.Member(member), AuditAction.SignedOut, recordId: member.ToString("D"));
}
