using Dalel.Core.Audit;
using Dalel.Core.Members;
using SkiaSharp;

namespace Dalel.Core.Cases;

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
