using System.Data.Common;
using System.Text;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Audit;

/// <summary>
/// The record ids of audit entries that say which case someone looked into — identities revealed, a file downloaded
/// or opened, a custody package or working copy made — are sealed, so a copy of the database shows that it happened
/// and when, not to which case. The entry's hash covers the stored (sealed) text, so <c>dalel audit verify</c> checks
/// the chain while sealed. The key is one random key for the instance, wrapped under the master key; key rotation
/// re-wraps the same key instead of drawing a new one, since re-sealing would rewrite the chain that anchors kept
/// outside Dalel are there to vouch for.
/// </summary>
public static class AuditRecords
{
    public const string Prefix = "sealed:";

    private static readonly HashSet<string> Sensitive =
    [
        AuditAction.IdentityViewed, AuditAction.FileDownloaded, AuditAction.CustodyExported, AuditAction.WorkingCopyMade, AuditAction.IntakeFileOpened,
    ];

    public static bool IsSensitive(string action) => Sensitive.Contains(action);

    internal static byte[] Key(DbConnection c, DbTransaction t, KeyRing keys)
    {
        var wrapped = c.Query(t, "SELECT wrapped_audit_key FROM vault WHERE id = 1", r => r.GetBytes("wrapped_audit_key")).FirstOrDefault();
        if (wrapped is not null)
        {
            return keys.UnwrapAuditKey(wrapped);
        }

        var key = Aead.NewKey();
        c.Execute(t, "UPDATE vault SET wrapped_audit_key = @k WHERE id = 1", ("k", keys.WrapAuditKey(key)));
        return key;
    }

    internal static byte[]? KeyIfAny(DbConnection c, KeyRing keys) =>
        c.Query(null, "SELECT wrapped_audit_key FROM vault WHERE id = 1", r => r.GetBytes("wrapped_audit_key")).FirstOrDefault() is { } wrapped
            ? keys.UnwrapAuditKey(wrapped)
            : null;

    internal static string Seal(byte[] key, long seq, string recordId) =>
        Prefix + Convert.ToBase64String(Aead.Seal(key, Encoding.UTF8.GetBytes(recordId), Aad(seq)));

    /// <summary>The record id as stored, or, for a sealed one, opened with <paramref name="key"/> (left as it is without it).</summary>
    internal static string? Open(byte[]? key, long seq, string? stored) =>
        key is not null && stored is not null && stored.StartsWith(Prefix, StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(Aead.Open(key, Convert.FromBase64String(stored[Prefix.Length..]), Aad(seq)))
            : stored;

    private static byte[] Aad(long seq) => Encoding.ASCII.GetBytes($"dalel/audit-record/v1/{seq}");
}
