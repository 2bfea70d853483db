using System.Buffers.Binary;
using System.Text;
using Dalel.Core.Cases;
using Dalel.Core.Tests.Support;
using SkiaSharp;

namespace Dalel.Core.Tests.Cases;

public sealed class WorkingCopyTests : IDisposable
{
    private readonly TestInstance _test = TestInstance.Create();

    /// <summary>A small PNG carrying a text chunk, as phones and editors leave location and device notes in images.</summary>
    private static byte[] PngWithText(string text)
    {
        using var bitmap = new SKBitmap(8, 8);
        bitmap.Erase(SKColors.Coral);
        using var image = SKImage.FromBitmap(bitmap);
        var png = image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
        var data = Encoding.ASCII.GetBytes("Comment\0" + text);
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes("tEXt").CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), CraftedImages.Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return [.. png[..33], .. chunk, .. png[33..]]; // after the signature and the IHDR chunk
    }

    [Fact]
    public void A_working_copy_drops_the_metadata_and_the_original_stays_as_uploaded()
    {
        var caseId = new RecordCase(_test.Instance).Run(_test.OwnerOfA, SampleCases.Valid()).Value;
        var original = PngWithText("GPS 43.2389N 76.8897E");
        var originalId = new AttachEvidence(_test.Instance).Run(_test.OwnerOfA, caseId, "raid.png", "image/png", original).Value;

        var copyId = new MakeWorkingCopy(_test.Instance).Run(_test.OwnerOfA, caseId, originalId).Value;

        var copy = new OpenEvidence(_test.Instance).Run(_test.OwnerOfA, caseId, copyId).Value;
        Assert.DoesNotContain("GPS", Encoding.ASCII.GetString(copy.Content), StringComparison.Ordinal);
        Assert.Equal((originalId, MakeWorkingCopy.MetadataRemoved), (copy.File.DerivedFrom!.Value, copy.File.Derivation));
        Assert.Equal("raid (metadata removed).png", copy.File.FileName);
        var kept = new OpenEvidence(_test.Instance).Run(_test.OwnerOfA, caseId, originalId).Value;
        Assert.Equal(original, kept.Content);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(original)), kept.File.Sha256);

        using var package = new MemoryStream();
        new ExportCustodyPackage(_test.Instance).Run(_test.OwnerOfA, caseId, "for the prosecutor only", package, Dalel.Core.Vault.KdfParameters.Fast);
        var check = VerifyCustodyPackage.Run(new MemoryStream(package.ToArray()), "for the prosecutor only").Value;
        Assert.True(check.Intact);
        Assert.Contains(check.Manifest.Custody, e => e.Action == Dalel.Core.Audit.AuditAction.WorkingCopyMade && e.File == copyId.ToString("D"));
    }

    [Fact]
    public void Only_images_get_working_copies()
    {
        var caseId = new RecordCase(_test.Instance).Run(_test.OwnerOfA, SampleCases.Valid()).Value;
        var pdf = new AttachEvidence(_test.Instance).Run(_test.OwnerOfA, caseId, "statement.pdf", "application/pdf", "%PDF-1.4"u8.ToArray()).Value;
        Assert.IsType<Invalid>(new MakeWorkingCopy(_test.Instance).Run(_test.OwnerOfA, caseId, pdf).Error);
    }

    [Fact]
    public void A_redacted_copy_is_solid_black_where_asked_and_unchanged_elsewhere()
    {
        var caseId = new RecordCase(_test.Instance).Run(_test.OwnerOfA, SampleCases.Valid()).Value;
        byte[] photo;
        using (var bitmap = new SKBitmap(120, 60))
        {
            bitmap.Erase(SKColors.Coral);
            using var image = SKImage.FromBitmap(bitmap);
            photo = image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
        }

        var originalId = new AttachEvidence(_test.Instance).Run(_test.OwnerOfA, caseId, "face.png", "image/png", photo).Value;
        // One grid cell (row 0, column 11: the top-right 10 × 5 pixels) and one typed rectangle reaching past the edge.
        var boxes = RedactionGrid.Boxes(["0-11", "99-0", "junk"], 120, 60).Concat(RedactionGrid.Parse("10, 20, 30, 400").Value).ToList();
        Assert.Equal([new PixelBox(110, 0, 10, 5), new PixelBox(10, 20, 30, 400)], boxes);

        var copyId = new RedactWorkingCopy(_test.Instance).Run(_test.OwnerOfA, caseId, originalId, boxes).Value;

        var copy = new OpenEvidence(_test.Instance).Run(_test.OwnerOfA, caseId, copyId).Value;
        Assert.Equal((originalId, RedactWorkingCopy.Redacted, "face (redacted).png"), (copy.File.DerivedFrom!.Value, copy.File.Derivation, copy.File.FileName));
        using var redacted = SKBitmap.Decode(copy.Content);
        Assert.Equal(SKColors.Black, redacted.GetPixel(115, 2));
        Assert.Equal(SKColors.Black, redacted.GetPixel(25, 59));
        Assert.Equal(SKColors.Coral, redacted.GetPixel(5, 5));
        Assert.Equal(SKColors.Coral, redacted.GetPixel(109, 5));
        Assert.Equal(photo, new OpenEvidence(_test.Instance).Run(_test.OwnerOfA, caseId, originalId).Value.Content);

        Assert.IsType<Invalid>(new RedactWorkingCopy(_test.Instance).Run(_test.OwnerOfA, caseId, originalId, [new PixelBox(500, 500, 10, 10)]).Error);
        Assert.IsType<Invalid>(new RedactWorkingCopy(_test.Instance).Run(_test.OwnerOfA, caseId, originalId, []).Error);
        Assert.IsType<Invalid>(RedactionGrid.Parse("10, 20, 30").Error);
        Assert.IsType<Forbidden>(new RedactWorkingCopy(_test.Instance).Run(TestInstance.Scope(_test.OrgA, Dalel.Core.Members.Role.Viewer), caseId, originalId, boxes).Error);
    }

    public void Dispose() => _test.Dispose();
}
