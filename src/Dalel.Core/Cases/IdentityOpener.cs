using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Cases;

/// <summary>
/// Opens victims' identities when they are first needed rather than at unsealing: names and contacts stay sealed, in
/// memory as on disk, until someone who may read them asks (a case page, a search by name, an export with identities),
/// and a million cases unseal without a million more decryptions. Closed when the vault seals.
/// </summary>
internal sealed class IdentityOpener(Database database, KeyRing keys)
{
    private volatile bool _closed;

    public IReadOnlyList<VictimIdentity> Open(Guid org, Guid id)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        var sealedIdentities = database.Read(c =>
        {
            using var command = c.Command(null, "SELECT identities_sealed FROM cases WHERE id = @id AND org_id = @org", ("id", id.ToString("D")), ("org", org.ToString("D")));
            return command.ExecuteScalar() as byte[];
        });
        return CaseSealing.OpenIdentities(keys, org, id, sealedIdentities);
    }

    /// <summary>Every case of an organisation at once (one read), for a search or an export across them.</summary>
    public void OpenAll(Guid org, Func<Guid, StoredCase?> find)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        var rows = database.Read(c => c.Query(null, "SELECT id, seq, identities_sealed FROM cases WHERE org_id = @org AND deleted = 0",
            r => (Id: Guid.Parse(r.GetString(0)), Seq: r.GetInt64(1), Sealed: r.IsDBNull(2) ? null : (byte[])r.GetValue(2)), ("org", org.ToString("D"))));
        Parallel.ForEach(rows, row =>
        {
            if (find(row.Id) is { } stored && stored.Version == row.Seq && !stored.IdentitiesOpened)
            {
                stored.Opened(CaseSealing.OpenIdentities(keys, org, row.Id, row.Sealed));
            }
        });
    }

    public void Close() => _closed = true;
}
