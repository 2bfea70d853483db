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

        var keys = instance.Vault.Keys;
        if (keys is null)
        {
            return new VaultSealed();
        }

        return instance.Database.Write((c, t) =>
        {
            MemberDirectory.Lock(c, t, memberId);
            var memberships = MemberDirectory.Of(c, t, keys.DirectoryKey, memberId);
            var current = memberships.FirstOrDefault(m => m.OrganisationId == scope.OrganisationId);
            if (current is null)
            {
                return new Result<Done>(new NotFound());
            }

            if (current.Role == Role.Owner && role != Role.Owner && OwnerCount(c, t, keys.DirectoryKey, scope.OrganisationId) <= 1)
            {
                return new Result<Done>(Invalid.One("Role", "error.last_owner"));
            }

            memberships.Remove(current);
            if (role is { } newRole)
            {
                memberships.Add(current with { Role = newRole });
                AuditLog.Append(c, t, instance.Clock, scope.Actor, AuditAction.MemberRoleChanged, scope.OrganisationId, memberId.ToString("D"));
            }
            else
            {
                AuditLog.Append(c, t, instance.Clock, scope.Actor, AuditAction.MemberRemoved, scope.OrganisationId, memberId.ToString("D"));
            }

            if (memberships.Count > 0)
            {
                MemberDirectory.Set(c, t, keys.DirectoryKey, memberId, memberships);
            }
            else
            {
                // A person with no organisation left has no reason to keep a sign-in.
                c.Execute(t, "DELETE FROM memberships WHERE member_id = @m", ("m", memberId));
                c.Execute(t, "DELETE FROM members WHERE id = @m", ("m", memberId));
            }

            instance.SignIns.Remember(memberId, memberships);
            return new Result<Done>(Done.Value);
        });
    }

    private static int OwnerCount(DbConnection c, DbTransaction t, byte[] directoryKey, Guid org) =>
        MemberDirectory.All(c, t, directoryKey).Values.Count(ms => ms.Any(m => m.OrganisationId == org && m.Role == Role.Owner));
}
