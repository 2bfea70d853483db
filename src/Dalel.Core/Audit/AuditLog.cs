using System.Data.Common;
using Dalel.Core.Storage;

namespace Dalel.Core.Audit;

/// <summary>Appends entries inside the caller's transaction, so a state change and its entry commit together or not at all.</summary>
public static class AuditLog
{
    public static void Append(DbConnection connection, DbTransaction transaction, TimeProvider clock, string actor, string action, Guid? orgId = null, string? recordId = null) =>
        Append(connection, transaction, clock, actor, action, orgId, recordId, null);

    /// <param name="recordKey">When given, the record id is stored sealed (<see cref="AuditRecords"/>).</param>
    internal static void Append(DbConnection connection, DbTransaction transaction, TimeProvider clock, string actor, string action, Guid? orgId, string? recordId, byte[]? recordKey)
    {
        var seq = Database.Next(connection, transaction, "audit");
        if (recordKey is not null && recordId is not null)
        {
            recordId = AuditRecords.Seal(recordKey, seq, recordId);
        }

        var prev = seq == 1
            ? AuditEntry.Genesis
            : connection.Scalar<string>(transaction, "SELECT hash FROM audit_log WHERE seq = @s", ("s", seq - 1)) ?? AuditEntry.Genesis;
        // Millisecond precision: what both databases store and hash identically.
        var now = clock.GetUtcNow();
        var at = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var hash = AuditEntry.ComputeHash(seq, at, actor, action, orgId, recordId, prev);
        connection.Execute(transaction,
            "INSERT INTO audit_log (seq, at, actor, action, org_id, record_id, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @org, @record, @prev, @hash)",
            ("seq", seq), ("at", at), ("actor", actor), ("action", action), ("org", orgId), ("record", recordId), ("prev", prev), ("hash", hash));
    }

    public static void AppendAlone(Database database, TimeProvider clock, string actor, string action, Guid? orgId = null, string? recordId = null) =>
        database.Write((c, t) =>
        {
            Append(c, t, clock, actor, action, orgId, recordId);
            return Done.Value;
        });

    /// <summary>The whole log, oldest first: ids, times and event types, never content.</summary>
    public static IReadOnlyList<AuditEntry> Read(DalelInstance instance) => Read(instance.Database);

    /// <summary>The whole log, oldest first.</summary>
    public static IReadOnlyList<AuditEntry> Read(Database database) =>
        database.Read(c => c.Query(null, "SELECT * FROM audit_log ORDER BY seq",
            r => new AuditEntry(r.GetLong("seq"), r.GetInstant("at")!.Value, r.GetString(r.GetOrdinal("actor")), r.GetString(r.GetOrdinal("action")),
                r.GetNullableString("org_id") is { } o ? Guid.Parse(o) : null, r.GetNullableString("record_id"),
                r.GetString(r.GetOrdinal("prev_hash")), r.GetString(r.GetOrdinal("hash")))));
}
