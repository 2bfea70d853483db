using System.Xml;
using System.Xml.Linq;
using Dalel.Core.Audit;
using Dalel.Core.Intake;
using Dalel.Core.Storage;

namespace Dalel.Core.FieldCapture;

/// <summary>How a submission was taken: new, or one the device had sent before (a retry after a lost answer).</summary>
public enum FieldReceipt
{
    Stored,
    AlreadyHad,
}

/// <summary>
/// A field app sends a submission (the OpenRosa Form Submission API). Only encrypted submissions of Dalel's forms are
/// taken: the manifest must name the encrypted key, the instance, the encrypted form and its signature, and every file
/// it names must be in the request. What arrived is sealed as a whole to the organisation's intake key — the instance
/// may be sealed — and opens only after unsealing (<see cref="OpenFieldSubmissions"/>). A resend of an instance
/// already received is acknowledged and not stored twice.
/// </summary>
public sealed class ReceiveFieldSubmission(DalelInstance instance)
{
    public const long MaxBytes = 30L * 1024 * 1024;
    public const int MaxFiles = 12;

    public Result<FieldReceipt> Run(Guid org, Guid device, string secret, byte[] manifestXml, IReadOnlyDictionary<string, byte[]> files)
    {
        var door = Door.FieldDevice.At(instance, org, device, secret);
        if (!door.IsOk)
        {
            return door.Error!;
        }

        if (files.Count > MaxFiles || manifestXml.LongLength + files.Values.Sum(f => f.LongLength) > MaxBytes)
        {
            return Invalid.One("submission", "error.field_too_large", (MaxBytes / (1024 * 1024)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var manifest = Parse(manifestXml) is { } document ? OdkEncryption.ReadManifest(document) : null;
        if (manifest is null)
        {
            return Invalid.One("submission", "error.field_unencrypted");
        }

        if (manifest.FormId != FieldForms.IncidentId)
        {
            return Invalid.One("submission", "error.field_unknown_form", manifest.FormId);
        }

        if (manifest.MediaFiles.Append(manifest.XmlFile).FirstOrDefault(name => !files.ContainsKey(name)) is { } missing)
        {
            return Invalid.One("submission", "error.field_missing_file", missing);
        }

        var id = Guid.NewGuid();
        var now = door.Value.Now;
        var envelope = new FieldEnvelope(System.Text.Encoding.UTF8.GetString(manifestXml),
            manifest.MediaFiles.Append(manifest.XmlFile).ToDictionary(n => n, n => files[n]), DateOnly.FromDateTime(now.UtcDateTime));
        return door.Value.Write<Result<FieldReceipt>>((c, t, audit) =>
        {
            var intake = IntakeStore.FormOf(c, t, org)!;
            var lookup = FieldCaptureStore.InstanceLookup(org, manifest.InstanceId);
            if (c.Scalar<long>(t, "SELECT COUNT(*) FROM field_submissions WHERE org_id = @org AND instance_lookup = @l", ("org", org), ("l", lookup)) > 0)
            {
                return FieldReceipt.AlreadyHad;
            }

            c.Execute(t, "INSERT INTO field_submissions (id, org_id, seq, instance_lookup, sealed_envelope, status) VALUES (@id, @org, @seq, @l, @e, @s)",
                ("id", id), ("org", org), ("seq", Database.Next(c, t, "field")), ("l", lookup),
                ("e", FieldCaptureStore.Seal(intake.PublicKey, id, envelope)), ("s", FieldStatus.Received));
            audit(AuditAction.FieldReceived, id.ToString("D"));
            return FieldReceipt.Stored;
        });
    }

    /// <summary>The manifest as XML, with no DTD (no entity expansion, nothing fetched); null when it is not XML.</summary>
    internal static XDocument? Parse(byte[] xml)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 10_000_000 });
            return XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
    }
}
