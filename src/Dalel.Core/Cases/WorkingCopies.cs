using System.Globalization;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using SkiaSharp;

namespace Dalel.Core.Cases;

/// <summary>A rectangle to black out, in pixels of the image it applies to.</summary>
public readonly record struct PixelBox(int X, int Y, int Width, int Height);

/// <summary>An evidence image opened and decoded for a working copy or a preview; only JPEG, PNG and WebP are.</summary>
internal sealed record DecodedImage(EvidenceContent Original, SKBitmap Bitmap, SKEncodedImageFormat Format) : IDisposable
{
    public void Dispose() => Bitmap.Dispose();
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

        SKEncodedImageFormat? format = original.Value.File.ContentType switch
        {
            "image/jpeg" => SKEncodedImageFormat.Jpeg,
            "image/png" => SKEncodedImageFormat.Png,
            "image/webp" => SKEncodedImageFormat.Webp,
            _ => null,
        };
        var bitmap = format is null ? null : SKBitmap.Decode(original.Value.Content);
        return bitmap is null ? Invalid.One("File", "error.working_copy_type") : new DecodedImage(original.Value, bitmap, format!.Value);
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var encoded = image.Encode(format, 92);
        return encoded.ToArray();
    }

    public static string Name(EvidenceFile original, string suffix) =>
        Path.GetFileNameWithoutExtension(original.FileName) + $" ({suffix})" + Path.GetExtension(original.FileName);
}

/// <summary>
/// A working copy of an image with its metadata removed (camera, time, GPS position in EXIF or PNG text), made by
/// decoding and re-encoding the pixels. The evidentiary original stays as uploaded, with its hash; the copy records
/// which original it came from, and the custody log records the step with both hashes.
/// </summary>
public sealed class MakeWorkingCopy(DalelInstance instance)
{
    public const string MetadataRemoved = "metadata_removed";

    public Result<Guid> Run(OrgScope scope, Guid caseId, Guid fileId)
    {
        var opened = WorkingImage.Open(instance, scope, caseId, fileId);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        using var image = opened.Value;
        return new AttachEvidence(instance).Run(scope, caseId, WorkingImage.Name(image.Original.File, "metadata removed"), image.Original.File.ContentType,
            WorkingImage.Encode(image.Bitmap, image.Format), fileId, MetadataRemoved, AuditAction.WorkingCopyMade);
    }
}

/// <summary>
/// A working copy with areas blacked out (faces, tattoos, name badges, street signs) before an image is shared or
/// published. Solid black, not blur or pixels, which can be undone; re-encoded, so without metadata too. The source
/// stays as it was; the copy names it, and the custody log records both hashes.
/// </summary>
public sealed class RedactWorkingCopy(DalelInstance instance)
{
    public const string Redacted = "redacted";
    public const int MaxBoxes = 200;

    /// <param name="cells">Squares of <see cref="RedactionGrid"/> ticked over the preview ("row-column"), besides the boxes.</param>
    public Result<Guid> Run(OrgScope scope, Guid caseId, Guid fileId, IReadOnlyList<PixelBox> boxes, IEnumerable<string>? cells = null)
    {
        if (!scope.Can(Capability.WriteCases))
        {
            return new Forbidden();
        }

        var opened = WorkingImage.Open(instance, scope, caseId, fileId);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        using var image = opened.Value;
        var bitmap = image.Bitmap;
        boxes = [.. RedactionGrid.Boxes(cells ?? [], bitmap.Width, bitmap.Height), .. boxes];
        var inside = boxes.Select(b => SKRectI.Intersect(new SKRectI(b.X, b.Y, b.X + b.Width, b.Y + b.Height), new SKRectI(0, 0, bitmap.Width, bitmap.Height)))
            .Where(HasArea).ToList();
        if (boxes.Count == 0 || boxes.Count > MaxBoxes || inside.Count == 0)
        {
            return Invalid.One("Boxes", "error.redaction_boxes", bitmap.Width.ToString(CultureInfo.InvariantCulture), bitmap.Height.ToString(CultureInfo.InvariantCulture));
        }

        using (var canvas = new SKCanvas(bitmap))
        using (var black = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Fill, IsAntialias = false })
        {
            foreach (var box in inside)
            {
                canvas.DrawRect(box, black);
            }
        }

        return new AttachEvidence(instance).Run(scope, caseId, WorkingImage.Name(image.Original.File, "redacted"), image.Original.File.ContentType,
            WorkingImage.Encode(bitmap, image.Format), fileId, Redacted, AuditAction.WorkingCopyMade);

        static bool HasArea(SKRectI r) => r.Width > 0 && r.Height > 0;
    }
}

/// <summary>A small JPEG of an evidence image, to choose what to black out on the page, with the full image's size.</summary>
public sealed record ImagePreview(byte[] Jpeg, int Width, int Height);

public sealed class PreviewImage(DalelInstance instance)
{
    public Result<ImagePreview> Run(OrgScope scope, Guid caseId, Guid fileId, int maxWidth = 720)
    {
        var opened = WorkingImage.Open(instance, scope, caseId, fileId);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        using var image = opened.Value;
        var scale = Math.Min(1.0, maxWidth / (double)image.Bitmap.Width);
        var size = new SKImageInfo(Math.Max(1, (int)(image.Bitmap.Width * scale)), Math.Max(1, (int)(image.Bitmap.Height * scale)));
        using var small = image.Bitmap.Resize(size, new SKSamplingOptions(SKFilterMode.Linear));
        return new ImagePreview(WorkingImage.Encode(small, SKEncodedImageFormat.Jpeg), image.Bitmap.Width, image.Bitmap.Height);
    }
}

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
