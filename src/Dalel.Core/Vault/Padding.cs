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
