using System.Security.Cryptography;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Vault;

namespace Dalel.Core.Cases;

/// <summary>
/// Attaches an evidence file: SHA-256 of the original bytes recorded at upload, content sealed under the
/// organisation's data key in its own row, metadata added to the (sealed) case.
/// </summary>
public sealed class AttachEvidence(DalelInstance instance)
{
    public Result<Guid> Run(OrgScope scope, Guid caseId, string fileName, string contentType, byte[] content) =>
        Run(scope, caseId, fileName, contentType, content, derivedFrom: null, derivation: null, AuditAction.FileAttached);

    internal Result<Guid> Run(OrgScope scope, Guid caseId, string fileName, string contentType, byte[] content, Guid? derivedFrom, string? derivation, string action)
    {
        var opened = instance.Enter(scope, Capability.WriteCases);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var stored = open.Case(caseId);
        if (stored is null)
        {
            return new NotFound();
        }

        if (Problem(instance, fileName, contentType, content) is { } problem)
        {
            return problem;
        }

        var file = new EvidenceFile
        {
            Id = Guid.NewGuid(),
            FileName = CleanName(fileName),
            ContentType = string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType,
            Size = content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            UploadedAt = instance.Clock.GetUtcNow(),
            DerivedFrom = derivedFrom,
            Derivation = derivation,
        };
        var was = stored.Record;
        var record = was with { Files = [.. was.Files, file], UpdatedAt = file.UploadedAt };
        var saved = open.Change(action, file.Id.ToString("D"), (c, t) =>
        {
            if (!CaseWrites.Replace(c, t, open, record, stored.Identities, stored.Version))
            {
                return false;
            }

            EvidenceFiles.Insert(c, t, open, caseId, file.Id, content);
            return true;
        });
        return saved ? file.Id : new EditConflict();
    }

    /// <summary>What attaching this file would refuse (empty, too large, not the image it claims to be), or null.</summary>
    internal static Invalid? Problem(DalelInstance instance, string fileName, string contentType, byte[] content)
    {
        if (content.Length == 0)
        {
            return Invalid.One("File", "error.file_empty");
        }

        if (content.Length > instance.Options.MaxFileBytes)
        {
            return Invalid.One("File", "error.file_too_large", (instance.Options.MaxFileBytes / (1024 * 1024)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return FileTypes.ClaimsAnImageItIsNot(contentType, content) ? Invalid.One("File", "error.file_not_the_image_it_claims", fileName) : null;
    }

    internal static string CleanName(string fileName) =>
        Path.GetFileName(fileName.Trim()) is { Length: > 0 } name ? name[..Math.Min(name.Length, 255)] : "file";
}
