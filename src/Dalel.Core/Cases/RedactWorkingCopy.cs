using System.Globalization;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using SkiaSharp;

namespace Dalel.Core.Cases;

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
