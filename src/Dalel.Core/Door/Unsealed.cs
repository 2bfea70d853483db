using System.Data.Common;
using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Statistics;
using Dalel.Core.Vault;

namespace Dalel.Core.Door;

/// <summary>
/// What a use case holds after passing the door (<see cref="DalelInstance.Enter"/>): one organisation's decrypted
/// cases and its keys, the database to read, and one way to write — <see cref="Change"/>, which appends the audit entry
/// in the same transaction and brings the cases in memory up to date. Obtained only with the scope's capability
/// checked and the instance unsealed.
/// </summary>
internal sealed class Unsealed
{
    private readonly DalelInstance _instance;
    private readonly UnsealedMemory _memory;

    internal Unsealed(DalelInstance instance, KeyRing keys, UnsealedMemory memory, OrgScope scope)
    {
        _instance = instance;
        _memory = memory;
        _keys = keys;
        Scope = scope;
    }

    /// <summary>The whole ring; only this organisation's keys (and the named cross-organisation uses below) leave it.</summary>
    private readonly KeyRing _keys;

    public OrgScope Scope { get; }

    public Guid Organisation => Scope.OrganisationId;

    /// <summary>This organisation's data key: cases, evidence, submissions, the intake private key.</summary>
    public byte[] DataKey => _keys.DataKey(Organisation);

    /// <summary>This organisation's identity key: victims' names, contacts and document numbers.</summary>
    public byte[] IdentityKey => _keys.IdentityKey(Organisation);

    /// <summary>The key the whole instance shares: the coalition's register, organisation and member profiles.</summary>
    public byte[] DirectoryKey => _keys.DirectoryKey;

    public DateTimeOffset Now => _instance.Clock.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    public bool Can(Capability capability) => Scope.Can(capability);

    /// <summary>This organisation's cases; no other organisation's are reachable from here.</summary>
    public IEnumerable<StoredCase> Cases => _memory.Cases.In(Organisation);

    /// <summary>
    /// The organisation's cases with their victims' identities opened (one read for all that are not yet), for a search
    /// or an export that uses them; see <see cref="IdentityOpener"/>.
    /// </summary>
    public IEnumerable<StoredCase> CasesWithIdentities
    {
        get
        {
            _memory.Cases.OpenIdentities(Organisation);
            return Cases;
        }
    }

    public StoredCase? Case(Guid id) => _memory.Cases.Find(Organisation, id);

    /// <summary>
    /// The one read across organisations: cases of the given organisations (those that share with the coalition), for
    /// coalition statistics, whose callers publish counts only.
    /// </summary>
    public IEnumerable<StoredCase> SharedCases(IEnumerable<Guid> sharing) => sharing.SelectMany(_memory.Cases.In);

    /// <summary>Another organisation's case by id, for linkage overlaps (which count incidents, never show them).</summary>
    public StoredCase? SharedCase(Guid organisation, Guid id) => _memory.Cases.Find(organisation, id);

    /// <summary>
    /// Another organisation's data key, for linkage: each member's pseudonym map and decisions are sealed under its own
    /// key, and the overlap table needs them all (counts only leave).
    /// </summary>
    public byte[] DataKeyOf(Guid organisation)
    {
        if (!_keys.HasOrg(organisation))
        {
            Organisations.OrganisationKeys.LoadAll(_instance.Database, _keys);
        }

        return _keys.DataKey(organisation);
    }

    /// <summary>The index of coded facts over every organisation's cases, for counting (coalition statistics).</summary>
    public FactIndex.Snapshot Facts => _memory.Facts.Current(_memory.Cases, _keys);

    /// <summary>Record keys of the cell key method, for every organisation's units (published counts only leave).</summary>
    public RecordKeys RecordKeys() => new(_keys);

    public T Read<T>(Func<DbConnection, T> read) => _instance.Database.Read(read);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction; when it reports a change (true), the audit entry — who, this
    /// organisation, <paramref name="action"/>, <paramref name="record"/>, never content — is appended in the same
    /// transaction. The cases in memory catch up afterwards.
    /// </summary>
    public bool Change(string action, string? record, Func<DbConnection, DbTransaction, bool> work)
    {
        var changed = _instance.Database.Write((c, t) =>
        {
            if (!work(c, t))
            {
                return false;
            }

            Append(c, t, action, record);
            return true;
        });
        CatchUp();
        return changed;
    }

    /// <summary>As <see cref="Change"/>, returning what the work produced (null: nothing changed, nothing audited).</summary>
    public T? Change<T>(string action, string? record, Func<DbConnection, DbTransaction, T?> work)
        where T : class
    {
        var result = _instance.Database.Write((c, t) =>
        {
            var value = work(c, t);
            if (value is not null)
            {
                Append(c, t, action, record);
            }

            return value;
        });
        CatchUp();
        return result;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction for changes that audit more than one event or decide their
    /// outcome inside: the work appends each audit entry (ids only) with the given function, in the same transaction.
    /// The cases in memory catch up afterwards.
    /// </summary>
    public T Write<T>(Func<DbConnection, DbTransaction, Action<string, string?>, T> work)
    {
        var result = _instance.Database.Write((c, t) =>
            work(c, t, (action, record) => Append(c, t, action, record)));
        CatchUp();
        return result;
    }

    /// <summary>
    /// One transaction over several organisations, each entered through the door (an import of an export naming
    /// several): the work audits per organisation, and only for organisations among <paramref name="doors"/>.
    /// </summary>
    public static T WriteAcross<T>(IReadOnlyList<Unsealed> doors, Func<DbConnection, DbTransaction, Action<Guid, string, string?>, T> work)
    {
        var first = doors[0];
        var byOrganisation = doors.ToDictionary(d => d.Organisation);
        var result = first._instance.Database.Write((c, t) => work(c, t, (organisation, action, record) =>
        {
            var door = byOrganisation.TryGetValue(organisation, out var d) ? d : throw new InvalidOperationException("An organisation not entered through the door.");
            door.Append(c, t, action, record);
        }));
        foreach (var door in doors)
        {
            door.CatchUp();
        }

        return result;
    }

    /// <summary>This organisation's entries of the audit log (ids and event types), for custody records; sealed record ids opened.</summary>
    public IEnumerable<AuditEntry> AuditEntries()
    {
        var key = _instance.Database.Read(c => AuditRecords.KeyIfAny(c, _keys));
        return AuditLog.Read(_instance.Database).Where(e => e.OrgId == Organisation).Select(e => e with { RecordId = AuditRecords.Open(key, e.Seq, e.RecordId) }).ToList();
    }

    /// <summary>Audits a read that must leave a trace (identities revealed, a file downloaded): ids only.</summary>
    public void Audit(string action, string? record) =>
        _instance.Database.Write((c, t) =>
        {
            Append(c, t, action, record);
            return Done.Value;
        });

    /// <summary>One audit entry of this door; the record id of an entry that tells which case was looked into is sealed.</summary>
    private void Append(DbConnection c, DbTransaction t, string action, string? record) =>
        AuditLog.Append(c, t, _instance.Clock, Scope.Actor, action, Organisation, record, AuditRecords.IsSensitive(action) ? AuditRecords.Key(c, t, _keys) : null);

    /// <summary>Brings the cases in memory up to date with the database (after writes not made through <see cref="Change"/>).</summary>
    public void CatchUp() => _memory.Cases.CatchUp(_instance.Database, _keys);
}
