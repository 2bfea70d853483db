using System.Text.Json;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Members;

public sealed class ListMembers(DalelInstance instance)
{
    public Result<IReadOnlyList<Member>> Run(OrgScope scope)
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

        var rows = instance.Database.Read(c => c.Query(null,
            "SELECT m.id, m.profile_sealed, ms.role FROM members m JOIN memberships ms ON ms.member_id = m.id WHERE ms.org_id = @o",
            r => (Id: r.GetGuid("id"), Profile: r.GetBytes("profile_sealed")!, Role: Enum.Parse<Role>(r.GetString(r.GetOrdinal("role")))),
            ("o", scope.OrganisationId)));
        return rows.Select(r =>
            {
                var p = JsonSerializer.Deserialize<MemberProfile>(Aead.Open(keys.DirectoryKey, r.Profile, MemberProfiles.Aad(r.Id)), Json.Files)!;
                return new Member(r.Id, p.Login, p.DisplayName, r.Role);
            })
            .OrderBy(m => m.DisplayName, StringComparer.CurrentCulture)
            .ToList();
    }
}
