using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Dalel.Core.FieldCapture;
using Dalel.Core.Vocabularies;
using Dalel.TestSupport;

namespace Dalel.Web.Tests.FieldCapture;

/// <summary>
/// Dalel's decryption against encryption it did not implement: node-forge, the library Enketo's encryptor is built on,
/// configured as Enketo configures it (tools/enketo/encrypt.cjs), encrypts a submission with a photo to the key of a
/// form Dalel generated; Dalel must open it, verify its signature, and refuse it once a byte changes.
/// </summary>
public sealed class ForgeEncryptionTests
{
    [Fact]
    public void Dalel_opens_what_forge_encrypted_as_enketo_does_and_refuses_it_changed()
    {
        var script = Support.Repository.NpmTool(Path.Combine("tools", "enketo", "encrypt.cjs"), "npm ci --prefix tools/enketo");
        Support.Repository.NpmTool(Path.Combine("tools", "enketo", "node_modules", "node-forge", "package.json"), "npm ci --prefix tools/enketo");
        using var rsa = RSA.Create(2048);
        var form = FieldForms.Incident(rsa.ExportSubjectPublicKeyInfo(), ["KZ"], Catalog.Default);
        var work = Directory.CreateTempSubdirectory("dalel-forge-");
        try
        {
            const string what = "Избили у клуба «Ақ жол», фото синяков — 12.04";
            var instance = OdkPhone.Instance(form.Version, "uuid:" + Guid.NewGuid(), what, photo: "синяк.jpg");
            var photo = RandomNumberGenerator.GetBytes(70_001);
            File.WriteAllText(Path.Combine(work.FullName, "form.xml"), form.Xml);
            File.WriteAllText(Path.Combine(work.FullName, "instance.xml"), instance);
            var media = Path.Combine(work.FullName, "media");
            Directory.CreateDirectory(media);
            File.WriteAllBytes(Path.Combine(media, "синяк.jpg"), photo);
            var output = Path.Combine(work.FullName, "out");
            Directory.CreateDirectory(output);

            using (var node = Process.Start(new ProcessStartInfo("node", [script, Path.Combine(work.FullName, "form.xml"), Path.Combine(work.FullName, "instance.xml"), output, Path.Combine(media, "синяк.jpg")]) { RedirectStandardError = true })!)
            {
                var errors = node.StandardError.ReadToEnd();
                node.WaitForExit();
                Assert.True(node.ExitCode == 0, errors);
            }

            var manifest = OdkEncryption.ReadManifest(XDocument.Load(Path.Combine(output, "submission.xml")))!;
            var files = Directory.EnumerateFiles(output, "*.enc").ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
            var opened = OdkEncryption.Decrypt(manifest, files, rsa);

            Assert.True(opened.IsOk, opened.IsOk ? "" : string.Join(", ", ((Dalel.Core.Invalid)opened.Error!).Errors.Select(e => e.MessageKey)));
            Assert.Equal(instance, opened.Value.Xml);
            var (name, content) = Assert.Single(opened.Value.Media);
            Assert.Equal("синяк.jpg", name);
            Assert.Equal(photo, content);

            files["синяк.jpg.enc"] = [.. files["синяк.jpg.enc"]];
            files["синяк.jpg.enc"][40_000] ^= 1;
            Assert.False(OdkEncryption.Decrypt(manifest, files, rsa).IsOk);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
