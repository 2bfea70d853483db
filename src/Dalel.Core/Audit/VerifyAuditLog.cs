using Dalel.Core.Storage;

namespace Dalel.Core.Audit;

public sealed record AuditVerification(long EntriesChecked, long? FirstBadSeq, string? Problem)
{
    public bool Intact => FirstBadSeq is null;
}

/// <summary>
/// Walks the chain from the first entry. An edited entry no longer matches its hash; a removed or reordered one
/// breaks the sequence or the link to the previous hash; removing the newest entries leaves the audit counter ahead.
/// </summary>
public sealed class VerifyAuditLog(Database database)
{
    public AuditVerification Run()
    {
        var entries = AuditLog.Read(database);
        var counter = database.Read(c => c.Scalar<long>(null, "SELECT value FROM counters WHERE name = 'audit'"));
        var prev = AuditEntry.Genesis;
        long expected = 1;
        foreach (var e in entries)
        {
            if (e.Seq != expected)
            {
                return new(expected - 1, expected, e.Seq > expected ? $"entry {expected} is missing" : $"entry {e.Seq} is out of order");
            }

            if (e.PrevHash != prev)
            {
                return new(expected - 1, e.Seq, $"entry {e.Seq} does not follow entry {e.Seq - 1} (removed, reordered or altered)");
            }

            if (AuditEntry.ComputeHash(e.Seq, e.At, e.Actor, e.Action, e.OrgId, e.RecordId, e.PrevHash) != e.Hash)
            {
                return new(expected - 1, e.Seq, $"entry {e.Seq} was altered");
            }

            prev = e.Hash;
            expected++;
        }

        if (counter != expected - 1)
        {
            return new(expected - 1, expected, $"entries after {expected - 1} are missing (the log counted {counter})");
        }

        return new(expected - 1, null, null);
    }
}
