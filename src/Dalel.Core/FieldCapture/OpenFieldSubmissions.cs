using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;
using Dalel.Core.Audit;
using Dalel.Core.Intake;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Text;
using Dalel.Core.Vault;

namespace Dalel.Core.FieldCapture;

/// <summary>What opening the waiting submissions did: how many joined the report queue, and each one refused with why.</summary>
public sealed record FieldOpening(int Opened, IReadOnlyList<FieldRefusal> Refused);

/// <summary>A submission that did not open or verify, by its number, with the reason's text key and arguments.</summary>
public sealed record FieldRefusal(long Seq, string Reason, IReadOnlyList<string> Args);

/// <summary>
/// After unsealing, the submissions received from phones are opened through the door: the sealed envelope with the
/// intake key, the phone's encryption with the organisation's RSA key, the element signature checked (a file changed
/// or swapped on the way fails it), the form's own instance ID matched to the manifest's. Each becomes a report in the
/// queue, as if sent through the public form, with its photos as files whose SHA-256 is recorded now; the envelope is
/// then emptied, so the content lives in one place. One that fails is kept, marked refused, with the reason.
/// </summary>
public sealed class OpenFieldSubmissions(DalelInstance instance)
{
    public Result<FieldOpening> Run(OrgScope scope, string language)
    {
        var opened = instance.Enter(scope, Capability.HandleIntake);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var (capture, intake, waiting) = open.Read(c => (FieldCaptureStore.Of(c, null, scope.OrganisationId), IntakeStore.FormOf(c, null, scope.OrganisationId),
            FieldCaptureStore.Submissions(c, null, scope.OrganisationId, FieldStatus.Received)));
        if (capture is null || intake is null || waiting.Count == 0)
        {
            return new FieldOpening(0, []);
        }

        var countries = capture.Countries;
        using var rsa = FieldCaptureStore.OpenRsa(capture, open.DataKey);
        using var intakeKey = IntakeKeys.ImportPrivateKey(intake.WrappedPrivateKey, open.DataKey, scope.OrganisationId);
        var done = 0;
        var refused = new List<FieldRefusal>();
        foreach (var row in waiting)
        {
            var outcome = Decrypt(row, intakeKey, intake.PublicKey, rsa);
            if (!outcome.IsOk)
            {
                var error = ((Invalid)outcome.Error!).Errors[0];
                refused.Add(new FieldRefusal(row.Seq, error.MessageKey, error.Args));
                open.Change(AuditAction.FieldRefused, row.Id.ToString("D"), (c, t) =>
                    c.Execute(t, "UPDATE field_submissions SET status = @s, reason = @r WHERE id = @id AND status = @was",
                        ("s", FieldStatus.Refused), ("r", error.MessageKey), ("id", row.Id), ("was", FieldStatus.Received)) == 1);
                continue;
            }

            var (envelope, submission) = outcome.Value;
            var message = Message(submission, envelope.ReceivedOn, language, countries);
            var now = open.Now;
            var files = submission.Media.Select((m, i) => (new IntakeFileInfo(i + 1, m.Name, ContentType(m.Name), m.Content.Length, Convert.ToHexStringLower(SHA256.HashData(m.Content)), now), m.Content)).ToList();
            var reportId = Guid.NewGuid();
            var replyKey = Aead.NewKey();
            try
            {
                // No one follows a field report with a receipt: the documenter is the organisation's own. The receipt is drawn and forgotten.
                var receipt = Receipt.Normalise(Receipt.New())!;
                var moved = open.Write((c, t, audit) =>
                {
                    if (c.Execute(t, "UPDATE field_submissions SET status = @s, sealed_envelope = @empty WHERE id = @id AND status = @was",
                            ("s", FieldStatus.Opened), ("empty", Array.Empty<byte>()), ("id", row.Id), ("was", FieldStatus.Received)) != 1)
                    {
                        return false;
                    }

                    IntakeStore.InsertReport(c, t, scope.OrganisationId, intake.PublicKey, reportId, receipt, replyKey, message, files);
                    audit(AuditAction.FieldOpened, row.Id.ToString("D"));
                    audit(AuditAction.IntakeReceived, reportId.ToString("D"));
                    return true;
                });
                done += moved ? 1 : 0;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(replyKey);
            }
        }

        return new FieldOpening(done, refused);
    }

    private static Result<(FieldEnvelope Envelope, OdkSubmission Submission)> Decrypt(FieldSubmissionRow row, System.Security.Cryptography.ECDiffieHellman intakeKey, byte[] intakePublicKey, RSA rsa)
    {
        // A row whose sealing does not open (damaged on disk) is refused like a tampered submission, not left to stop the others.
        FieldEnvelope envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<FieldEnvelope>(Padding.Unpad(IntakeKeys.Open(intakeKey, intakePublicKey, row.SealedEnvelope, FieldCaptureStore.EnvelopeAad(row.Id))), Json.Files)!;
        }
        catch (CryptographicException)
        {
            return Invalid.One("submission", "error.field_tampered", "submission.xml");
        }

        var manifest = ReceiveFieldSubmission.Parse(System.Text.Encoding.UTF8.GetBytes(envelope.Manifest)) is { } d ? OdkEncryption.ReadManifest(d) : null;
        if (manifest is null)
        {
            return Invalid.One("submission", "error.field_unencrypted");
        }

        var decrypted = OdkEncryption.Decrypt(manifest, envelope.Files, rsa);
        if (!decrypted.IsOk)
        {
            return decrypted.Error!;
        }

        // The form inside must be the one the manifest names: an encrypted form of another submission, signed for it, is not this one.
        var form = ReceiveFieldSubmission.Parse(System.Text.Encoding.UTF8.GetBytes(decrypted.Value.Xml));
        var instanceId = form?.Descendants().FirstOrDefault(e => e.Name.LocalName == "instanceID")?.Value.Trim();
        if (form?.Root is null || (string?)form.Root.Attribute("id") != manifest.FormId || instanceId != manifest.InstanceId)
        {
            return Invalid.One("submission", "error.field_mismatch");
        }

        return (envelope, decrypted.Value);
    }

    /// <summary>The answers as a report's: each question worded in <paramref name="language"/>, each code as its label.</summary>
    internal static IntakeMessage Message(OdkSubmission submission, DateOnly receivedOn, string language, IReadOnlyList<string> countries)
    {
        var form = ReceiveFieldSubmission.Parse(System.Text.Encoding.UTF8.GetBytes(submission.Xml))!;
        var catalog = Vocabularies.Catalog.Default;
        var answers = new List<IntakeAnswer>();
        foreach (var (name, kind, _) in FieldForms.Questions)
        {
            var value = form.Root!.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim();
            if (string.IsNullOrEmpty(value) || kind == "image")
            {
                continue;
            }

            var choices = FieldForms.Choices(kind, countries, catalog);
            string LabelOf(string code) => choices.FirstOrDefault(c => c.Code == code) is { Labels: { } l } ? l.For(language) : code;
            var answer = kind switch
            {
                "violations" => string.Join(", ", value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(LabelOf)),
                "region" or "perpetrator" or "yesno" => LabelOf(value),
                _ => value[..Math.Min(value.Length, SubmitIntakeReport.MaxLong)],
            };
            answers.Add(new IntakeAnswer(name, Texts.Get($"field.question.{name}", language), answer));
        }

        return new IntakeMessage
        {
            FromOrganisation = false,
            At = new DateTimeOffset(receivedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            Answers = answers,
            Language = language,
        };
    }

    private static string ContentType(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".webp" => "image/webp",
        ".heic" => "image/heic",
        _ => "application/octet-stream",
    };
}
