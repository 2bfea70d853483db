using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Dalel.Core.Audit;
using Dalel.Core.Backup;
using Dalel.Core.Members;
using Dalel.Core.Vault;

namespace Dalel.Core.Cases;

public sealed record CustodyEvent(DateTimeOffset At, string Actor, string Action, string File);

public sealed record CustodyFile(Guid Id, string Name, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt, Guid? DerivedFrom = null, string? Derivation = null);

/// <summary>What a custody package says it holds: the files with their hashes at upload, and everything done with them.</summary>
public sealed record CustodyManifest(Guid Case, DateTimeOffset Exported, string ExportedBy, IReadOnlyList<CustodyFile> Files, IReadOnlyList<CustodyEvent> Custody);

/// <summary>What a check of a package found: files whose bytes no longer match the hash taken at upload, or that are missing.</summary>
public sealed record CustodyCheck(CustodyManifest Manifest, IReadOnlyList<string> Changed, IReadOnlyList<string> Missing)
{
    public bool Intact => Changed.Count == 0 && Missing.Count == 0;
}

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

public static class VerifyCustodyPackage
{
    public static Result<CustodyCheck> Run(Stream package, string passphrase)
    {
        using var zip = new MemoryStream();
        if (!BackupFile.TryRead(package, zip, passphrase))
        {
            return Invalid.One("file", "error.custody_unreadable");
        }

        zip.Position = 0;
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
            var manifestEntry = archive.GetEntry("manifest.json");
            if (manifestEntry is null)
            {
                return Invalid.One("file", "error.custody_unreadable");
            }

            CustodyManifest manifest;
            using (var stream = manifestEntry.Open())
            {
                manifest = JsonSerializer.Deserialize<CustodyManifest>(stream, Json.Files)!;
            }

            var changed = new List<string>();
            var missing = new List<string>();
            foreach (var file in manifest.Files)
            {
                var entry = archive.GetEntry($"files/{file.Id:D}");
                if (entry is null)
                {
                    missing.Add(file.Name);
                    continue;
                }

                using var content = entry.Open();
                if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(content)), file.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    changed.Add(file.Name);
                }
            }

            return new CustodyCheck(manifest, changed, missing);
        }
        catch (InvalidDataException)
        {
            return Invalid.One("file", "error.custody_unreadable");
        }
    }
}
