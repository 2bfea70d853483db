using Dalel.Core.Storage;

namespace Dalel.Core.Members;

/// <summary>Reads stored memberships: the single source for what a signed-in member may do in an organisation.</summary>
public sealed class Memberships(DalelInstance instance)
{
    public IReadOnlyList<Membership> Of(Guid memberId) =>
        instance.Database.Read(c => c.Query(null, "SELECT org_id, role FROM memberships WHERE member_id = @m",
            r => new Membership(r.GetGuid("org_id"), Enum.Parse<Role>(r.GetString(r.GetOrdinal("role")))), ("m", memberId)));

    public OrgScope? Scope(Guid memberId, Guid organisationId) =>
        Of(memberId).FirstOrDefault(m => m.OrganisationId == organisationId) is { } m
            ? new OrgScope(organisationId, Audit.Actors.Member(memberId), m.Role)
            : null;

    public bool IsOwnerAnywhere(Guid memberId) => Of(memberId).Any(m => m.Role == Role.Owner);
}
