using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Dalel.Core.FieldCapture;

// MD5 is the protocol's, not a choice: ODK's IVs, element signature and form hashes are defined with it. Integrity
// rests on the RSA-encrypted signature and, once opened, on the SHA-256 Dalel records.
#pragma warning disable CA5351

/// <summary>The submission manifest an app sends instead of the filled form: what it names, as it names it.</summary>
public sealed record OdkManifest(string FormId, string? Version, string InstanceId, string EncryptedKey, IReadOnlyList<string> MediaFiles, string XmlFile, string Signature);

/// <summary>A decrypted submission: the filled form's XML and each media file by its name (without ".enc").</summary>
public sealed record OdkSubmission(string FormId, string? Version, string InstanceId, string Xml, IReadOnlyList<(string Name, byte[] Content)> Media);

/// <summary>
/// The ODK XForms encryption scheme (ODK Collect's EncryptionUtils, Enketo's encryptor, Briefcase's decryptor): a random
/// 256-bit AES key per submission, RSA-OAEP-encrypted to the form's public key with SHA-256 and MGF1-SHA-256 (Java's
/// "RSA/NONE/OAEPWithSHA256AndMGF1Padding" under Bouncy Castle, as on Android and in Briefcase; Enketo's encryptor asks
/// node-forge for MGF1-SHA-1 under an option name forge ignores, so it too uses SHA-256 — checked against forge itself
/// in the tests, after a first version here followed Enketo's comment and could not open forge's keys); each media file and then submission.xml encrypted with AES-CFB-128 and
/// PKCS#5 padding, the IV the MD5 of the instance ID and the key, one byte of it incremented before each file; and an
/// element signature: the MD5 of the form id, version, encrypted key, instance ID and "name::md5" of each decrypted
/// file, one per line, RSA-encrypted the same way.
/// </summary>
public static class OdkEncryption
{
    public const string SubmissionNamespace = "http://opendatakit.org/submissions";
    public const string OpenRosaNamespace = "http://openrosa.org/xforms";

    /// <summary>Reads a manifest; null when the document is not one (an unencrypted submission, or something else).</summary>
    public static OdkManifest? ReadManifest(XDocument document)
    {
        XNamespace ns = SubmissionNamespace;
        var root = document.Root;
        if (root is null || root.Name != ns + "data" || (string?)root.Attribute("encrypted") != "yes")
        {
            return null;
        }

        var key = root.Element(ns + "base64EncryptedKey")?.Value.Trim();
        var instance = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "instanceID")?.Value.Trim()
            ?? (string?)root.Attribute("instanceID");
        var xmlFile = root.Element(ns + "encryptedXmlFile")?.Value.Trim();
        var signature = root.Element(ns + "base64EncryptedElementSignature")?.Value.Trim();
        var id = (string?)root.Attribute("id");
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(instance) || string.IsNullOrEmpty(xmlFile) || string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(id))
        {
            return null;
        }

        var media = root.Elements(ns + "media").SelectMany(m => m.Elements(ns + "file")).Select(f => f.Value.Trim()).ToList();
        return new OdkManifest(id, (string?)root.Attribute("version") is { Length: > 0 } v ? v : null, instance, key, media, xmlFile, signature);
    }

    /// <summary>Why a submission does not open, or the submission.</summary>
    public static Result<OdkSubmission> Decrypt(OdkManifest manifest, IReadOnlyDictionary<string, byte[]> files, RSA privateKey)
    {
        byte[] key;
        try
        {
            key = Rsa(privateKey, forEncryption: false, Convert.FromBase64String(manifest.EncryptedKey));
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return Invalid.One("submission", "error.field_key");
        }

        try
        {
            if (key.Length != 32)
            {
                return Invalid.One("submission", "error.field_key");
            }

            var seed = new IvSeed(manifest.InstanceId, key);
            var media = new List<(string Name, byte[] Content)>();
            var signed = new StringBuilder();
            signed.Append(manifest.FormId).Append('\n');
            if (manifest.Version is not null)
            {
                signed.Append(manifest.Version).Append('\n');
            }

            signed.Append(manifest.EncryptedKey).Append('\n').Append(manifest.InstanceId).Append('\n');
            foreach (var name in manifest.MediaFiles.Append(manifest.XmlFile))
            {
                if (!files.TryGetValue(name, out var encrypted))
                {
                    return Invalid.One("submission", "error.field_missing_file", name);
                }

                byte[] plain;
                try
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    plain = aes.DecryptCfb(encrypted, seed.Next(), PaddingMode.PKCS7, 128);
                }
                catch (CryptographicException)
                {
                    return Invalid.One("submission", "error.field_tampered", name);
                }

                var clear = name.EndsWith(".enc", StringComparison.Ordinal) ? name[..^4] : name;
                signed.Append(clear).Append("::").Append(Convert.ToHexStringLower(MD5.HashData(plain))).Append('\n');
                media.Add((clear, plain));
            }

            byte[] signature;
            try
            {
                signature = Rsa(privateKey, forEncryption: false, Convert.FromBase64String(manifest.Signature));
            }
            catch (Exception e) when (e is FormatException or CryptographicException)
            {
                return Invalid.One("submission", "error.field_signature");
            }

            if (!CryptographicOperations.FixedTimeEquals(signature, MD5.HashData(Encoding.UTF8.GetBytes(signed.ToString()))))
            {
                return Invalid.One("submission", "error.field_signature");
            }

            var xml = media[^1];
            media.RemoveAt(media.Count - 1);
            return new OdkSubmission(manifest.FormId, manifest.Version, manifest.InstanceId, Encoding.UTF8.GetString(xml.Content), media);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>RSA-OAEP with SHA-256 (and MGF1-SHA-256), both ways (the encrypting way is for tests and tools that act as a phone).</summary>
    public static byte[] Rsa(RSA key, bool forEncryption, byte[] data) =>
        forEncryption ? key.Encrypt(data, RSAEncryptionPadding.OaepSHA256) : key.Decrypt(data, RSAEncryptionPadding.OaepSHA256);

    /// <summary>The IVs: MD5 of the instance ID's UTF-8 and the key; before each file one more byte is incremented, in turn.</summary>
    public sealed class IvSeed(string instanceId, byte[] key)
    {
        private readonly byte[] _seed = MD5.HashData([.. Encoding.UTF8.GetBytes(instanceId), .. key]);
        private int _counter;

        public byte[] Next()
        {
            _seed[_counter % _seed.Length]++;
            _counter++;
            return (byte[])_seed.Clone();
        }
    }
}
