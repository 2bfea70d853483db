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
        var opened = OpenCases.For(instance, scope, Capability.WriteCases);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var stored = open.Cases.Find(scope.OrganisationId, caseId);
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
        var sealedContent = Aead.Seal(open.Keys.DataKey(scope.OrganisationId), content, CaseSealing.FileAad(scope.OrganisationId, caseId, file.Id));
        var record = stored.Record with { Files = [.. stored.Record.Files, file], UpdatedAt = file.UploadedAt };
        var saved = instance.Database.Write((c, t) =>
        {
            if (!CaseWrites.Replace(c, t, open.Keys, record, stored.Identities, stored.Version))
            {
                return false;
            }

            c.Execute(t, "INSERT INTO evidence_files (id, org_id, case_id, content) VALUES (@id, @org, @case, @content)",
                ("id", file.Id), ("org", scope.OrganisationId), ("case", caseId), ("content", sealedContent));
            AuditLog.Append(c, t, instance.Clock, scope.Actor, action, scope.OrganisationId, file.Id.ToString("D"));
            return true;
        });
        open.Cases.CatchUp(instance.Database, open.Keys);
        return saved ? file.Id : new EditConflict();
    }
}

public sealed class OpenEvidence(DalelInstance instance)
{
    public Result<EvidenceContent> Run(OrgScope scope, Guid caseId, Guid fileId)
    {
        var opened = OpenCases.For(instance, scope, Capability.ReadIdentities);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var file = open.Cases.Find(scope.OrganisationId, caseId)?.Record.Files.FirstOrDefault(f => f.Id == fileId);
        if (file is null)
        {
            return new NotFound();
        }

        var sealedContent = instance.Database.Read(c => c.Query(null,
            "SELECT content FROM evidence_files WHERE id = @id AND org_id = @org AND case_id = @case",
            r => r.GetBytes("content")!, ("id", fileId), ("org", scope.OrganisationId), ("case", caseId)).SingleOrDefault());
        if (sealedContent is null)
        {
            return new NotFound();
        }

        var content = Aead.Open(open.Keys.DataKey(scope.OrganisationId), sealedContent, CaseSealing.FileAad(scope.OrganisationId, caseId, fileId));
        AuditLog.AppendAlone(instance.Database, instance.Clock, scope.Actor, AuditAction.FileDownloaded, scope.OrganisationId, fileId.ToString("D"));
        return new EvidenceContent(file, content);
    }
}
