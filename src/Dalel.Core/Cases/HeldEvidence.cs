using System.Collections.Concurrent;
using System.Security.Cryptography;
using Dalel.Core.Audit;
using Dalel.Core.Members;

namespace Dalel.Core.Cases;

/// <summary>A file chosen on the case form before the case is saved, as the form lists it.</summary>
public sealed record HeldFile(Guid Id, string FileName, long Size);

/// <summary>
/// Evidence chosen while a case is being recorded: held in server memory only (never on disk), for the member and
/// organisation that chose it, until the case is saved (then attached like any evidence), the hour passes, or Dalel
/// seals. A form sent back with a problem keeps its files this way, since a browser cannot refill a file input.
/// </summary>
public sealed class HeldEvidence
{
    /// <summary>Files one member may hold at once in one organisation; the oldest goes first.</summary>
    public const int MaxPerMember = 10;

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private sealed record Entry(HeldFile File, OrgScope Owner, string ContentType, byte[] Content, DateTimeOffset Expires);

    private readonly ConcurrentDictionary<Guid, Entry> _held = new();

    /// <summary>Those of <paramref name="ids"/> still held for this member in this organisation.</summary>
    public IReadOnlyList<HeldFile> Of(IEnumerable<Guid> ids, OrgScope scope, DateTimeOffset now) =>
        ids.Distinct().Select(id => Find(id, scope, now)).OfType<Entry>().Select(e => e.File).ToList();

    internal HeldFile Add(OrgScope owner, string fileName, string contentType, byte[] content, DateTimeOffset now)
    {
        Expire(now);
        foreach (var oldest in _held.Values.Where(e => Same(e.Owner, owner)).OrderBy(e => e.Expires).Skip(MaxPerMember - 1))
        {
            Remove(oldest.File.Id);
        }

        var file = new HeldFile(Guid.NewGuid(), fileName, content.Length);
        _held[file.Id] = new Entry(file, owner, contentType, content, now + Lifetime);
        return file;
    }

    internal (HeldFile File, string ContentType, byte[] Content)? Take(Guid id, OrgScope scope, DateTimeOffset now) =>
        Find(id, scope, now) is { } entry && _held.TryRemove(id, out _) ? (entry.File, entry.ContentType, entry.Content) : null;

    public void Clear()
    {
        foreach (var id in _held.Keys)
        {
            Remove(id);
        }
    }

    private Entry? Find(Guid id, OrgScope scope, DateTimeOffset now)
    {
        Expire(now);
        return _held.TryGetValue(id, out var entry) && Same(entry.Owner, scope) ? entry : null;
    }

    private void Remove(Guid id)
    {
        if (_held.TryRemove(id, out var entry))
        {
            CryptographicOperations.ZeroMemory(entry.Content);
        }
    }

    private void Expire(DateTimeOffset now)
    {
        foreach (var old in _held.Values.Where(e => e.Expires <= now))
        {
            Remove(old.File.Id);
        }
    }

    private static bool Same(OrgScope a, OrgScope b) => a.OrganisationId == b.OrganisationId && a.Actor == b.Actor;
}

/// <summary>Holds a file chosen on the case form, after the checks attaching it will make, so saving cannot fail on it.</summary>
public sealed class HoldEvidence(DalelInstance instance)
{
    public Result<HeldFile> Run(OrgScope scope, string fileName, string contentType, byte[] content)
    {
        if (!scope.Can(Capability.WriteCases))
        {
            return new Forbidden();
        }

        if (instance.Vault.IsSealed)
        {
            return new VaultSealed();
        }

        if (AttachEvidence.Problem(instance, fileName, contentType, content) is { } problem)
        {
            return problem;
        }

        return instance.HeldEvidence.Add(scope, AttachEvidence.CleanName(fileName), contentType, content, instance.Clock.GetUtcNow());
    }
}

/// <summary>Attaches the files held for a case just saved (each audited as any attachment); returns how many.</summary>
public sealed class AttachHeldEvidence(DalelInstance instance)
{
    public Result<int> Run(OrgScope scope, Guid caseId, IEnumerable<Guid> held)
    {
        var attached = 0;
        foreach (var id in held.Distinct())
        {
            if (instance.HeldEvidence.Take(id, scope, instance.Clock.GetUtcNow()) is not var (file, contentType, content))
            {
                continue;
            }

            var result = new AttachEvidence(instance).Run(scope, caseId, file.FileName, contentType, content, derivedFrom: null, derivation: null, AuditAction.FileAttached);
            CryptographicOperations.ZeroMemory(content);
            if (!result.IsOk)
            {
                return result.Error!;
            }

            attached++;
        }

        return attached;
    }
}
