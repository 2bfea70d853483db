using Dalel.Core.Storage;

namespace Dalel.Core.Audit;

/// <param name="Head">The newest entry as "seq:hash": written down outside Dalel, it lets a later check prove that the
/// chain up to it was not rewritten as a whole (which the chain alone cannot show).</param>
public sealed record AuditVerification(long EntriesChecked, long? FirstBadSeq, string? Problem, string? Head = null)
{
    public bool Intact => FirstBadSeq is null;
}

/// <summary>
/// Walks the chain from the first entry. An edited entry no longer matches its hash; a removed or reordered one
/// breaks the sequence or the link to the previous hash; removing the newest entries leaves the audit counter ahead.
/// </summary>
public sealed class VerifyAuditLog(Database database)
{
    /// <summary>For hosts, which hold the instance but not its database handle.</summary>
    public static VerifyAuditLog Of(DalelInstance instance) => new(instance.Database);

    /// <param name="anchors">Heads written down earlier ("seq:hash"); each must still be in the chain as it was.</param>
    public AuditVerification Run(IReadOnlyList<string>? anchors = null)
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

        foreach (var anchor in anchors ?? [])
        {
            var parts = anchor.Trim().Split(':');
            if (parts.Length != 2 || !long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq))
            {
                return new(expected - 1, 0, $"'{anchor}' is not a head written by 'dalel audit verify' (seq:hash)");
            }

            var entry = entries.FirstOrDefault(e => e.Seq == seq);
            if (entry is null || !string.Equals(entry.Hash, parts[1], StringComparison.OrdinalIgnoreCase))
            {
                return new(expected - 1, seq, $"entry {seq} is not the one written down: the log was rewritten up to it or cut");
            }
        }

        return new(expected - 1, null, null, entries.Count == 0 ? null : $"{entries[^1].Seq}:{entries[^1].Hash}");
    }
}
