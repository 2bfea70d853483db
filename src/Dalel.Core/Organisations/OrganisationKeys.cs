using System.Data.Common;
using System.Text;
using System.Text.Json;
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
