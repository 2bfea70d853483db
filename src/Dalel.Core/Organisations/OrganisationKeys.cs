using System.Data.Common;
using System.Text;
using System.Text.Json;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Organisations;

internal static class OrganisationKeys
{
    public static byte[] ProfileAad(Guid org) => Encoding.ASCII.GetBytes($"dalel/org-profile/v1/{org:N}");

    public static void LoadAll(Database database, KeyRing keys)
    {
        foreach (var (id, wrapped) in database.Read(c => c.Query(null, "SELECT id, wrapped_data_key FROM organisations",
                     r => (r.GetGuid("id"), r.GetBytes("wrapped_data_key")!))))
        {
            keys.AddOrg(id, wrapped);
        }
    }

    /// <summary>Replaces an organisation's sealed profile (name, sharing, States) and audits the change, in one transaction.</summary>
    public static Result<Done> SaveProfile(DalelInstance instance, KeyRing keys, OrgScope scope, OrganisationProfile profile, string action, string detail)
    {
        var sealedProfile = Aead.Seal(keys.DirectoryKey, JsonSerializer.SerializeToUtf8Bytes(profile, Json.Files), ProfileAad(scope.OrganisationId));
        return instance.Database.Write((c, t) =>
        {
            c.Execute(t, "UPDATE organisations SET profile_sealed = @p, seq = @s WHERE id = @id",
                ("p", sealedProfile), ("s", Database.Next(c, t, "change")), ("id", scope.OrganisationId));
            Audit.AuditLog.Append(c, t, instance.Clock, scope.Actor, action, scope.OrganisationId, detail);
            return new Result<Done>(Done.Value);
        });
    }

    /// <summary>Creates an organisation with a fresh data key wrapped by the master key.</summary>
    public static Guid Insert(DbConnection c, DbTransaction t, KeyRing keys, string name)
    {
        var id = Guid.NewGuid();
        var dataKey = Aead.NewKey();
        var wrapped = keys.WrapOrgKey(id, dataKey);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(dataKey);
        var profile = Aead.Seal(keys.DirectoryKey, JsonSerializer.SerializeToUtf8Bytes(new OrganisationProfile(name), Json.Files), ProfileAad(id));
        var seq = Database.Next(c, t, "change");
        c.Execute(t, "INSERT INTO organisations (id, wrapped_data_key, profile_sealed, seq) VALUES (@id, @k, @p, @s)",
            ("id", id), ("k", wrapped), ("p", profile), ("s", seq));
        keys.AddOrg(id, wrapped);
        return id;
    }
}
