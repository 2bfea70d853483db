using System.IO.Compression;
using System.Text.Json;
using Dalel.Core.Audit;
using Dalel.Core.Backup;
using Dalel.Core.Members;
using Dalel.Core.Vault;

namespace Dalel.Core.Cases;

/// <summary>
/// A case's evidence as a verifiable package (after the Berkeley Protocol's chain of custody): a manifest with each
/// file's SHA-256 taken at upload and the custody log (uploads and downloads, who and when, from the audit log), the
/// original files, all in one ZIP encrypted under a passphrase chosen for the recipient. Anyone holding that
/// passphrase can check with <see cref="VerifyCustodyPackage"/> that no file changed since it was documented.
/// </summary>
public sealed class ExportCustodyPackage(DalelInstance instance)
{
    public Result<CustodyManifest> Run(OrgScope scope, Guid caseId, string packagePassphrase, Stream output, KdfParameters? kdf = null)
    {
        if (!scope.Can(Capability.ExportCases))
        {
            return new Forbidden();
        }

        if (packagePassphrase.Length < 12)
        {
            return Invalid.One("passphrase", "error.passphrase_too_short", "12");
        }

        var opened = instance.Enter(scope, Capability.ReadIdentities);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        if (opened.Value.Case(caseId) is not { } stored)
        {
            return new NotFound();
        }

        var files = stored.Record.Files;
        var ids = files.Select(f => f.Id.ToString("D")).ToHashSet(StringComparer.Ordinal);
        var custody = opened.Value.AuditEntries()
            .Where(e => e.RecordId is { } r && ids.Contains(r) && e.Action is AuditAction.FileAttached or AuditAction.FileDownloaded or AuditAction.WorkingCopyMade)
            .Select(e => new CustodyEvent(e.At, e.Actor, e.Action, e.RecordId!))
            .ToList();
        var manifest = new CustodyManifest(caseId, instance.Clock.GetUtcNow(), scope.Actor,
            files.Select(f => new CustodyFile(f.Id, f.FileName, f.ContentType, f.Size, f.Sha256, f.UploadedAt, f.DerivedFrom, f.Derivation)).ToList(), custody);

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var entry = archive.CreateEntry("manifest.json").Open())
            {
                JsonSerializer.Serialize(entry, manifest, Json.Files);
            }

            foreach (var file in files)
            {
                var content = new OpenEvidence(instance).Run(scope, caseId, file.Id);
                if (!content.IsOk)
                {
                    return content.Error!;
                }

                using var entry = archive.CreateEntry($"files/{file.Id:D}").Open();
                entry.Write(content.Value.Content);
            }
        }

        zip.Position = 0;
        BackupFile.Write(zip, output, packagePassphrase, kdf ?? KdfParameters.Passphrase);
        opened.Value.Audit(AuditAction.CustodyExported, caseId.ToString("D"));
        return manifest;
    }
}
