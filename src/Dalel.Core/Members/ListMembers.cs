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

        var members = instance.Database.Read(c =>
        {
            var memberships = MemberDirectory.All(c, null, keys.DirectoryKey);
            return MemberRows.Profiles(c, null, keys.DirectoryKey)
                .Select(p => (p.Id, p.Profile, Role: memberships.GetValueOrDefault(p.Id)?.FirstOrDefault(m => m.OrganisationId == scope.OrganisationId)?.Role))
                .Where(p => p.Role is not null)
                .ToList();
        });
        return members.Select(m => new Member(m.Id, m.Profile.Login, m.Profile.DisplayName, m.Role!.Value))
            .OrderBy(m => m.DisplayName, StringComparer.CurrentCulture)
            .ToList();
    }
}
