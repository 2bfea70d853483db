namespace Dalel.Core.Cases;

/// <summary>
/// Where one unsealing thread puts the cases' bytes: large shared arrays when many cases load at once (they go to the
/// large object heap, which the collector neither copies nor promotes), an array per case otherwise. Not thread-safe:
/// one per thread.
/// </summary>
internal sealed class CaseArena(bool bulk, Action<byte[]> chunkMade)
{
    private const int ChunkSize = 1 << 20;
    private byte[]? _chunk;
    private int _used;

    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> bytes)
    {
        if (!bulk || bytes.Length > ChunkSize / 4)
        {
            return bytes.ToArray();
        }

        if (_chunk is null || _used + bytes.Length > _chunk.Length)
        {
            _chunk = new byte[ChunkSize];
            _used = 0;
            chunkMade(_chunk);
        }

        var at = _used;
        bytes.CopyTo(_chunk.AsSpan(at));
        _used += bytes.Length;
        return new ReadOnlyMemory<byte>(_chunk, at, bytes.Length);
    }
}
