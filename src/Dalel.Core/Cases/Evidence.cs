using System.Security.Cryptography;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Cases;

public sealed record EvidenceContent(EvidenceFile File, byte[] Content);

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

        if (content.Length == 0)
        {
            return Invalid.One("File", "error.file_empty");
        }

        if (content.Length > instance.Options.MaxFileBytes)
        {
            return Invalid.One("File", "error.file_too_large", (instance.Options.MaxFileBytes / (1024 * 1024)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var file = new EvidenceFile
        {
            Id = Guid.NewGuid(),
            FileName = Path.GetFileName(fileName.Trim()) is { Length: > 0 } name ? name[..Math.Min(name.Length, 255)] : "file",
            ContentType = string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType,
            Size = content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            UploadedAt = instance.Clock.GetUtcNow(),
            DerivedFrom = derivedFrom,
            Derivation = derivation,
        };
        var record = stored.Record with { Files = [.. stored.Record.Files, file], UpdatedAt = file.UploadedAt };
        var saved = open.Change(action, file.Id.ToString("D"), (c, t) =>
        {
            if (!CaseWrites.Replace(c, t, open.Keys, record, stored.Identities, stored.Version))
            {
                return false;
            }

            EvidenceFiles.Insert(c, t, open, caseId, file.Id, content);
            return true;
        });
        return saved ? file.Id : new EditConflict();
    }
}

public sealed class OpenEvidence(DalelInstance instance)
{
    public Result<EvidenceContent> Run(OrgScope scope, Guid caseId, Guid fileId)
    {
        var opened = instance.Enter(scope, Capability.ReadIdentities);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var file = open.Case(caseId)?.Record.Files.FirstOrDefault(f => f.Id == fileId);
        if (file is null)
        {
            return new NotFound();
        }

        var sealedContent = open.Read(c => c.Query(null,
            "SELECT content FROM evidence_files WHERE id = @id AND org_id = @org AND case_id = @case",
            r => r.GetBytes("content")!, ("id", fileId), ("org", scope.OrganisationId), ("case", caseId)).SingleOrDefault());
        if (sealedContent is null)
        {
            return new NotFound();
        }

        var content = Aead.Open(open.Keys.DataKey(scope.OrganisationId), sealedContent, CaseSealing.FileAad(scope.OrganisationId, caseId, fileId));
        open.Audit(AuditAction.FileDownloaded, fileId.ToString("D"));
        return new EvidenceContent(file, content);
    }
}

/// <summary>
/// The one way an evidence file's bytes are stored: sealed under the organisation's data key in their own row, bound to
/// the organisation, case and file by the associated data. Used by documenters' uploads, intake conversion and import.
/// </summary>
internal static class EvidenceFiles
{
    public static void Insert(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t, Door.Unsealed open, Guid caseId, Guid fileId, byte[] content) =>
        Insert(c, t, open.Keys, open.Organisation, caseId, fileId, content);

    public static void Insert(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t, KeyRing keys, Guid organisation, Guid caseId, Guid fileId, byte[] content)
    {
        var sealedContent = Aead.Seal(keys.DataKey(organisation), content, CaseSealing.FileAad(organisation, caseId, fileId));
        c.Execute(t, "INSERT INTO evidence_files (id, org_id, case_id, content) VALUES (@id, @org, @case, @content)",
            ("id", fileId), ("org", organisation), ("case", caseId), ("content", sealedContent));
    }
}
