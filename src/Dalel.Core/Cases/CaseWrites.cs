using System.Data.Common;
using Dalel.Core.Storage;

namespace Dalel.Core.Cases;

/// <summary>Row writes for cases. Each takes the next change number so other nodes pick the change up.</summary>
internal static class CaseWrites
{
    public static void Insert(DbConnection c, DbTransaction t, Door.Unsealed door, CaseRecord record, IReadOnlyList<VictimIdentity> identities)
    {
        Own(door, record);
        var seq = Database.Next(c, t, "change");
        c.Execute(t, "INSERT INTO cases (id, org_id, seq, deleted, body, identities_sealed) VALUES (@id, @org, @seq, 0, @body, @ids)",
            ("id", record.Id), ("org", record.OrganisationId), ("seq", seq), ("body", CaseSealing.SealBody(door.DataKey, record)),
            ("ids", CaseSealing.SealIdentities(door.IdentityKey, record, identities)));
    }

    /// <summary>A case is written only through its own organisation's door.</summary>
    private static void Own(Door.Unsealed door, CaseRecord record)
    {
        if (record.OrganisationId != door.Organisation)
        {
            throw new InvalidOperationException("A case written through another organisation's door.");
        }
    }

    /// <summary>Replaces a case if it is still at <paramref name="expectedVersion"/> (null: whatever version). False when it moved on.</summary>
    public static bool Replace(DbConnection c, DbTransaction t, Door.Unsealed door, CaseRecord record, IReadOnlyList<VictimIdentity> identities, long? expectedVersion)
    {
        Own(door, record);
        var seq = Database.Next(c, t, "change");
        // Two constant statements rather than "@expected IS NULL OR ...": PostgreSQL cannot type a lone NULL parameter.
        return c.Execute(t,
            expectedVersion is null
                ? "UPDATE cases SET seq = @seq, body = @body, identities_sealed = @ids WHERE id = @id AND org_id = @org AND deleted = 0"
                : "UPDATE cases SET seq = @seq, body = @body, identities_sealed = @ids WHERE id = @id AND org_id = @org AND deleted = 0 AND seq = @expected",
            ("seq", seq), ("body", CaseSealing.SealBody(door.DataKey, record)), ("ids", CaseSealing.SealIdentities(door.IdentityKey, record, identities)),
            ("id", record.Id), ("org", record.OrganisationId), ("expected", expectedVersion)) == 1;
    }

    public static bool Delete(DbConnection c, DbTransaction t, Guid org, Guid id)
    {
        var seq = Database.Next(c, t, "change");
        c.Execute(t, "DELETE FROM evidence_files WHERE case_id = @id AND org_id = @org", ("id", id), ("org", org));
        return c.Execute(t, "UPDATE cases SET seq = @seq, deleted = 1, body = NULL, identities_sealed = NULL WHERE id = @id AND org_id = @org AND deleted = 0",
            ("seq", seq), ("id", id), ("org", org)) == 1;
    }
}
