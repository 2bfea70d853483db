using Dalel.Core.Cases;

namespace Dalel.Core.Vault;

/// <summary>
/// Sealed or unsealed. Unsealed, it holds the key ring and every organisation's decrypted cases in memory,
/// where listing, search and filtering run. Sealing drops both and wipes the key bytes.
/// </summary>
public sealed class Vault
{
    private readonly Lock _gate = new();
    private OpenVault? _open;

    public bool IsSealed => Volatile.Read(ref _open) is null;

    internal OpenVault? Open => Volatile.Read(ref _open);

    internal bool TryOpen(OpenVault open)
    {
        lock (_gate)
        {
            if (_open is not null)
            {
                open.Dispose();
                return false;
            }

            Volatile.Write(ref _open, open);
            return true;
        }
    }

    /// <summary>Drops keys and decrypted data. Managed strings cannot be overwritten; dropping every reference and collecting is what .NET allows.</summary>
    internal bool Wipe()
    {
        OpenVault? open;
        lock (_gate)
        {
            open = _open;
            Volatile.Write(ref _open, null);
        }

        if (open is null)
        {
            return false;
        }

        open.Dispose();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return true;
    }
}

internal sealed class OpenVault(KeyRing keys) : IDisposable
{
    public KeyRing Keys { get; } = keys;

    public CaseMemory Cases { get; } = new();

    public Statistics.FactIndex Facts { get; } = new();

    public void Dispose()
    {
        Facts.Clear();
        Cases.Clear();
        Keys.Dispose();
    }
}
