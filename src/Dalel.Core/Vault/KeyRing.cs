using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Dalel.Core.Vault;

/// <summary>
/// The keys of an unsealed instance. Master key (wrapped by the passphrase key) → directory key (organisation
/// names, member profiles) and one data key per organisation (wrapped by the master key) → identity key.
/// Dispose wipes every key byte.
/// </summary>
internal sealed class KeyRing : IDisposable
{
    private readonly byte[] _master;
    private readonly ConcurrentDictionary<Guid, OrgKeys> _orgs = new();
    // One cipher per key and thread: a shared pool made the unsealing threads queue on its lock.
    private readonly ThreadLocal<Dictionary<byte[], AesGcm>> _ciphers = new(() => new(ReferenceEqualityComparer.Instance), trackAllValues: true);

    private int _disposed;

    public KeyRing(byte[] master)
    {
        _master = master;
        DirectoryKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, Aead.KeySize, info: Encoding.ASCII.GetBytes("dalel/directory/v1"));
    }

    public byte[] DirectoryKey { get; }

    public static byte[] MasterAad => "dalel/master/v1"u8.ToArray();

    public static byte[] OrgKeyAad(Guid org) => Encoding.ASCII.GetBytes($"dalel/org-key/v1/{org:N}");

    public byte[] WrapOrgKey(Guid org, byte[] dataKey) => Aead.Seal(_master, dataKey, OrgKeyAad(org));

    private static byte[] AuditKeyAad => "dalel/audit-key/v1"u8.ToArray();

    /// <summary>The audit record key, wrapped under the master key; rotation re-wraps the same key (see <see cref="Audit.AuditRecords"/>).</summary>
    public byte[] WrapAuditKey(byte[] auditKey) => Aead.Seal(_master, auditKey, AuditKeyAad);

    public byte[] UnwrapAuditKey(byte[] wrapped) => Aead.Open(_master, wrapped, AuditKeyAad);

    public byte[] WrapMaster(byte[] passphraseKey) => Aead.Seal(passphraseKey, _master, MasterAad);

    /// <summary>A copy of the master key, for splitting it among key holders; the caller wipes it.</summary>
    public byte[] CopyMaster() => (byte[])_master.Clone();

    public void AddOrg(Guid org, byte[] wrappedDataKey)
    {
        if (_orgs.ContainsKey(org))
        {
            return;
        }

        var dataKey = Aead.Open(_master, wrappedDataKey, OrgKeyAad(org));
        var identity = HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, Aead.KeySize, info: Encoding.ASCII.GetBytes("dalel/identity/v1"));
        if (!_orgs.TryAdd(org, new OrgKeys(dataKey, identity)))
        {
            CryptographicOperations.ZeroMemory(dataKey);
            CryptographicOperations.ZeroMemory(identity);
        }
    }

    /// <summary>
    /// Opens a record sealed with one of this ring's keys, reusing ciphers: unsealing a million cases would otherwise
    /// spend a third of its decryption time expanding the same key. The ciphers die with the ring.
    /// </summary>
    public byte[] Open(byte[] key, ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associatedData) =>
        Aead.TryOpen(Cipher(key), sealedBytes, associatedData, out var plaintext)
            ? plaintext
            : throw new CryptographicException("A sealed record failed authentication: the data directory was altered or is corrupt.");

    /// <summary>Opens into <paramref name="plaintext"/> (<see cref="Aead.PlaintextLength"/> long), for callers that parse and drop it.</summary>
    public void Open(byte[] key, ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        if (!Aead.TryOpen(Cipher(key), sealedBytes, associatedData, plaintext))
        {
            throw new CryptographicException("A sealed record failed authentication: the data directory was altered or is corrupt.");
        }
    }

    private AesGcm Cipher(byte[] key)
    {
        var ciphers = _ciphers.Value!;
        if (!ciphers.TryGetValue(key, out var aes))
        {
            ciphers[key] = aes = Aead.NewCipher(key);
        }

        return aes;
    }

    public bool HasOrg(Guid org) => _orgs.ContainsKey(org);

    public byte[] DataKey(Guid org) => Keys(org).Data;

    public byte[] IdentityKey(Guid org) => Keys(org).Identity;

    private OrgKeys Keys(Guid org) =>
        _orgs.TryGetValue(org, out var keys) ? keys : throw new InvalidOperationException("No key for that organisation.");

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        CryptographicOperations.ZeroMemory(_master);
        CryptographicOperations.ZeroMemory(DirectoryKey);
        foreach (var keys in _orgs.Values)
        {
            CryptographicOperations.ZeroMemory(keys.Data);
            CryptographicOperations.ZeroMemory(keys.Identity);
        }

        _orgs.Clear();
        foreach (var ciphers in _ciphers.Values)
        {
            foreach (var aes in ciphers.Values)
            {
                aes.Dispose();
            }

            ciphers.Clear();
        }

        _ciphers.Dispose();
    }

    private sealed record OrgKeys(byte[] Data, byte[] Identity);
}
