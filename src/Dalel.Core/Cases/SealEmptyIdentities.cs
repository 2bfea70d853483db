using Dalel.Core.Audit;
using Dalel.Core.Storage;

namespace Dalel.Core.Cases;

/// <summary>
/// Cases stored before every case had an identities blob have none when they hold no identities, which tells a copy
/// of the database which cases do. At unsealing, each such case gets a sealed empty list, like new cases.
/// </summary>
internal static class SealEmptyIdentities
{
    /// <summary>Organisations with such cases; none once a run has covered them all (so unsealing does not scan every case again).</summary>
    public static Guid[] Organisations(System.Data.Common.DbConnection c) =>
        c.Scalar<long>(null, "SELECT value FROM counters WHERE name = 'identities_everywhere'") == 1
            ? []
            : [.. c.Query(null, "SELECT DISTINCT org_id FROM cases WHERE identities_sealed IS NULL AND deleted = 0", r => r.GetGuid("org_id"))];

    /// <summary>Every case has its identities blob now; new cases are written with one.</summary>
    public static void Done(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t) =>
        c.Execute(t, "UPDATE counters SET value = 1 WHERE name = 'identities_everywhere'");

    public static void Run(Door.Unsealed door) => door.Write((c, t, audit) =>
    {
        var ids = c.Query(t, "SELECT id FROM cases WHERE org_id = @org AND identities_sealed IS NULL AND deleted = 0", r => r.GetGuid("id"), ("org", door.Organisation));
        foreach (var id in ids)
        {
            var stored = door.Case(id);
            if (stored is null)
            {
                continue;
            }

            c.Execute(t, "UPDATE cases SET identities_sealed = @s WHERE id = @id AND org_id = @org AND identities_sealed IS NULL",
                ("s", CaseSealing.SealIdentities(door.IdentityKey, stored.Record, [])), ("id", id), ("org", door.Organisation));
        }

        if (ids.Count > 0)
        {
            audit(AuditAction.CasesResealed, null);
        }

        return Dalel.Core.Done.Value;
    });
}
