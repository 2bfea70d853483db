namespace Dalel.Core.Vault;

/// <summary>
/// Sealed or unsealed. Unsealed, it holds the key ring; sealing wipes the key bytes and tells its owner, whose door
/// drops the decrypted cases made with them. The vault knows keys and nothing of what they open.
/// </summary>
public sealed class Vault
{
    private readonly Lock _gate = new();
    private readonly Action _sealed;
    private KeyRing? _keys;

    /// <param name="sealed">Called as the vault seals, after the keys are gone.</param>
    internal Vault(Action @sealed) => _sealed = @sealed;

    public bool IsSealed => Volatile.Read(ref _keys) is null;

    internal KeyRing? Keys => Volatile.Read(ref _keys);

    /// <summary>Raised once an unsealed vault has sealed (the keys and decrypted cases are already dropped).</summary>
    public event Action? Sealed;

    internal bool TryOpen(KeyRing keys)
    {
        lock (_gate)
        {
            if (_keys is not null)
            {
                keys.Dispose();
                return false;
            }

            Volatile.Write(ref _keys, keys);
            return true;
        }
    }

    /// <summary>
    /// Drops keys and decrypted data. The cases' decrypted bytes are overwritten (see <see cref="Cases.StoredCase"/>);
    /// strings read from them cannot be, so dropping every reference and collecting is what .NET allows for those.
    /// </summary>
    internal bool Wipe()
    {
        KeyRing? keys;
        lock (_gate)
        {
            keys = _keys;
            Volatile.Write(ref _keys, null);
        }

        if (keys is null)
        {
            return false;
        }

        _sealed();
        keys.Dispose();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        Sealed?.Invoke();
        return true;
    }
}
