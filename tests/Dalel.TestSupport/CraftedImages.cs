using System.Buffers.Binary;
using SkiaSharp;

namespace Dalel.TestSupport;

/// <summary>
/// Real small images, and images whose headers lie about their size (decompression bombs): what the image tests and
/// the image benchmark feed to Dalel.
/// </summary>
public static class CraftedImages
{
    public static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.Gray);
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(format, 80).ToArray();
    }

    public static byte[] Png(int width, int height) => Encode(width, height, SKEncodedImageFormat.Png);

    /// <summary>A valid PNG whose header (with a correct checksum) claims the given size.</summary>
    public static byte[] PngClaiming(int width, int height)
    {
        var png = Png(8, 8);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    /// <summary>A valid JPEG whose frame header (SOF0) claims the given size.</summary>
    public static byte[] JpegClaiming(int width, int height)
    {
        var jpeg = Encode(8, 8, SKEncodedImageFormat.Jpeg);
        var sof = jpeg.AsSpan().IndexOf(new byte[] { 0xFF, 0xC0 });
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), (ushort)width);
        return jpeg;
    }

    /// <summary>A lossy WebP whose VP8 frame header claims the given size (14 bits each).</summary>
    public static byte[] WebpClaiming(int width, int height)
    {
        var webp = Encode(8, 8, SKEncodedImageFormat.Webp);
        var start = webp.AsSpan().IndexOf(new byte[] { 0x9D, 0x01, 0x2A });
        if (start < 0)
        {
            throw new InvalidOperationException("Skia wrote a WebP without a lossy VP8 frame.");
        }

        BinaryPrimitives.WriteUInt16LittleEndian(webp.AsSpan(start + 3), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(webp.AsSpan(start + 5), (ushort)height);
        return webp;
    }

    /// <summary>PNG's chunk checksum (CRC-32, ISO 3309).</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
