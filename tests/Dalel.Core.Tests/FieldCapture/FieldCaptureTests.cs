using System.Security.Cryptography;
using System.Text;
using Dalel.Core.Door;
using Dalel.Core.FieldCapture;
using Dalel.Core.Intake;
using Dalel.Core.Storage;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;
using Dalel.TestSupport;

namespace Dalel.Core.Tests.FieldCapture;

public sealed class FieldCaptureTests
{
    private const string Canary = "Detained at the Medeu district station, officer Zhaksylykov took her phone";
    private static readonly byte[] Photo = Encoding.ASCII.GetBytes("\x89PNG-evidence-photo-of-bruises");

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void A_submission_received_while_sealed_opens_after_unsealing_into_the_queue_with_its_photo_hashed(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        var (device, secret, form) = Setup(test);
        new SealVault(test.Instance).Run("test");

        var sent = OdkPhone.Encrypt(form.Xml, OdkPhone.Instance(form.Version, "uuid:" + Guid.NewGuid(), Canary, where: "almaty_city", violations: "physical_violence detention", who: "police", photo: "bruises.png"), ("bruises.png", Photo));
        Assert.Equal(FieldReceipt.Stored, Receive(test, device, secret, sent).Value);
        // A resend (the phone did not hear the answer) is acknowledged, not stored twice.
        Assert.Equal(FieldReceipt.AlreadyHad, Receive(test, device, secret, sent).Value);

        Assert.DoesNotContain(Canary, Everything(test), StringComparison.Ordinal);

        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "test");
        var opening = new OpenFieldSubmissions(test.Instance).Run(test.OwnerOfA, "en").Value;
        Assert.Equal(1, opening.Opened);
        Assert.Empty(opening.Refused);

