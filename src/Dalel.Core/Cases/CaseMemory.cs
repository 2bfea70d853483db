using System.Collections.Concurrent;
using System.Threading.Channels;
using Dalel.Core.Organisations;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Cases;

/// <summary>
/// Every organisation's decrypted cases, kept per organisation so no query can wander into another's.
/// Catching up reads only rows changed since the last read (by the global change counter), which is how a second
/// node on the same PostgreSQL sees cases written by the first.
/// </summary>
internal sealed class CaseMemory
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, StoredCase>> _byOrg = new();
    private readonly Lock _catchUp = new();
    private long _seenUpTo;
    private long _generation;

    public IEnumerable<StoredCase> In(Guid org) =>
        _byOrg.TryGetValue(org, out var cases) ? cases.Values : [];

    public StoredCase? Find(Guid org, Guid id) =>
        _byOrg.TryGetValue(org, out var cases) && cases.TryGetValue(id, out var c) ? c : null;

    public int Count => _byOrg.Values.Sum(c => c.Count);

    /// <summary>Changes whenever a catch-up changed anything, so derived indexes know to rebuild.</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>Every organisation's cases, for indexes over the whole instance.</summary>
    public IEnumerable<(Guid Organisation, CaseRecord Record)> All =>
        _byOrg.SelectMany(o => o.Value.Values.Select(c => (o.Key, c.Record)));

    /// <summary>Rows decrypted at a time: large enough to keep both cores busy, small enough that the sealed bytes die young.</summary>
    private const int Batch = 8192;

    public void CatchUp(Database database, KeyRing keys, UnsealProgress? progress = null)
    {
        lock (_catchUp)
        {
            // Reading rows is one thread's work; decrypting and parsing use every core. Overlapping the two hides the
            // read behind the parse instead of adding it.
            var batches = Channel.CreateBounded<List<Row>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
            var applying = Task.Run(async () =>
            {
                var any = false;
                try
                {
                    await foreach (var batch in batches.Reader.ReadAllAsync().ConfigureAwait(false))
                    {
                        Apply(batch, database, keys);
                        progress?.Add(batch.Count);
                        any = true;
                    }
                }
                catch (Exception e)
                {
                    // Frees the reader if it is waiting for room; the caller then sees this exception.
                    batches.Writer.TryComplete(e);
                    throw;
                }

                return any;
            });
            try
            {
                database.Read(c =>
                {
                    using var command = c.Command(null, "SELECT id, org_id, seq, deleted, body, identities_sealed FROM cases WHERE seq > @s ORDER BY seq", ("s", _seenUpTo));
                    using var reader = command.ExecuteReader();
                    var batch = new List<Row>(Batch);
                    while (reader.Read() && !applying.IsCompleted)
                    {
                        batch.Add(new Row(reader.GetGuid("id"), reader.GetGuid("org_id"), reader.GetLong("seq"), reader.GetLong("deleted") != 0, reader.GetBytes("body"), reader.GetBytes("identities_sealed")));
                        if (batch.Count == Batch)
                        {
                            Send(batches.Writer, batch);
                            batch = new List<Row>(Batch);
                        }
                    }

                    if (batch.Count > 0)
                    {
                        Send(batches.Writer, batch);
                    }

                    return Done.Value;
                });
            }
            finally
            {
                batches.Writer.TryComplete();
            }

            var changed = applying.GetAwaiter().GetResult();
            if (changed)
            {
                Interlocked.Increment(ref _generation);
            }
        }
    }

    private static void Send(ChannelWriter<List<Row>> writer, List<Row> batch)
    {
        try
        {
            var pending = writer.WriteAsync(batch);
            if (!pending.IsCompletedSuccessfully)
            {
                pending.AsTask().GetAwaiter().GetResult();
            }
        }
        catch (ChannelClosedException)
        {
            // The consumer stopped because it threw; its exception is the one the caller must see.
        }
    }

    private sealed record Row(Guid Id, Guid Org, long Seq, bool Deleted, byte[]? Body, byte[]? Identities);

    private void Apply(List<Row> rows, Database database, KeyRing keys)
    {
        if (rows.Any(r => !keys.HasOrg(r.Org)))
        {
            OrganisationKeys.LoadAll(database, keys);
        }

        var opened = new StoredCase?[rows.Count];
        try
        {
            Parallel.For(0, rows.Count, i =>
            {
                var r = rows[i];
                opened[i] = r.Deleted || r.Body is null
                    ? null
                    : StoredCase.Create(CaseSealing.OpenBody(keys, r.Org, r.Id, r.Body), CaseSealing.OpenIdentities(keys, r.Org, r.Id, r.Identities), r.Seq);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is System.Security.Cryptography.CryptographicException))
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var cases = _byOrg.GetOrAdd(rows[i].Org, _ => new ConcurrentDictionary<Guid, StoredCase>());
            if (opened[i] is { } stored)
            {
                cases[rows[i].Id] = stored;
            }
            else
            {
                cases.TryRemove(rows[i].Id, out _);
            }
        }

        _seenUpTo = rows[^1].Seq;
    }

    public void Clear()
    {
        lock (_catchUp)
        {
            _byOrg.Clear();
            _seenUpTo = long.MaxValue;
        }
    }
}
