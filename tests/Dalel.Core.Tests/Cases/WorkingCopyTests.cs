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
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return [.. png[..33], .. chunk, .. png[33..]]; // after the signature and the IHDR chunk
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
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

    public void Dispose() => _test.Dispose();
}
