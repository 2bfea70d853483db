using System.Data.Common;
using Dalel.Core.Audit;
using Dalel.Core.Storage;

namespace Dalel.Core.Members;

/// <summary>Changes a member's role or removes them from the organisation; an organisation always keeps an owner.</summary>
public sealed class ChangeMembership(DalelInstance instance)
{
    public Result<Done> ChangeRole(OrgScope scope, Guid memberId, Role role) => Change(scope, memberId, role);

    public Result<Done> Remove(OrgScope scope, Guid memberId) => Change(scope, memberId, null);

    private Result<Done> Change(OrgScope scope, Guid memberId, Role? role)
    {
        if (!scope.Can(Capability.ManageMembers))
        {
            return new Forbidden();
        }

        return instance.Database.Write((c, t) =>
        {
            var current = c.Scalar<string?>(t, "SELECT role FROM memberships WHERE member_id = @m AND org_id = @o", ("m", memberId), ("o", scope.OrganisationId));
            if (current is null)
            {
                return new Result<Done>(new NotFound());
            }

            if (current == nameof(Role.Owner) && role != Role.Owner && OwnerCount(c, t, scope.OrganisationId) <= 1)
            {
                return new Result<Done>(Invalid.One("Role", "error.last_owner"));
            }

            if (role is { } newRole)
            {
                c.Execute(t, "UPDATE memberships SET role = @r WHERE member_id = @m AND org_id = @o", ("r", newRole.ToString()), ("m", memberId), ("o", scope.OrganisationId));
                AuditLog.Append(c, t, instance.Clock, scope.Actor, AuditAction.MemberRoleChanged, scope.OrganisationId, memberId.ToString("D"));
            }
            else
            {
                c.Execute(t, "DELETE FROM memberships WHERE member_id = @m AND org_id = @o", ("m", memberId), ("o", scope.OrganisationId));
                // A person with no organisation left has no reason to keep a sign-in.
                c.Execute(t, "DELETE FROM members WHERE id = @m AND NOT EXISTS (SELECT 1 FROM memberships WHERE member_id = @m)", ("m", memberId));
                AuditLog.Append(c, t, instance.Clock, scope.Actor, AuditAction.MemberRemoved, scope.OrganisationId, memberId.ToString("D"));
            }

            return new Result<Done>(Done.Value);
        });
    }

    private static long OwnerCount(DbConnection c, DbTransaction t, Guid org) =>
        c.Scalar<long>(t, "SELECT COUNT(*) FROM memberships WHERE org_id = @o AND role = 'Owner'", ("o", org));
}
