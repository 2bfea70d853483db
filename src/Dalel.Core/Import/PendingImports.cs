using System.Collections.Concurrent;
using System.Security.Cryptography;
using Dalel.Core.Members;

namespace Dalel.Core.Import;

/// <summary>
/// A sheet uploaded on the web and the mapping being chosen for it, between the steps of the import. It stays in
/// server memory only (an upload is never written to disk), belongs to the member and organisation that uploaded it,
/// and is forgotten after an hour, at sealing, or once imported or cancelled.
/// </summary>
public sealed class PendingImport
{
    internal PendingImport(Guid id, OrgScope owner, string fileName, byte[] content, DateTimeOffset expires)
    {
        Id = id;
        Owner = owner;
        FileName = fileName;
        Content = content;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        Expires = expires;
    }

    public Guid Id { get; }

    internal OrgScope Owner { get; }

    public string FileName { get; }

    internal byte[] Content { get; }

    public string Sha256 { get; }

    internal DateTimeOffset Expires { get; }

    /// <summary>The mapping chosen so far (columns first, then values).</summary>
    public ImportMapping Mapping { get; set; } = new();

    /// <summary>The profile the mapping came from, recorded with the batch.</summary>
    public string? Profile { get; set; }

    /// <summary>The distinct values shown in the value step, per field, in the order of the form's inputs.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ShownValues { get; set; } = new Dictionary<string, IReadOnlyList<string>>();

    public Sheet Sheet => Import.Sheet.Open(Content).Value;
}

public sealed class PendingImports
{
    /// <summary>Uploads kept at once across the instance; the oldest goes first (each may be up to the upload limit).</summary>
    public const int MaxPending = 20;

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<Guid, PendingImport> _pending = new();

    internal PendingImport Add(OrgScope owner, string fileName, byte[] content, DateTimeOffset now)
    {
        Expire(now);
        // One upload per member and organisation: a new one replaces the earlier.
        foreach (var earlier in _pending.Values.Where(p => Same(p.Owner, owner)))
        {
            Remove(earlier.Id);
        }

        foreach (var oldest in _pending.Values.OrderBy(p => p.Expires).Take(Math.Max(0, _pending.Count - MaxPending + 1)))
        {
            Remove(oldest.Id);
        }

        var pending = new PendingImport(Guid.NewGuid(), owner, fileName, content, now + Lifetime);
        _pending[pending.Id] = pending;
        return pending;
    }

    /// <summary>The upload, if it exists, has not expired and is this member's in this organisation.</summary>
    internal PendingImport? Find(Guid id, OrgScope scope, DateTimeOffset now)
    {
        Expire(now);
        return _pending.TryGetValue(id, out var pending) && Same(pending.Owner, scope) ? pending : null;
    }

    internal void Remove(Guid id)
    {
        if (_pending.TryRemove(id, out var removed))
        {
            CryptographicOperations.ZeroMemory(removed.Content);
        }
    }

    /// <summary>At sealing: every upload is dropped and its bytes overwritten.</summary>
    public void Clear()
    {
        foreach (var id in _pending.Keys)
        {
            Remove(id);
        }
    }

    private void Expire(DateTimeOffset now)
    {
        foreach (var old in _pending.Values.Where(p => p.Expires <= now))
        {
            Remove(old.Id);
        }
    }

    private static bool Same(OrgScope a, OrgScope b) => a.OrganisationId == b.OrganisationId && a.Actor == b.Actor;
}

/// <summary>Keeps an uploaded sheet for the import's steps, after checking that it can be read.</summary>
public sealed class StartSheetImport(DalelInstance instance)
{
    public Result<PendingImport> Run(OrgScope scope, string fileName, byte[] content)
    {
        var opened = instance.Enter(scope, Capability.WriteCases);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var sheet = Sheet.Open(content);
        if (!sheet.IsOk)
        {
            return sheet.Error!;
        }

        var states = new Organisations.ListOrganisations(instance).CountriesOf(scope.OrganisationId);
        var pending = instance.PendingImports.Add(scope, Path.GetFileName(fileName), content, instance.Clock.GetUtcNow());
        pending.Mapping = new ImportMapping
        {
            Columns = SuggestMapping.Columns(sheet.Value.Header).Where(c => c.Field is not null).Select(c => new MappedColumn(c.Column, c.Field!)).ToList(),
            RowPerVictim = SuggestMapping.IsLayout(sheet.Value.Header),
            // Regions are read in the organisation's first State; a region of another of its States still names that State.
            Country = states[0],
            AlsoCountries = states,
        };
        return pending;
    }
}

/// <summary>The member's own pending upload, or NotFound (expired, sealed meanwhile, or someone else's).</summary>
public sealed class FindPendingImport(DalelInstance instance)
{
    public Result<PendingImport> Run(OrgScope scope, Guid id)
    {
        var opened = instance.Enter(scope, Capability.WriteCases);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        return instance.PendingImports.Find(id, scope, instance.Clock.GetUtcNow()) is { } found ? found : new NotFound();
    }

    public void Forget(OrgScope scope, Guid id)
    {
        if (instance.PendingImports.Find(id, scope, instance.Clock.GetUtcNow()) is not null)
        {
            instance.PendingImports.Remove(id);
        }
    }
}
