using System.Buffers.Binary;

namespace Dalel.Core.Vault;

/// <summary>
/// Pads plaintext before sealing so a ciphertext's length tells only a size bucket, not the size: a police copy of a
/// photo can no longer be matched to a sealed file by its length, nor a short case told from a long one by its blob.
/// Padmé (Nikitin et al., "Reducing metadata leakage from encrypted files and communication with PURBs", 2019): at
/// most 12% overhead, and a length leaks O(log log n) bits; nothing is ever smaller than <see cref="Minimum"/>.
/// Layout: 4-byte big-endian length, the data, zeros.
/// </summary>
internal static class Padding
{
    public const int Minimum = 256;

    public static byte[] Pad(ReadOnlySpan<byte> data)
    {
        var output = new byte[Bucket(data.Length + 4)];
        BinaryPrimitives.WriteInt32BigEndian(output, data.Length);
        data.CopyTo(output.AsSpan(4));
        return output;
    }

    public static byte[] Unpad(ReadOnlySpan<byte> padded)
    {
        var length = BinaryPrimitives.ReadInt32BigEndian(padded);
        if (length < 0 || length > padded.Length - 4)
        {
            throw new System.Security.Cryptography.CryptographicException("A padded record states a length it does not have.");
        }

        return padded.Slice(4, length).ToArray();
    }

    /// <summary>
    /// For records whose own first byte is never 0 (JSON, the versioned binary case body): padded ones begin with a
    /// 0 (a length under 16 MiB), so records sealed before padding still open. Larger records stay as they are.
    /// </summary>
    public static byte[] PadRecord(byte[] record) => record.Length < (1 << 24) - 4 ? Pad(record) : record;

    /// <summary>The record inside, padded or not (see <see cref="PadRecord"/>).</summary>
    public static ReadOnlySpan<byte> Record(ReadOnlySpan<byte> plaintext)
    {
        if (plaintext.Length == 0 || plaintext[0] != 0)
        {
            return plaintext;
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(plaintext);
        return length <= plaintext.Length - 4
            ? plaintext.Slice(4, length)
            : throw new System.Security.Cryptography.CryptographicException("A padded record states a length it does not have.");
    }

    /// <summary>The padded size of <paramref name="length"/> bytes.</summary>
    public static int Bucket(int length)
    {
        if (length <= Minimum)
        {
            return Minimum;
        }

        var e = 31 - int.LeadingZeroCount(length);
        var s = 32 - int.LeadingZeroCount(e);
        var mask = (1 << (e - s)) - 1;
        return (length + mask) & ~mask;
    }
}
