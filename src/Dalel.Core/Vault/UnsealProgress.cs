namespace Dalel.Core.Vault;

/// <summary>
/// How far the running unseal has got, for the page that waits for it: cases decrypted out of those stored. Counts only;
/// reset by each unseal.
/// </summary>
public sealed class UnsealProgress
{
    private long _total;
    private long _opened;

    public long Total => Interlocked.Read(ref _total);

    public long Opened => Interlocked.Read(ref _opened);

    internal void Start(long total)
    {
        Interlocked.Exchange(ref _opened, 0);
        Interlocked.Exchange(ref _total, total);
    }

    internal void Add(int cases) => Interlocked.Add(ref _opened, cases);
}
