using System.Security.Cryptography;
using System.Text;
using Dalel.Core.Vault;

namespace Dalel.Core.Intake;

/// <summary>
/// The keys of public intake. Each organisation has a P-256 key pair: the public half is stored as it is, so reports
/// can be sealed to it while the instance is sealed; the private half is wrapped by the organisation's data key.
/// What a reporter sends is sealed to the public key (ECIES: an ephemeral key, ECDH, HKDF, AES-GCM) and nothing else.
/// Each report also has a random reply key, reachable two ways: sealed to the organisation's public key and under a
/// key derived from the reporter's receipt code; it opens the organisation's replies and when the reporter wrote.
/// </summary>
internal static class IntakeKeys
{
    public static (byte[] PublicKey, byte[] WrappedPrivateKey) NewPair(byte[] orgDataKey, Guid org)
    {
        using var pair = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var privateKey = pair.ExportPkcs8PrivateKey();
        try
        {
            return (pair.ExportSubjectPublicKeyInfo(), Aead.Seal(orgDataKey, privateKey, PrivateKeyAad(org)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>Seals <paramref name="secret"/> so that only the holder of the private key matching <paramref name="publicKey"/> opens it.</summary>
    public static byte[] SealTo(byte[] publicKey, ReadOnlySpan<byte> secret, byte[] associatedData)
    {
        using var recipient = ECDiffieHellman.Create();
        recipient.ImportSubjectPublicKeyInfo(publicKey, out _);
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var ephemeralPublic = ephemeral.ExportSubjectPublicKeyInfo();
        var key = SharedKey(ephemeral.DeriveRawSecretAgreement(recipient.PublicKey), ephemeralPublic, publicKey);
        try
        {
            var sealedSecret = Aead.Seal(key, secret, associatedData);
            var output = new byte[2 + ephemeralPublic.Length + sealedSecret.Length];
            output[0] = (byte)(ephemeralPublic.Length >> 8);
            output[1] = (byte)ephemeralPublic.Length;
            ephemeralPublic.CopyTo(output, 2);
            sealedSecret.CopyTo(output, 2 + ephemeralPublic.Length);
            return output;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public static byte[] OpenWith(byte[] wrappedPrivateKey, byte[] orgDataKey, Guid org, byte[] publicKey, byte[] sealedBytes, byte[] associatedData)
    {
        using var own = ImportPrivateKey(wrappedPrivateKey, orgDataKey, org);
        return Open(own, publicKey, sealedBytes, associatedData);
    }

    /// <summary>The organisation's private key, unwrapped once for the reports a request opens; the caller disposes it.</summary>
    public static ECDiffieHellman ImportPrivateKey(byte[] wrappedPrivateKey, byte[] orgDataKey, Guid org)
    {
        var privateKey = Aead.Open(orgDataKey, wrappedPrivateKey, PrivateKeyAad(org));
        var own = ECDiffieHellman.Create();
        try
        {
            own.ImportPkcs8PrivateKey(privateKey, out _);
            return own;
        }
        catch
        {
            own.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    public static byte[] Open(ECDiffieHellman own, byte[] publicKey, byte[] sealedBytes, byte[] associatedData)
    {
        var length = (sealedBytes[0] << 8) | sealedBytes[1];
        var ephemeralPublic = sealedBytes.AsSpan(2, length).ToArray();
        using var ephemeral = ECDiffieHellman.Create();
        ephemeral.ImportSubjectPublicKeyInfo(ephemeralPublic, out _);
        var key = SharedKey(own.DeriveRawSecretAgreement(ephemeral.PublicKey), ephemeralPublic, publicKey);
        try
        {
            return Aead.Open(key, sealedBytes.AsSpan(2 + length), associatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] SharedKey(byte[] agreement, byte[] ephemeralPublic, byte[] recipientPublic)
    {
        try
        {
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, agreement, Aead.KeySize, [.. ephemeralPublic, .. recipientPublic], "dalel/intake-ecies/v1"u8.ToArray());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(agreement);
        }
    }

    public static byte[] PrivateKeyAad(Guid org) => Encoding.ASCII.GetBytes($"dalel/intake-private-key/v1/{org:N}");

    public static byte[] ReportKeyAad(Guid report) => Encoding.ASCII.GetBytes($"dalel/intake-report-key/v1/{report:N}");

    public static byte[] FileAad(Guid report, long n, string part) => Encoding.ASCII.GetBytes($"dalel/intake-file/v1/{report:N}/{n}/{part}");

    public static byte[] MessageAad(Guid report, long n) => Encoding.ASCII.GetBytes($"dalel/intake-message/v1/{report:N}/{n}");

    public static byte[] NoteAad(Guid report, long n) => Encoding.ASCII.GetBytes($"dalel/intake-sent-note/v1/{report:N}/{n}");
}

/// <summary>
/// The code a reporter keeps to come back: 16 characters of Crockford's base32 (80 bits), shown in groups of four.
/// The database holds only a hash of it for lookup; the report key is sealed under a key derived from it separately.
/// 80 bits make guessing hopeless even for someone holding a copy of the database.
/// </summary>
public static class Receipt
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int Length = 16;

    public static string New()
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return Format(new string(chars));
    }

    public static string Format(string normalised) =>
        string.Join('-', Enumerable.Range(0, normalised.Length / 4).Select(i => normalised.Substring(i * 4, 4)));

    /// <summary>What the reporter typed, in canonical form: case, spaces and dashes ignored, I/L read as 1 and O as 0. Null if it cannot be a receipt.</summary>
    public static string? Normalise(string? typed)
    {
        if (typed is null)
        {
            return null;
        }

        var builder = new StringBuilder(Length);
        foreach (var ch in typed.ToUpperInvariant())
        {
            var c = ch switch
            {
                'I' or 'L' => '1',
                'O' => '0',
                _ => ch,
            };
            if (c is '-' or ' ')
            {
                continue;
            }

            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return null;
            }

            builder.Append(c);
        }

        return builder.Length == Length ? builder.ToString() : null;
    }

    internal static string Lookup(string normalised) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("dalel/intake-receipt-lookup/v1:" + normalised)));

    internal static byte[] Key(string normalised) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.ASCII.GetBytes(normalised), Aead.KeySize, info: "dalel/intake-receipt-key/v1"u8.ToArray());
}
