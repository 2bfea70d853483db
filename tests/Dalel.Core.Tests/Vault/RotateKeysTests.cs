using Dalel.Core.Cases;
using Dalel.Core.Intake;
using Dalel.Core.Register;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Storage;
using Dalel.Core.Submissions;
using Dalel.Core.Tests.Support;
using Dalel.Core.Transfer;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Vault;

public sealed class RotateKeysTests
{
    /// <summary>Everything an organisation holds, decrypted: cases with identities and files, submissions, register, members, intake.</summary>
    private static string Everything(TestInstance test)
    {
        using var writer = new StringWriter();
        new ExportCases(test.Instance).Run([test.OwnerOfA, test.OwnerOfB], writer);
        var submissions = new ListSubmissions(test.Instance).Run(test.OwnerOfA).Value.Select(s => new GetSubmission(test.Instance).Run(test.OwnerOfA, s.Id).Value.Value.Title);
        var register = new ReadRegister(test.Instance).Run(test.OwnerOfA).Value.Recommendations.Select(r => r.Recommendation.Text);
        var members = new ListMembers(test.Instance).Run(test.OwnerOfA).Value.Select(m => m.Login + "/" + m.DisplayName);
        var orgs = new ListOrganisations(test.Instance).Run().Value.Select(o => o.Name);
        var intake = new ListIntakeReports(test.Instance).Run(test.OwnerOfA).Value.Select(r => r.Excerpt);
        return string.Join('\n', [writer.ToString(), .. submissions, .. register, .. members, .. orgs, .. intake]);
    }

    /// <summary>Every declared sealed column's values, plus the wrapped keys rotation replaces itself.</summary>
    private static Dictionary<string, byte[]> SealedBlobs(TestInstance test) => test.Instance.Database.Read(c =>
        SealedColumns.UnderInstanceKeys.Select(s => $"SELECT '{s.Table}.{s.Column} ' || {string.Join(" || '/' || ", s.Key)} AS k, {s.Column} AS v FROM {s.Table} WHERE {s.Column} IS NOT NULL")
            .Append("SELECT 'org key ' || id AS k, wrapped_data_key AS v FROM organisations")
            .Append("SELECT 'master' AS k, wrapped_master AS v FROM vault")
            .SelectMany(sql => c.Query(null, sql, r => (Key: r.GetString(0), Value: r.GetBytes("v")!)))
            .ToDictionary(x => x.Key, x => x.Value));

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void Rotating_every_key_loses_nothing_and_leaves_no_record_under_an_old_key(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "test");
        var caseId = new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid(narrative: "rotation narrative")).Value;
        new AttachEvidence(test.Instance).Run(test.OwnerOfA, caseId, "photo.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, .. "evidence bytes"u8]);
        new RecordCase(test.Instance).Run(test.OwnerOfB, SampleCases.Valid(narrative: "other organisation"));
        new AddMember(test.Instance).Run(test.OwnerOfA, "doc.a", "Документалист", "member-password", Role.Documenter);
        new CreateSubmission(test.Instance).Run(test.OwnerOfA, new SubmissionHeader { Title = "Доклад о ротации", Mechanism = "ccpr" });
        new SaveRegisterEntry<Recommendation>(test.Instance).Run(test.OwnerOfA, null, 0, new Recommendation { Mechanism = "ccpr", Body = "Human Rights Committee", Symbol = "CCPR/C/KAZ/CO/3", Paragraph = "10", Text = "Recommendation text" });
        new ConfigureIntake(test.Instance).Run(test.OwnerOfA, DefaultIntake.Settings() with { Enabled = true, Slug = "rotation", PublicName = "Rotation" }, 0);
        var receipt = new SubmitIntakeReport(test.Instance).Run("rotation", new Dictionary<string, string?> { ["what"] = "intake before rotation" }, "en").Value;
        new Dalel.Core.FieldCapture.EnableFieldCapture(test.Instance).Run(test.OwnerOfA, true);
        var phone = new Dalel.Core.FieldCapture.IssueFieldDevice(test.Instance).Run(test.OwnerOfA, "phone").Value;
        var form = new Dalel.Core.FieldCapture.ServeFieldForms(test.Instance).Run(test.OrgA, phone.Device.Id, phone.Secret).Value[0];
        var sent = Dalel.TestSupport.OdkPhone.Encrypt(form.Xml, Dalel.TestSupport.OdkPhone.Instance(form.Version, "uuid:" + Guid.NewGuid(), "sent from a phone before rotation"));
        new Dalel.Core.FieldCapture.ReceiveFieldSubmission(test.Instance).Run(test.OrgA, phone.Device.Id, phone.Secret, sent.Manifest, sent.Files);
        new SplitMasterKey(test.Instance).Run(test.OwnerOfA, 2, ["first holder passphrase", "second holder passphrase"], KdfParameters.Fast);
        var before = Everything(test);
        var sealedBefore = SealedBlobs(test);

        Assert.IsType<WrongPassphrase>(new RotateKeys(test.Instance).Run("not the passphrase", "test").Error);
        var report = new RotateKeys(test.Instance).Run(TestInstance.Passphrase, "test");
        Assert.True(report.IsOk);
        Assert.True(test.Instance.Vault.IsSealed);

        var sealedAfter = SealedBlobs(test);
        // Every declared column holds something in this test, so each one's re-sealing is checked.
        Assert.All(SealedColumns.UnderInstanceKeys, s => Assert.Contains(sealedBefore.Keys, k => k.StartsWith($"{s.Table}.{s.Column} ", StringComparison.Ordinal)));
        Assert.Equal(sealedBefore.Keys.Order(), sealedAfter.Keys.Order());
        Assert.All(sealedBefore, b => Assert.False(b.Value.AsSpan().SequenceEqual(sealedAfter[b.Key]), $"{b.Key} was not re-sealed"));
        Assert.Equal(0, test.Instance.Database.Read(c => c.Scalar<long>(null, "SELECT COUNT(*) FROM key_shares")));
        Assert.False(new UnsealWithShares(test.Instance).Run([(1, "first holder passphrase"), (2, "second holder passphrase")], "test").IsOk);

        Assert.True(new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "test").IsOk);
        Assert.Equal(before, Everything(test));
        Assert.True(new FollowIntakeReport(test.Instance).Run("rotation", receipt).IsOk);
        // The phone's submission, encrypted to the RSA key before rotation, opens with the re-sealed key after it.
        Assert.Equal(1, new Dalel.Core.FieldCapture.OpenFieldSubmissions(test.Instance).Run(test.OwnerOfA, "en").Value.Opened);
        Assert.True(new Dalel.Core.Audit.VerifyAuditLog(test.Instance.Database).Run().Intact);
    }
}
