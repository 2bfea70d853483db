using System.Data.Common;
using System.Text;
using System.Text.Json;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Members;

/// <summary>
/// Who belongs to which organisation, in what role: sealed per member under the directory key (padded, so the number
/// of organisations hardly shows), never in plain columns. The authoritative copy; each member also has their own
/// copy under their password (<see cref="SignInKeys"/>), which any change here voids until they next sign in unsealed.
/// Memberships stored before this design sit in the plain <c>memberships</c> table until the next unsealing moves them.
/// </summary>
internal static class MemberDirectory
{
    public static byte[] Aad(Guid member) => Encoding.ASCII.GetBytes($"dalel/memberships/v1/{member:N}");

    public static List<Membership> Of(DbConnection c, DbTransaction? t, byte[] directoryKey, Guid member)
    {
        var sealedSet = c.Query(t, "SELECT memberships_sealed FROM members WHERE id = @m", r => r.GetBytes("memberships_sealed"), ("m", member)).FirstOrDefault();
        return sealedSet is null ? Earlier(c, t, member) : Open(directoryKey, member, sealedSet);
    }

    /// <summary>Memberships still in the plain table (stored before this design, not yet sealed by an unsealing); null once sealed.</summary>
    public static List<Membership>? PlainOf(DbConnection c, Guid member) =>
        c.Query(null, "SELECT memberships_sealed FROM members WHERE id = @m", r => r.GetBytes("memberships_sealed") is null, ("m", member)).FirstOrDefault()
            ? Earlier(c, null, member)
            : null;

    /// <summary>Every member's memberships (an organisation's member list, its owner count).</summary>
    public static Dictionary<Guid, List<Membership>> All(DbConnection c, DbTransaction? t, byte[] directoryKey) =>
        c.Query(t, "SELECT id, memberships_sealed FROM members", r => (Id: r.GetGuid("id"), Sealed: r.GetBytes("memberships_sealed")))
            .ToDictionary(r => r.Id, r => r.Sealed is null ? Earlier(c, t, r.Id) : Open(directoryKey, r.Id, r.Sealed));

    /// <summary>Replaces a member's memberships; their own copy no longer matches, so it goes (re-made at their next unsealed sign-in).</summary>
    public static void Set(DbConnection c, DbTransaction t, byte[] directoryKey, Guid member, IReadOnlyList<Membership> memberships, byte[]? ownCopy = null)
    {
        c.Execute(t, "UPDATE members SET memberships_sealed = @s, sign_in_sealed = @own WHERE id = @m",
            ("s", Aead.Seal(directoryKey, Padding.Pad(JsonSerializer.SerializeToUtf8Bytes(memberships, Json.Files)), Aad(member))), ("own", ownCopy), ("m", member));
        c.Execute(t, "DELETE FROM memberships WHERE member_id = @m", ("m", member));
    }

    /// <summary>Takes the member's row lock first, so two changes to one member's memberships do not overwrite each other.</summary>
    public static void Lock(DbConnection c, DbTransaction t, Guid member) =>
        c.Execute(t, "UPDATE members SET memberships_sealed = memberships_sealed WHERE id = @m", ("m", member));

    /// <summary>Seals memberships still in the plain table (from before this design); run at unsealing.</summary>
    public static int SealEarlier(DbConnection c, DbTransaction t, byte[] directoryKey)
    {
        var members = c.Query(t, "SELECT DISTINCT member_id FROM memberships", r => r.GetGuid("member_id"));
        foreach (var member in members)
        {
            var own = c.Query(t, "SELECT sign_in_sealed FROM members WHERE id = @m", r => r.GetBytes("sign_in_sealed"), ("m", member)).FirstOrDefault();
            Set(c, t, directoryKey, member, Earlier(c, t, member), own);
        }

        return members.Count;
    }

    private static List<Membership> Open(byte[] directoryKey, Guid member, byte[] sealedSet) =>
        JsonSerializer.Deserialize<List<Membership>>(Padding.Unpad(Aead.Open(directoryKey, sealedSet, Aad(member))), Json.Files)!;

    private static List<Membership> Earlier(DbConnection c, DbTransaction? t, Guid member) =>
        c.Query(t, "SELECT org_id, role FROM memberships WHERE member_id = @m",
            r => new Membership(r.GetGuid("org_id"), Enum.Parse<Role>(r.GetString(r.GetOrdinal("role")))), ("m", member));
}
