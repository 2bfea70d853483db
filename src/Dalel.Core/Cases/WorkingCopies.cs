using System.Globalization;
using Dalel.Core.Members;
using SkiaSharp;

namespace Dalel.Core.Cases;

/// <summary>A rectangle to black out, in pixels of the image it applies to.</summary>
public readonly record struct PixelBox(int X, int Y, int Width, int Height);

/// <summary>An evidence image opened and decoded for a working copy or a preview; only JPEG, PNG and WebP are.</summary>
internal sealed record DecodedImage(EvidenceContent Original, SKBitmap Bitmap, SKEncodedImageFormat Format, SemaphoreSlim Job) : IDisposable
{
    public void Dispose()
    {
        Bitmap.Dispose();
        Job.Release();
    }
}

internal static class WorkingImage
{
    public static Result<DecodedImage> Open(DalelInstance instance, OrgScope scope, Guid caseId, Guid fileId)
    {
        var original = new OpenEvidence(instance).Run(scope, caseId, fileId);
        if (!original.IsOk)
        {
            return original.Error!;
        }

        // What the bytes are, not what the upload claimed.
        SKEncodedImageFormat? format = FileTypes.Sniff(original.Value.Content) switch
        {
            "image/jpeg" => SKEncodedImageFormat.Jpeg,
            "image/png" => SKEncodedImageFormat.Png,
            "image/webp" => SKEncodedImageFormat.Webp,
            _ => null,
        };
        if (format is null)
        {
            return Invalid.One("File", "error.working_copy_type");
        }

        // The header says how large the decoded image would be; a few hundred kilobytes can claim 30,000 × 30,000.
        using var data = SKData.CreateCopy(original.Value.Content);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return Invalid.One("File", "error.image_unreadable");
        }

        if ((long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            return Invalid.One("File", "error.image_too_many_pixels", (MaxPixels / 1_000_000).ToString(CultureInfo.InvariantCulture));
        }

        // One decode at a time per instance: each may take hundreds of megabytes.
        if (!instance.ImageJobs.Wait(TimeSpan.FromSeconds(5)))
        {
            return Invalid.One("File", "error.image_busy");
        }

        // Decoded whole or not at all: a cut-short file would otherwise come out half grey, as if it were the evidence.
        var bitmap = new SKBitmap(codec.Info.WithColorType(SKImageInfo.PlatformColorType).WithAlphaType(SKAlphaType.Premul));
        if (codec.GetPixels(bitmap.Info, bitmap.GetPixels()) != SKCodecResult.Success)
        {
            bitmap.Dispose();
            instance.ImageJobs.Release();
            return Invalid.One("File", "error.image_unreadable");
        }

        return new DecodedImage(original.Value, bitmap, format.Value, instance.ImageJobs);
    }

    /// <summary>50 megapixels: a phone photo is 12–50; decoded, this is 200 MB.</summary>
    public const long MaxPixels = 50_000_000;

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var encoded = image.Encode(format, 92);
        return encoded.ToArray();
    }

    public static string Name(EvidenceFile original, string suffix) =>
        Path.GetFileNameWithoutExtension(original.FileName) + $" ({suffix})" + Path.GetExtension(original.FileName);
}

/// <summary>A small JPEG of an evidence image, to choose what to black out on the page, with the full image's size.</summary>
public sealed record ImagePreview(byte[] Jpeg, int Width, int Height);

/// <summary>The page's grid: an image divided into <see cref="Size"/> × <see cref="Size"/> cells a documenter ticks without script.</summary>
public static class RedactionGrid
{
    public const int Size = 12;

    /// <summary>Boxes for the ticked cells ("row-column", from 0) of an image of the given size; unknown cells are ignored.</summary>
    public static List<PixelBox> Boxes(IEnumerable<string> cells, int width, int height)
    {
        var boxes = new List<PixelBox>();
        foreach (var cell in cells)
        {
            var parts = cell.Split('-');
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var row) && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var column)
                && row < Size && column < Size)
            {
                int Edge(int i, int length) => (int)Math.Round(i * (double)length / Size);
                boxes.Add(new PixelBox(Edge(column, width), Edge(row, height), Edge(column + 1, width) - Edge(column, width), Edge(row + 1, height) - Edge(row, height)));
            }
        }

        return boxes;
    }

    /// <summary>Lines of "x, y, width, height" in pixels. Errors name the line.</summary>
    public static Result<List<PixelBox>> Parse(string? text)
    {
        var boxes = new List<PixelBox>();
        var lines = (text ?? "").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            var numbers = lines[i].Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries)
                .Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1).ToList();
            if (numbers.Count != 4 || numbers.Any(n => n < 0) || numbers[2] == 0 || numbers[3] == 0)
            {
                return Invalid.One("Boxes", "error.redaction_line", (i + 1).ToString(CultureInfo.InvariantCulture));
            }

            boxes.Add(new PixelBox(numbers[0], numbers[1], numbers[2], numbers[3]));
        }

        return boxes;
    }
}
