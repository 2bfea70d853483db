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

    /// <summary>
    /// Many new cases at once (a sheet import): sealed on every core, their change numbers reserved in one statement,
    /// inserted through one prepared command. The same rows as <see cref="Insert"/> writes.
    /// </summary>
    public static void InsertMany(DbConnection c, DbTransaction t, Door.Unsealed door, IReadOnlyList<(CaseRecord Record, IReadOnlyList<VictimIdentity> Identities)> cases)
    {
        if (cases.Count == 0)
        {
            return;
        }

        foreach (var (record, _) in cases)
        {
            Own(door, record);
        }

        var dataKey = door.DataKey;
        var identityKey = door.IdentityKey;
        var sealedRows = new (byte[] Body, byte[] Identities)[cases.Count];
        Parallel.For(
            0,
            cases.Count,
            () => (Data: Vault.Aead.NewCipher(dataKey), Identity: Vault.Aead.NewCipher(identityKey)),
            (i, _, ciphers) =>
            {
                sealedRows[i] = (CaseSealing.SealBody(ciphers.Data, cases[i].Record), CaseSealing.SealIdentities(ciphers.Identity, cases[i].Record, cases[i].Identities));
                return ciphers;
            },
            ciphers =>
            {
                ciphers.Data.Dispose();
                ciphers.Identity.Dispose();
            });
        var last = c.Scalar<long>(t, "UPDATE counters SET value = value + @n WHERE name = 'change' RETURNING value", ("n", (long)cases.Count));
        using var insert = c.Command(t, "INSERT INTO cases (id, org_id, seq, deleted, body, identities_sealed) VALUES (@id, @org, @seq, 0, @body, @ids)",
            ("id", ""), ("org", door.Organisation), ("seq", 0L), ("body", Array.Empty<byte>()), ("ids", Array.Empty<byte>()));
        insert.Prepare();
        for (var i = 0; i < cases.Count; i++)
        {
            insert.Parameters["id"].Value = cases[i].Record.Id.ToString("D");
            insert.Parameters["seq"].Value = last - cases.Count + 1 + i;
            insert.Parameters["body"].Value = sealedRows[i].Body;
            insert.Parameters["ids"].Value = sealedRows[i].Identities;
            insert.ExecuteNonQuery();
        }
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