        var summary = Assert.Single(new ListIntakeReports(test.Instance).Run(test.OwnerOfA).Value);
        var report = new GetIntakeReport(test.Instance).Run(test.OwnerOfA, summary.Id).Value;
        var answers = report.Messages[0].Answers.ToDictionary(a => a.QuestionId, a => a.Answer);
        Assert.Equal(Canary, answers["what"]);
        Assert.Equal("2024-04-12", answers["when"]);
        Assert.Equal("Police", answers["who"]);
        var file = Assert.Single(report.Files);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Photo)), file.Sha256);
        Assert.Equal(Photo, new OpenIntakeFile(test.Instance).Run(test.OwnerOfA, summary.Id, 1).Value.Content);

        // The draft reads the field answers as it reads the public form's (region, perpetrator), and each use's consent
        // as it was asked: statistics yes, anonymised story yes, publication with the name no, all noted in person.
        var draft = new DraftCaseFromReport(test.Instance).Run(test.OwnerOfA, summary.Id, "en").Value;
        Assert.Equal("almaty_city", draft.Content.Place.Region);
        Assert.Equal("V-1", draft.Content.Victims[0].CodeName);
        var consents = draft.Content.Victims[0].Consents.ToDictionary(g => g.Use, g => g.Granted);
        Assert.Equal(new Dictionary<string, bool> { ["internal"] = true, ["anonymous_statistics"] = true, ["anonymised_story"] = true, ["named_publication"] = false }, consents);
        Assert.All(draft.Content.Victims[0].Consents, g => Assert.Equal("verbal", g.Method));

        // Recorded as a case, the photo is the case's evidence with the hash taken when the submission was opened.
        var caseId = Dalel.Core.Tests.Intake.Drafted.Convert(test, summary.Id).Value;
        var evidence = Assert.Single(new Dalel.Core.Cases.GetCase(test.Instance).Run(test.OwnerOfA, caseId).Value.Record.Files);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Photo)), evidence.Sha256);
        Assert.Equal(Photo, new Dalel.Core.Cases.OpenEvidence(test.Instance).Run(test.OwnerOfA, caseId, evidence.Id).Value.Content);

        // Opening again finds nothing more: never double-counted.
        Assert.Equal(0, new OpenFieldSubmissions(test.Instance).Run(test.OwnerOfA, "en").Value.Opened);
        Assert.Single(new ListIntakeReports(test.Instance).Run(test.OwnerOfA).Value);
    }

    [Fact]
    public void A_changed_swapped_or_missing_file_is_refused_with_its_reason_and_kept()
    {
        using var test = TestInstance.Create();
        var (device, secret, form) = Setup(test);
        PhoneSubmission Make(string what) => OdkPhone.Encrypt(form.Xml, OdkPhone.Instance(form.Version, "uuid:" + Guid.NewGuid(), what, photo: "p.png"), ("p.png", Photo));

        var flipped = Make("one");
        flipped.Files["p.png.enc"][5] ^= 0x40;
        var (a, b) = (Make("two"), Make("three"));
        var swapped = a with { Files = new Dictionary<string, byte[]>(a.Files) { ["submission.xml.enc"] = b.Files["submission.xml.enc"] } };
        foreach (var s in new[] { flipped, swapped })
        {
            Assert.Equal(FieldReceipt.Stored, Receive(test, device, secret, s).Value);
        }

        var opening = new OpenFieldSubmissions(test.Instance).Run(test.OwnerOfA, "en").Value;

        Assert.Equal(0, opening.Opened);
        Assert.Equal(2, opening.Refused.Count);
        Assert.All(opening.Refused, r => Assert.StartsWith("error.field_", r.Reason, StringComparison.Ordinal));
        Assert.Empty(new ListIntakeReports(test.Instance).Run(test.OwnerOfA).Value);
        Assert.Equal(2, test.Instance.Database.Read(c => c.Scalar<long>(null, "SELECT COUNT(*) FROM field_submissions WHERE status = 'refused' AND LENGTH(sealed_envelope) > 0")));

        // A manifest naming a file that did not come is refused at the door.
        var missing = Make("four");
        missing.Files.Remove("p.png.enc");
        Assert.Equal("error.field_missing_file", Assert.IsType<Invalid>(Receive(test, device, secret, missing).Error).Errors[0].MessageKey);
    }

    [Fact]
    public void Plain_submissions_wrong_or_revoked_credentials_and_other_organisations_are_refused()
    {
        using var test = TestInstance.Create();
        var (device, secret, form) = Setup(test);
        var plain = Encoding.UTF8.GetBytes(OdkPhone.Instance(form.Version, "uuid:" + Guid.NewGuid(), Canary));
        var refused = new ReceiveFieldSubmission(test.Instance).Run(test.OrgA, device, secret, plain, new Dictionary<string, byte[]>());
        Assert.Equal("error.field_unencrypted", Assert.IsType<Invalid>(refused.Error).Errors[0].MessageKey);

        var sent = OdkPhone.Encrypt(form.Xml, OdkPhone.Instance(form.Version, "uuid:" + Guid.NewGuid(), Canary));
        Assert.IsType<BadCredentials>(Receive(test, device, secret + "x", sent).Error);
        // The same credential names organisation A only; at B's address it is nobody (B has no field capture: not found).
        Assert.IsType<NotFound>(new ReceiveFieldSubmission(test.Instance).Run(test.OrgB, device, secret, sent.Manifest, sent.Files).Error);

        Assert.True(new RevokeFieldDevice(test.Instance).Run(test.OwnerOfA, device).IsOk);
        Assert.IsType<BadCredentials>(Receive(test, device, secret, sent).Error);
        Assert.IsType<BadCredentials>(new ServeFieldForms(test.Instance).Run(test.OrgA, device, secret).Error);
        Assert.True(new ListFieldDevices(test.Instance).Run(test.OwnerOfA).Value.Single().Revoked);
    }

    [Fact]
    public void A_submission_from_an_earlier_version_of_the_form_still_opens_and_every_use_of_a_credential_is_audited()
    {
        using var test = TestInstance.Create();
        var (device, secret, form) = Setup(test);
        // The phone downloaded the form before the organisation's States changed: another version, the same answers by name.
        var older = form.Xml.Replace($"version=\"{form.Version}\"", "version=\"0000000000\"", StringComparison.Ordinal);
        var sent = OdkPhone.Encrypt(older, OdkPhone.Instance("0000000000", "uuid:" + Guid.NewGuid(), "from the old form"));
        Assert.Equal(FieldReceipt.Stored, Receive(test, device, secret, sent).Value);

        Assert.Equal(1, new OpenFieldSubmissions(test.Instance).Run(test.OwnerOfA, "en").Value.Opened);
        var entries = Dalel.Core.Audit.AuditLog.Read(test.Instance).Where(e => e.Actor == $"device:{device:N}").Select(e => e.Action).ToList();
        Assert.Contains(Dalel.Core.Audit.AuditAction.FieldFormsFetched, entries);
        Assert.Contains(Dalel.Core.Audit.AuditAction.FieldReceived, entries);
    }

    [Fact]
    public void A_submission_damaged_on_disk_is_refused_and_the_others_still_open()
    {
        using var test = TestInstance.Create();
        var (device, secret, form) = Setup(test);
        foreach (var what in new[] { "first", "second" })
        {
            Receive(test, device, secret, OdkPhone.Encrypt(form.Xml, OdkPhone.Instance(form.Version, "uuid:" + Guid.NewGuid(), what)));
        }

        test.Instance.Database.Write((c, t) => c.Execute(t, "UPDATE field_submissions SET sealed_envelope = @e WHERE seq = (SELECT MIN(seq) FROM field_submissions)", ("e", new byte[300])));
        var opening = new OpenFieldSubmissions(test.Instance).Run(test.OwnerOfA, "en").Value;

        Assert.Equal(1, opening.Opened);
        Assert.Equal("error.field_tampered", Assert.Single(opening.Refused).Reason);
    }

    [Fact]
    public void A_device_over_its_limit_waits()
    {
        using var test = TestInstance.Create();
        var (device, secret, _) = Setup(test);
        for (var i = 0; i < DeviceUses.Limit - 1; i++)
        {
            Assert.True(new ServeFieldForms(test.Instance).Run(test.OrgA, device, secret).IsOk);
        }

        Assert.IsType<TooManyRequests>(new ServeFieldForms(test.Instance).Run(test.OrgA, device, secret).Error);
        test.Clock.Advance(DeviceUses.Window);
        Assert.True(new ServeFieldForms(test.Instance).Run(test.OrgA, device, secret).IsOk);
    }

    [Fact]
    public void A_seized_database_does_not_name_who_holds_a_device()
    {
        using var test = TestInstance.Create();
        new EnableFieldCapture(test.Instance).Run(test.OwnerOfA, true);
        var issued = new IssueFieldDevice(test.Instance).Run(test.OwnerOfA, "Aigerim's Samsung").Value;
        new SealVault(test.Instance).Run("test");

        Assert.DoesNotContain("Aigerim", Everything(test), StringComparison.Ordinal);
        Assert.DoesNotContain(issued.Secret, Everything(test), StringComparison.Ordinal);
    }

    private static (Guid Device, string Secret, FieldFormInfo Form) Setup(TestInstance test)
    {
        Assert.True(new EnableFieldCapture(test.Instance).Run(test.OwnerOfA, true).IsOk);
        var issued = new IssueFieldDevice(test.Instance).Run(test.OwnerOfA, "Documenter's phone").Value;
        var form = Assert.Single(new ServeFieldForms(test.Instance).Run(test.OrgA, issued.Device.Id, issued.Secret).Value);
        return (issued.Device.Id, issued.Secret, form);
    }

    private static Result<FieldReceipt> Receive(TestInstance test, Guid device, string secret, PhoneSubmission s) =>
        new ReceiveFieldSubmission(test.Instance).Run(test.OrgA, device, secret, s.Manifest, s.Files);

    /// <summary>Every byte of the data directory, as police copying it would have it.</summary>
    private static string Everything(TestInstance test) =>
        string.Concat(Directory.EnumerateFiles(test.Directory, "*", SearchOption.AllDirectories).Select(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            return reader.ReadToEnd();
        }));
}
