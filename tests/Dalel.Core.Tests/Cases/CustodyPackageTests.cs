using System.IO.Compression;
using Dalel.Core.Backup;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Cases;

public sealed class CustodyPackageTests : IDisposable
{
    private const string PackagePassphrase = "for the prosecutor only";
    private readonly TestInstance _test = TestInstance.Create();

    private (Guid Case, byte[] Package) Export()
    {
        var id = new RecordCase(_test.Instance).Run(_test.OwnerOfA, SampleCases.Valid()).Value;
        var photo = new AttachEvidence(_test.Instance).Run(_test.OwnerOfA, id, "photo.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, .. "jpeg bytes"u8]).Value;
        new AttachEvidence(_test.Instance).Run(_test.OwnerOfA, id, "statement.pdf", "application/pdf", "pdf bytes"u8.ToArray());
        new OpenEvidence(_test.Instance).Run(_test.OwnerOfA, id, photo);
        using var output = new MemoryStream();
        Assert.True(new ExportCustodyPackage(_test.Instance).Run(_test.OwnerOfA, id, PackagePassphrase, output, KdfParameters.Fast).IsOk);
        return (id, output.ToArray());
    }

    [Fact]
    public void An_untouched_package_verifies_with_its_files_hashes_and_custody_log()
    {
        var (caseId, package) = Export();

        var check = VerifyCustodyPackage.Run(new MemoryStream(package), PackagePassphrase).Value;

        Assert.True(check.Intact);
        Assert.Equal(caseId, check.Manifest.Case);
        Assert.Equal(["photo.jpg", "statement.pdf"], check.Manifest.Files.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(2, check.Manifest.Custody.Count(e => e.Action == Dalel.Core.Audit.AuditAction.FileAttached));
        Assert.Single(check.Manifest.Custody, e => e.Action == Dalel.Core.Audit.AuditAction.FileDownloaded);
        Assert.DoesNotContain("jpeg bytes", System.Text.Encoding.UTF8.GetString(package), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_changed_inside_the_package_is_detected_and_named()
    {
        var (_, package) = Export();
        using var zip = new MemoryStream();
        Assert.True(BackupFile.TryRead(new MemoryStream(package), zip, PackagePassphrase));
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Update, leaveOpen: true))
        {
            var manifest = VerifyCustodyPackage.Run(new MemoryStream(package), PackagePassphrase).Value.Manifest;
            var photo = manifest.Files.Single(f => f.Name == "photo.jpg");
            archive.GetEntry($"files/{photo.Id:D}")!.Delete();
            using var entry = archive.CreateEntry($"files/{photo.Id:D}").Open();
            entry.Write("edited jpeg bytes"u8);
        }

        zip.Position = 0;
        using var tampered = new MemoryStream();
        BackupFile.Write(zip, tampered, PackagePassphrase, KdfParameters.Fast);

        var check = VerifyCustodyPackage.Run(new MemoryStream(tampered.ToArray()), PackagePassphrase).Value;

        Assert.False(check.Intact);
        Assert.Equal(["photo.jpg"], check.Changed);
    }

    [Fact]
    public void Only_owners_export_and_a_wrong_passphrase_opens_nothing()
    {
        var (caseId, package) = Export();
        Assert.IsType<Invalid>(VerifyCustodyPackage.Run(new MemoryStream(package), "wrong passphrase here").Error);
        Assert.IsType<Forbidden>(new ExportCustodyPackage(_test.Instance).Run(TestInstance.Scope(_test.OrgA, Role.Documenter), caseId, PackagePassphrase, new MemoryStream(), KdfParameters.Fast).Error);
        Assert.IsType<NotFound>(new ExportCustodyPackage(_test.Instance).Run(_test.OwnerOfB, caseId, PackagePassphrase, new MemoryStream(), KdfParameters.Fast).Error);
    }

    public void Dispose() => _test.Dispose();
}
