using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Dalel.Core.Vault;

namespace Dalel.Core.Backup;

/// <summary>
/// The backup format: "DALELBK1", the Argon2id cost and salt, then the database in 1 MiB chunks, each sealed with
/// AES-256-GCM under a key derived from the passphrase. Each chunk's associated data holds its number and whether it
/// is the last, so chunks cannot be reordered, dropped or the file cut short without detection.
/// </summary>
internal static class BackupFile
{
    private static readonly byte[] Magic = "DALELBK1"u8.ToArray();
    private const int ChunkSize = 1 << 20;

    public static void Write(Stream plaintext, Stream output, string passphrase, KdfParameters kdf)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var key = kdf.Derive(passphrase, salt);
        try
        {
            output.Write(Magic);
            Span<byte> header = stackalloc byte[12];
            BinaryPrimitives.WriteInt32LittleEndian(header, kdf.MemoryKib);
            BinaryPrimitives.WriteInt32LittleEndian(header[4..], kdf.Iterations);
            BinaryPrimitives.WriteInt32LittleEndian(header[8..], kdf.Parallelism);
            output.Write(header);
            output.Write(salt);

            var buffer = new byte[ChunkSize];
            var next = new byte[ChunkSize];
            var read = Fill(plaintext, buffer);
            Span<byte> length = stackalloc byte[4];
            for (long index = 0; ; index++)
            {
                var nextRead = read == ChunkSize ? Fill(plaintext, next) : 0;
                var last = nextRead == 0;
                var sealedChunk = Aead.Seal(key, buffer.AsSpan(0, read), Aad(index, last));
                BinaryPrimitives.WriteInt32LittleEndian(length, sealedChunk.Length);
                output.Write(length);
                output.Write(sealedChunk);
                if (last)
                {
                    break;
                }

                (buffer, next, read) = (next, buffer, nextRead);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Writes the database back out; false when the passphrase is wrong or the file was altered or cut.</summary>
    public static bool TryRead(Stream input, Stream plaintext, string passphrase)
    {
        Span<byte> magic = stackalloc byte[8];
        Span<byte> header = stackalloc byte[12];
        var salt = new byte[16];
        if (input.ReadAtLeast(magic, 8, throwOnEndOfStream: false) != 8 || !magic.SequenceEqual(Magic)
            || input.ReadAtLeast(header, 12, throwOnEndOfStream: false) != 12 || input.ReadAtLeast(salt, 16, throwOnEndOfStream: false) != 16)
        {
            return false;
        }

        var kdf = new KdfParameters(BinaryPrimitives.ReadInt32LittleEndian(header), BinaryPrimitives.ReadInt32LittleEndian(header[4..]), BinaryPrimitives.ReadInt32LittleEndian(header[8..]));
        if (kdf.MemoryKib is < 8 or > 4_194_304 || kdf.Iterations is < 1 or > 100 || kdf.Parallelism is < 1 or > 64)
        {
            return false;
        }

        var key = kdf.Derive(passphrase, salt);
        try
        {
            Span<byte> length = stackalloc byte[4];
            for (long index = 0; ; index++)
            {
                if (input.ReadAtLeast(length, 4, throwOnEndOfStream: false) != 4)
                {
                    return false; // cut short before the last chunk
                }

                var size = BinaryPrimitives.ReadInt32LittleEndian(length);
                if (size is < 28 or > ChunkSize + 28)
                {
                    return false;
                }

                var chunk = new byte[size];
                if (input.ReadAtLeast(chunk, size, throwOnEndOfStream: false) != size)
                {
                    return false;
                }

                // The sealer marked one chunk as last; try that reading only when it authenticates.
                if (Aead.TryOpen(key, chunk, Aad(index, last: false), out var part))
                {
                    plaintext.Write(part);
                    continue;
                }

                if (Aead.TryOpen(key, chunk, Aad(index, last: true), out var final))
                {
                    plaintext.Write(final);
                    return input.ReadByte() == -1; // nothing may follow the last chunk
                }

                return false;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] Aad(long index, bool last) => Encoding.ASCII.GetBytes($"dalel/backup/v1/{index}/{(last ? "last" : "more")}");

    private static int Fill(Stream stream, byte[] buffer) => stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
}
