using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Threading.Channels;
using Dalel.Core.Organisations;
using Dalel.Core.Storage;
using Dalel.Core.Vault;
using Microsoft.Data.Sqlite;
using SQLitePCL;

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
    private readonly List<byte[]> _chunks = [];
    private readonly ConcurrentBag<CaseArena> _arenas = [];
    private long _seenUpTo;
    private long _generation;

    // Enumerated, not through .Values: that property takes every lock of the dictionary to copy it, and fifty
    // concurrent case lists queued on those locks.
    public IEnumerable<StoredCase> In(Guid org) =>
        _byOrg.TryGetValue(org, out var cases) ? cases.Select(c => c.Value) : [];

    public StoredCase? Find(Guid org, Guid id) =>
        _byOrg.TryGetValue(org, out var cases) && cases.TryGetValue(id, out var c) ? c : null;

    public int Count => _byOrg.Values.Sum(c => c.Count);

    /// <summary>Changes whenever a catch-up changed anything, so derived indexes know to rebuild.</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>Every organisation's cases, for indexes over the whole instance.</summary>
    public IEnumerable<(Guid Organisation, StoredCase Case)> All =>
        _byOrg.SelectMany(o => o.Value.Select(c => (o.Key, c.Value)));

    /// <summary>Rows decrypted at a time: large enough to keep both cores busy, small enough that the sealed bytes die young.</summary>
    private const int BatchSize = 8192;

    /// <summary>
    /// Reads what changed since the last read. Every entry through the door calls this, so the usual answer (nothing
    /// new) is one indexed look at the latest change number, without waiting for the lock; under fifty concurrent
    /// requests the earlier way (each taking the lock and starting a reader task) queued them behind one another.
    /// The unseal (with <paramref name="progress"/>) reads on one thread while the others decrypt; a catch-up after a
    /// write reads and decrypts on the calling thread, with no task to wait for.
    /// </summary>
    public void CatchUp(Database database, KeyRing keys, UnsealProgress? progress = null)
    {
        if (progress is null && database.Read(c => Sql.Scalar<long>(c, null, "SELECT MAX(seq) FROM cases")) <= Volatile.Read(ref _seenUpTo))
        {
            return;
        }

        lock (_catchUp)
        {
            var changed = progress is null ? CatchUpHere(database, keys) : CatchUpOverlapped(database, keys, progress);
            if (changed)
            {
                Interlocked.Increment(ref _generation);
            }
        }
    }

    private bool CatchUpHere(Database database, KeyRing keys)
    {
        var any = false;
        database.Read(c =>
        {
            void Apply(Batch batch)
            {
                try
                {
                    this.Apply(batch.Rows, database, keys);
                    any = true;
                }
                finally
                {
                    batch.Return();
                }
            }

            return c is SqliteConnection sqlite ? ReadRaw(sqlite, Apply, () => false) : Read(c, Apply, () => false);
        });
        return any;
    }

    private bool CatchUpOverlapped(Database database, KeyRing keys, UnsealProgress progress)
    {
        // Reading rows is one thread's work; decrypting uses every core. Overlapping the two hides the read behind the
        // decryption instead of adding it.
        var batches = Channel.CreateBounded<Batch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var applying = Task.Run(async () =>
        {
            var any = false;
            try
            {
                await foreach (var batch in batches.Reader.ReadAllAsync().ConfigureAwait(false))
                {
                    try
                    {
                        Apply(batch.Rows, database, keys);
                    }
                    finally
                    {
                        batch.Return();
                    }

                    progress.Add(batch.Rows.Count);
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
            database.Read(c => c is SqliteConnection sqlite
                ? ReadRaw(sqlite, b => Send(batches.Writer, b), () => applying.IsCompleted)
                : Read(c, b => Send(batches.Writer, b), () => applying.IsCompleted));
        }
        finally
        {
            batches.Writer.TryComplete();
        }

        return applying.GetAwaiter().GetResult();
    }

    // Identities are opened later (IdentityOpener): only whether a case has its sealed list is read here.
    private const string Changed = "SELECT id, org_id, seq, deleted, body, CASE WHEN identities_sealed IS NULL THEN 0 ELSE 1 END FROM cases WHERE seq > @s ORDER BY seq";

    private Done Read(DbConnection c, Action<Batch> send, Func<bool> stopped)
    {
        using var command = c.Command(null, Changed, ("s", _seenUpTo));
        using var reader = command.ExecuteReader();
        var batch = new Batch(null);
        while (reader.Read() && !stopped())
        {
            // By position: looking each column up by name cost a second per million rows.
            batch.Rows.Add(new Row(Guid.Parse(reader.GetString(0)), Guid.Parse(reader.GetString(1)), reader.GetInt64(2),
                Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture) != 0,
                Bytes(reader, 4), Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture) != 0));
            if (batch.Rows.Count == BatchSize)
            {
                send(batch);
                batch = new Batch(null);
            }
        }

        if (batch.Rows.Count > 0)
        {
            send(batch);
        }

        return Done.Value;
    }

    /// <summary>
    /// The embedded database read through SQLite's own interface: the rows' bytes are copied straight into one pooled
    /// buffer per batch instead of an array per column per row, which took two thirds of the reading time of a
    /// million cases and fed the collector a gigabyte of garbage. The buffer holds ciphertext only.
    /// </summary>
    private Done ReadRaw(SqliteConnection c, Action<Batch> send, Func<bool> stopped)
    {
        Check(c, raw.sqlite3_prepare_v2(c.Handle, Changed.Replace("@s", "?1", StringComparison.Ordinal), out var statement));
        using (statement)
        {
            Check(c, raw.sqlite3_bind_int64(statement, 1, _seenUpTo));
            // A few buffers go round (the channel holds two batches); they are dropped when reading ends, not pooled for
            // the life of the process.
            var buffers = new ConcurrentBag<byte[]>();
            byte[] Buffer() => buffers.TryTake(out var idle) ? idle : new byte[BatchBytes];
            var batch = new Batch(Buffer(), buffers.Add);
            int step;
            while ((step = raw.sqlite3_step(statement)) == raw.SQLITE_ROW && !stopped())
            {
                var body = raw.sqlite3_column_type(statement, 4) == raw.SQLITE_NULL ? null : (ReadOnlyMemory<byte>?)batch.Copy(raw.sqlite3_column_blob(statement, 4));
                batch.Rows.Add(new Row(Id(raw.sqlite3_column_blob(statement, 0)), Id(raw.sqlite3_column_blob(statement, 1)), raw.sqlite3_column_int64(statement, 2),
                    raw.sqlite3_column_int64(statement, 3) != 0, body, raw.sqlite3_column_int64(statement, 5) != 0));
                if (batch.Rows.Count == BatchSize || batch.Used > BatchBytes * 3 / 4)
                {
                    send(batch);
                    batch = new Batch(Buffer(), buffers.Add);
                }
            }

            if (step is not (raw.SQLITE_ROW or raw.SQLITE_DONE))
            {
                Check(c, step);
            }

            if (batch.Rows.Count > 0)
            {
                send(batch);
            }
            else
            {
                batch.Return();
            }
        }

        return Done.Value;
    }

    /// <summary>Null stays null (a byte array converts to an empty memory, not to none).</summary>
    private static ReadOnlyMemory<byte>? Bytes(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : new ReadOnlyMemory<byte>((byte[])reader.GetValue(column));

    private static Guid Id(ReadOnlySpan<byte> text) =>
        Utf8Parser.TryParse(text, out Guid id, out var read) && read == text.Length ? id : throw new InvalidDataException("A case row has no valid id.");

    private static void Check(SqliteConnection c, int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(c.Handle).utf8_to_string(), result);
        }
    }

    private static void Send(ChannelWriter<Batch> writer, Batch batch)
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

    private readonly record struct Row(Guid Id, Guid Org, long Seq, bool Deleted, ReadOnlyMemory<byte>? Body, bool HasIdentities);

    /// <summary>Rows read together, and the pooled buffer holding their bytes when read through SQLite's own interface.</summary>
    private sealed class Batch(byte[]? buffer, Action<byte[]>? done = null)
    {
        public List<Row> Rows { get; } = new(BatchSize);

        public int Used { get; private set; }

        public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> bytes)
        {
            if (buffer is null || Used + bytes.Length > buffer.Length)
            {
                // A row larger than what is left (a very long case): its own array.
                return bytes.ToArray();
            }

            bytes.CopyTo(buffer.AsSpan(Used));
            var copied = new ReadOnlyMemory<byte>(buffer, Used, bytes.Length);
            Used += bytes.Length;
            return copied;
        }

        public void Return()
        {
            if (buffer is not null)
            {
                done?.Invoke(buffer);
            }
        }
    }

    /// <summary>Bytes of rows read at a time through SQLite's own interface.</summary>
    private const int BatchBytes = 8 << 20;

    private void Apply(List<Row> rows, Database database, KeyRing keys)
    {
        if (rows.Any(r => !keys.HasOrg(r.Org)))
        {
            OrganisationKeys.LoadAll(database, keys);
        }

        var opened = new StoredCase?[rows.Count];
        try
        {
            // Loading many cases at once, their bytes go into large arrays (see CaseArena); one case after a write gets its own.
            // Arenas outlive the batch, so each thread keeps filling its chunk instead of starting one per batch.
            var bulk = rows.Count >= 256;
            var opener = Opener(database, keys);
            Parallel.For(0, rows.Count, () => bulk && _arenas.TryTake(out var idle) ? idle : new CaseArena(bulk, Keep), (i, _, arena) =>
            {
                var r = rows[i];
                opened[i] = r.Deleted || r.Body is not { } body
                    ? null
                    : new StoredCase(CaseSealing.OpenBody(keys, r.Org, r.Id, body.Span, arena), r.HasIdentities ? null : [], r.Seq, opener);
                return arena;
            }, arena =>
            {
                if (bulk)
                {
                    _arenas.Add(arena);
                }
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

        Volatile.Write(ref _seenUpTo, rows[^1].Seq);
    }

    private IdentityOpener? _opener;

    private IdentityOpener Opener(Database database, KeyRing keys) => _opener ??= new IdentityOpener(database, keys);

    /// <summary>Opens the identities of every case of <paramref name="org"/> not opened yet, in one read.</summary>
    public void OpenIdentities(Guid org)
    {
        if (_opener is { } opener && _byOrg.TryGetValue(org, out var cases) && cases.Values.Any(c => !c.IdentitiesOpened))
        {
            opener.OpenAll(org, id => cases.TryGetValue(id, out var c) ? c : null);
        }
    }

    private void Keep(byte[] chunk)
    {
        lock (_chunks)
        {
            _chunks.Add(chunk);
        }
    }

    /// <summary>Wipes every case's bytes (the plaintext of the records) before letting them go.</summary>
    public void Clear()
    {
        lock (_catchUp)
        {
            foreach (var cases in _byOrg.Values)
            {
                foreach (var stored in cases.Values)
                {
                    if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(stored.Body, out var bytes))
                    {
                        Array.Clear(bytes.Array!, bytes.Offset, bytes.Count);
                    }
                }
            }

            lock (_chunks)
            {
                foreach (var chunk in _chunks)
                {
                    Array.Clear(chunk);
                }

                _chunks.Clear();
            }

            _arenas.Clear();
            _opener?.Close();
            _opener = null;

            _byOrg.Clear();
            Volatile.Write(ref _seenUpTo, long.MaxValue);
        }
    }
}
