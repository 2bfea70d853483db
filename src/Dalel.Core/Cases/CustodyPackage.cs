using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Dalel.Core.Backup;
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
