using System.Data.Common;
using System.Text;
using System.Text.Json;
using Dalel.Core.Vault;

namespace Dalel.Core.Storage;

/// <summary>A sealed document as read: its value and the version an edit must name to replace it.</summary>
public sealed record Versioned<T>(Guid Id, long Version, T Value);

/// <summary>
/// Small documents kept whole and sealed: one row per register entry or submission. An id is unique per kind across
/// all organisations (the table's key is kind and id), so per-organisation documents about a shared thing need ids of
/// their own. The associated data binds each
/// body to its kind, organisation and id, so a body copied to another row fails to open.
/// </summary>
internal static class SealedDocuments
{
    /// <summary>The organisation id stored for documents the whole instance shares.</summary>
    public static readonly Guid Shared = Guid.Empty;

    public static List<Versioned<T>> List<T>(DbConnection c, DbTransaction? t, byte[] key, string kind, Guid org) =>
        c.Query(t, "SELECT id, version, body FROM sealed_documents WHERE kind = @kind AND org_id = @org ORDER BY id",
            r => Open<T>(key, kind, org, r.GetGuid("id"), r.GetLong("version"), r.GetBytes("body")!), ("kind", kind), ("org", OrgText(org)));

    /// <summary>The ids of a kind's documents, none opened.</summary>
    public static List<Guid> Ids(DbConnection c, DbTransaction? t, string kind, Guid org) =>
        c.Query(t, "SELECT id FROM sealed_documents WHERE kind = @kind AND org_id = @org ORDER BY id", r => r.GetGuid("id"), ("kind", kind), ("org", OrgText(org)));

    public static Versioned<T>? Find<T>(DbConnection c, DbTransaction? t, byte[] key, string kind, Guid org, Guid id) =>
        c.Query(t, "SELECT id, version, body FROM sealed_documents WHERE kind = @kind AND org_id = @org AND id = @id",
            r => Open<T>(key, kind, org, id, r.GetLong("version"), r.GetBytes("body")!), ("kind", kind), ("org", OrgText(org)), ("id", id)).FirstOrDefault();

    /// <summary>Inserts (<paramref name="expectedVersion"/> 0) or replaces the version the editor saw; false if it moved on.</summary>
    public static bool Save<T>(DbConnection c, DbTransaction t, byte[] key, string kind, Guid org, Guid id, T value, long expectedVersion)
    {
        var body = Aead.Seal(key, Padding.PadRecord(JsonSerializer.SerializeToUtf8Bytes(value, Json.Files)), Aad(kind, org, id));
        if (expectedVersion == 0)
        {
            if (c.Scalar<long>(t, "SELECT COUNT(*) FROM sealed_documents WHERE kind = @kind AND id = @id", ("kind", kind), ("id", id)) > 0)
            {
                return false;
            }

            c.Execute(t, "INSERT INTO sealed_documents (kind, id, org_id, version, body) VALUES (@kind, @id, @org, 1, @body)",
                ("kind", kind), ("id", id), ("org", OrgText(org)), ("body", body));
            return true;
        }

        return c.Execute(t, "UPDATE sealed_documents SET version = version + 1, body = @body WHERE kind = @kind AND id = @id AND org_id = @org AND version = @expected",
            ("body", body), ("kind", kind), ("id", id), ("org", OrgText(org)), ("expected", expectedVersion)) == 1;
    }

    public static bool Delete(DbConnection c, DbTransaction t, string kind, Guid org, Guid id) =>
        c.Execute(t, "DELETE FROM sealed_documents WHERE kind = @kind AND id = @id AND org_id = @org", ("kind", kind), ("id", id), ("org", OrgText(org))) == 1;

    private static Versioned<T> Open<T>(byte[] key, string kind, Guid org, Guid id, long version, byte[] body) =>
        new(id, version, JsonSerializer.Deserialize<T>(Padding.Record(Aead.Open(key, body, Aad(kind, org, id))), Json.Files)!);

    internal static byte[] Aad(string kind, Guid org, Guid id) => Encoding.ASCII.GetBytes($"dalel/document/v1/{kind}/{org:N}/{id:N}");

    private static string OrgText(Guid org) => org == Shared ? "" : org.ToString("D");
}
