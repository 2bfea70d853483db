using System.Text;
using Dalel.Core.Cases;
using Dalel.Core.Intake;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Cases;

/// <summary>
/// Files built to take the server down or to pass for what they are not (issue 20, finding 4): tiny files whose headers
/// claim 30,000 × 30,000 pixels and more, damaged images, and SVG or HTML sent as pictures — by a documenter and
/// through the public form. Every one gets a clear message; none reaches a decoder that would need gigabytes.
/// </summary>
public sealed class ImageBombTests : IDisposable
{
    private readonly TestInstance _test = TestInstance.Create();

    public ImageBombTests() => new UnsealVault(_test.Instance).Run(TestInstance.Passphrase, "cli");

    public static TheoryData<string, string> Bombs => new()
    {
        { "png", "image/png" },
        { "jpeg", "image/jpeg" },
        { "webp", "image/webp" },
    };

    [Theory]
    [MemberData(nameof(Bombs))]
    public void A_small_file_claiming_a_huge_image_is_refused_before_decoding(string kind, string type)
    {
        var bomb = kind switch { "png" => CraftedImages.PngClaiming(30_000, 30_000), "jpeg" => CraftedImages.JpegClaiming(60_000, 60_000), _ => CraftedImages.WebpClaiming(16_383, 16_383) };
        var (caseId, fileId) = Attach($"bomb.{kind}", type, bomb);
        var before = GC.GetTotalMemory(false);

        var preview = new PreviewImage(_test.Instance).Run(_test.OwnerOfA, caseId, fileId);
        var copy = new MakeWorkingCopy(_test.Instance).Run(_test.OwnerOfA, caseId, fileId);

        Assert.True(bomb.Length < 10_000);
        Assert.Equal("error.image_too_many_pixels", Assert.IsType<Invalid>(preview.Error).Errors.Single().MessageKey);
        Assert.Equal("error.image_too_many_pixels", Assert.IsType<Invalid>(copy.Error).Errors.Single().MessageKey);
        Assert.True(GC.GetTotalMemory(false) - before < 100_000_000, "nothing near the claimed size was allocated");
    }

    [Fact]
    public void A_GIF_claiming_65535_squared_pixels_is_never_decoded()
    {
        byte[] gif = [.. "GIF89a"u8, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, .. "\u002C"u8, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 2, 2, 0x4C, 0x01, 0, 0x3B];
        var (caseId, fileId) = Attach("bomb.gif", "image/gif", gif);

        Assert.Equal("error.working_copy_type", Assert.IsType<Invalid>(new MakeWorkingCopy(_test.Instance).Run(_test.OwnerOfA, caseId, fileId).Error).Errors.Single().MessageKey);
    }

    [Fact]
    public void A_damaged_or_cut_short_image_gets_a_message_not_an_exception()
    {
        var png = CraftedImages.Png(64, 64);
        var (caseId, cut) = Attach("cut.png", "image/png", png[..60]);
        var (_, garbled) = Attach("garbled.png", "image/png", [.. png[..33], .. Enumerable.Repeat((byte)0x5A, 400)], caseId);

        var cutShort = new PreviewImage(_test.Instance).Run(_test.OwnerOfA, caseId, cut);
        Assert.Equal("error.image_unreadable", Assert.IsType<Invalid>(cutShort.Error).Errors.Single().MessageKey);

        // Garbled pixel data behind a sound header decodes as far as it goes (Skia fills the rest): a picture or a
        // message, never an exception.
        var partial = new PreviewImage(_test.Instance).Run(_test.OwnerOfA, caseId, garbled);
        Assert.True(partial.IsOk || partial.Error is Invalid { Errors: [{ MessageKey: "error.image_unreadable" }] });
    }

    [Theory]
    [InlineData("image/png", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100000\" height=\"100000\"><script>alert(1)</script></svg>")]
    [InlineData("image/jpeg", "<!DOCTYPE html><html><body onload=\"alert(1)\"></body></html>")]
    [InlineData("image/webp", "MZ\u0090\u0000 not a picture at all")]
    public void A_file_that_is_not_the_image_it_claims_is_refused_at_upload_by_documenters_and_reporters(string claimed, string content)
    {
        var caseId = new RecordCase(_test.Instance).Run(_test.OwnerOfA, SampleCases.Valid()).Value;
        var bytes = Encoding.UTF8.GetBytes(content);

        var attached = new AttachEvidence(_test.Instance).Run(_test.OwnerOfA, caseId, "photo", claimed, bytes);
        Assert.Equal("error.file_not_the_image_it_claims", Assert.IsType<Invalid>(attached.Error).Errors.Single().MessageKey);

        new ConfigureIntake(_test.Instance).Run(_test.OwnerOfA, DefaultIntake.Settings() with { Enabled = true, Slug = "bombs", PublicName = "Bombs", AllowFiles = true }, 0);
        var reported = new SubmitIntakeReport(_test.Instance).Run("bombs", new Dictionary<string, string?> { ["what"] = "see the photo" }, "en", [new IntakeUpload("photo.png", claimed, bytes)]);
        Assert.Equal("error.file_not_the_image_it_claims", Assert.IsType<Invalid>(reported.Error).Errors.Single().MessageKey);
    }

    [Fact]
    public void A_real_picture_still_makes_a_preview_and_a_working_copy()
    {
        var (caseId, fileId) = Attach("raid.png", "image/png", CraftedImages.Png(40, 30));

        Assert.Equal((40, 30), (new PreviewImage(_test.Instance).Run(_test.OwnerOfA, caseId, fileId).Value.Width, 30));
        Assert.True(new MakeWorkingCopy(_test.Instance).Run(_test.OwnerOfA, caseId, fileId).IsOk);
    }

    public void Dispose() => _test.Dispose();

    private (Guid Case, Guid File) Attach(string name, string type, byte[] content, Guid? caseId = null)
    {
        var id = caseId ?? new RecordCase(_test.Instance).Run(_test.OwnerOfA, SampleCases.Valid()).Value;
        var attached = new AttachEvidence(_test.Instance).Run(_test.OwnerOfA, id, name, type, content);
        Assert.True(attached.IsOk, attached.Error?.ToString());
        return (id, attached.Value);
    }
}
