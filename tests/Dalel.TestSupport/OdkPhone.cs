using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Dalel.Core.FieldCapture;

namespace Dalel.TestSupport;

/// <summary>An encrypted submission as a field app sends it: the manifest (submission.xml) and the encrypted files by name.</summary>
public sealed record PhoneSubmission(string InstanceId, byte[] Manifest, Dictionary<string, byte[]> Files);

/// <summary>
/// What ODK Collect does when a form is finalised, written from the ODK encryption specification (and Collect's
/// EncryptionUtils, Enketo's encryptor): a random AES-256 key, RSA-OAEP(SHA-256, MGF1-SHA-256) to the form's key; media
/// then submission.xml in AES-CFB-128 with PKCS#5 padding, IVs from MD5(instance ID, key) with one byte incremented
/// per file; the element signature over id, version, key, instance and "name::md5" of each plaintext file.
/// </summary>
#pragma warning disable CA5351 // The protocol's MD5.
public static class OdkPhone
{
    public static PhoneSubmission Encrypt(string formXml, string instanceXml, params (string Name, byte[] Content)[] media)
    {
        var form = XDocument.Parse(formXml);
        XNamespace x = "http://www.w3.org/2002/xforms";
        var data = form.Descendants(x + "instance").First().Elements().First();
        var formId = (string)data.Attribute("id")!;
        var version = (string?)data.Attribute("version");
        var publicKey = Convert.FromBase64String((string)form.Descendants(x + "submission").First().Attribute("base64RsaPublicKey")!);
        var instanceId = XDocument.Parse(instanceXml).Descendants().First(e => e.Name.LocalName == "instanceID").Value;

        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(publicKey, out _);
        var key = RandomNumberGenerator.GetBytes(32);
        var encryptedKey = Convert.ToBase64String(OdkEncryption.Rsa(rsa, forEncryption: true, key));
        var seed = new OdkEncryption.IvSeed(instanceId, key);
        var files = new Dictionary<string, byte[]>();
        var signed = new StringBuilder().Append(formId).Append('\n');
        if (!string.IsNullOrEmpty(version))
        {
            signed.Append(version).Append('\n');
        }

        signed.Append(encryptedKey).Append('\n').Append(instanceId).Append('\n');
        using var aes = Aes.Create();
        aes.Key = key;
        foreach (var (name, content) in media.Append(("submission.xml", Encoding.UTF8.GetBytes(instanceXml))))
        {
            files[name + ".enc"] = aes.EncryptCfb(content, seed.Next(), PaddingMode.PKCS7, 128);
            signed.Append(name).Append("::").Append(Convert.ToHexStringLower(MD5.HashData(content))).Append('\n');
        }

        XNamespace ns = OdkEncryption.SubmissionNamespace;
        XNamespace orx = OdkEncryption.OpenRosaNamespace;
        var manifest = new XElement(ns + "data",
            new XAttribute("encrypted", "yes"), new XAttribute("id", formId), string.IsNullOrEmpty(version) ? null : new XAttribute("version", version),
            new XElement(ns + "base64EncryptedKey", encryptedKey),
            new XElement(orx + "meta", new XAttribute(XNamespace.Xmlns + "orx", orx.NamespaceName), new XElement(orx + "instanceID", instanceId)),
            media.Select(m => new XElement(ns + "media", new XElement(ns + "file", m.Name + ".enc"))),
            new XElement(ns + "encryptedXmlFile", "submission.xml.enc"),
            new XElement(ns + "base64EncryptedElementSignature", Convert.ToBase64String(OdkEncryption.Rsa(rsa, forEncryption: true, MD5.HashData(Encoding.UTF8.GetBytes(signed.ToString()))))));
        return new PhoneSubmission(instanceId, Encoding.UTF8.GetBytes(manifest.ToString(SaveOptions.DisableFormatting)), files);
    }

    /// <summary>A filled incident form, as Collect writes the instance.</summary>
    public static string Instance(string version, string instanceId, string what, string when = "2024-04-12", string? where = null, string? violations = null, string? who = null, string consent = "yes", string? photo = null, string story = "yes", string named = "no") =>
        $"""<data id="{FieldForms.IncidentId}" version="{version}"><when>{when}</when><where>{where}</where><violations>{violations}</violations><who>{who}</who><what>{System.Security.SecurityElement.Escape(what)}</what><victim>V-1</victim><consent_anonymous_statistics>{consent}</consent_anonymous_statistics><consent_anonymised_story>{story}</consent_anonymised_story><consent_named_publication>{named}</consent_named_publication><photo>{photo}</photo><meta><instanceID>{instanceId}</instanceID></meta></data>""";
}
