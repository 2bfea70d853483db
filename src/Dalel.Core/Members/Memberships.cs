using Dalel.Core.Storage;

namespace Dalel.Core.Members;

/// <summary>
/// What a signed-in member may do in each organisation: the single source for it. Unsealed, the sealed directory is
/// read (so a change takes effect at once) and remembered; sealed, the directory cannot be read, and what the member's
/// own copy said at sign-in is used.
/// </summary>
public sealed class Memberships(DalelInstance instance)
{
    public IReadOnlyList<Membership> Of(Guid memberId)
    {
        if (instance.Vault.Keys is { } keys)
        {
            var current = instance.Database.Read(c => MemberDirectory.Of(c, null, keys.DirectoryKey, memberId));
            instance.SignIns.Remember(memberId, current);
            return current;
        }

        return instance.SignIns.MembershipsOf(memberId);
    }

    public OrgScope? Scope(Guid memberId, Guid organisationId) =>
        Of(memberId).FirstOrDefault(m => m.OrganisationId == organisationId) is { } m
            ? new OrgScope(organisationId, Audit.Actors.Member(memberId), m.Role)
            : null;

    public bool IsOwnerAnywhere(Guid memberId) => Of(memberId).Any(m => m.Role == Role.Owner);
}
