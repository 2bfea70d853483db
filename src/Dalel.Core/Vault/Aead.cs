using System.Security.Cryptography;

namespace Dalel.Core.Vault;

/// <summary>
/// AES-256-GCM with a random 96-bit nonce per message. The associated data binds each ciphertext to
/// what it is (kind, organisation, record id), so a ciphertext moved to another row or organisation fails to open.
/// </summary>
internal static class Aead
{
    public const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), associatedData);
        return output;
    }

    /// <summary>Sealing many records with one key: the key schedule is made once per cipher, not once per record.</summary>
    public static byte[] Seal(AesGcm aes, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), associatedData);
        return output;
    }

    public static bool TryOpen(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associatedData, out byte[] plaintext)
    {
        using var aes = NewCipher(key);
        return TryOpen(aes, sealedBytes, associatedData, out plaintext);
    }

    /// <summary>Opening many records with one key: the key schedule is made once per cipher, not once per record.</summary>
    public static bool TryOpen(AesGcm aes, ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associatedData, out byte[] plaintext)
    {
        plaintext = [];
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            return false;
        }

        var length = sealedBytes.Length - NonceSize - TagSize;
        var output = new byte[length];
        try
        {
            aes.Decrypt(sealedBytes[..NonceSize], sealedBytes.Slice(NonceSize, length), sealedBytes[(NonceSize + length)..], output, associatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        plaintext = output;
        return true;
    }

    /// <summary>Opens into <paramref name="plaintext"/>, which must be <see cref="PlaintextLength"/> long: no allocation per record.</summary>
    public static bool TryOpen(AesGcm aes, ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        var length = sealedBytes.Length - NonceSize - TagSize;
        if (length < 0 || plaintext.Length != length)
        {
            return false;
        }

        try
        {
            aes.Decrypt(sealedBytes[..NonceSize], sealedBytes.Slice(NonceSize, length), sealedBytes[(NonceSize + length)..], plaintext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public static int PlaintextLength(int sealedLength) => Math.Max(0, sealedLength - NonceSize - TagSize);

    public static AesGcm NewCipher(ReadOnlySpan<byte> key) => new(key, TagSize);

    /// <summary>Opens data Dalel sealed itself; a failure means tampering or a bug, never user error.</summary>
    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associatedData) =>
        TryOpen(key, sealedBytes, associatedData, out var plaintext)
            ? plaintext
            : throw new CryptographicException("A sealed record failed authentication: the data directory was altered or is corrupt.");

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeySize);
}
