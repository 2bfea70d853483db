using Dalel.Core.Audit;
using Dalel.Core.Members;

namespace Dalel.Core.Cases;

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
