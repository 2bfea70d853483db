using System.Text;

namespace Dalel.Core.Members;

public sealed record Member(Guid Id, string Login, string DisplayName, Role Role);

public sealed record Membership(Guid OrganisationId, Role Role);

internal sealed record MemberProfile(string Login, string DisplayName);

internal static class MemberProfiles
{
    public static byte[] Aad(Guid member) => Encoding.ASCII.GetBytes($"dalel/member-profile/v1/{member:N}");
}
