using System.Text;
using Dalel.Core.Intake;
using Dalel.Core.Storage;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Intake;

/// <summary>
/// Police hold a reporter's phone with the receipt written on it and a copy of the sealed database (issue 13, finding 1).
/// They know the source code, so every key derivation and associated-data label; all they lack is the passphrase.
/// </summary>
public sealed class SeizedReceiptTests
{
    private const string Words = "Beaten at the Dostyk street station by officer Seitkali";
    private const string Addition = "My flatmate Aigerim saw it too, phone +7 701 555 0101";
    private const string FileText = "screenshot-of-threat-from-fake-date";
    private const string Reply = "We received your report and will call the lawyer";

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void A_receipt_and_the_seized_database_open_only_the_replies_and_when_the_reporter_wrote(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        var receipt = Report(test);
        new SealVault(test.Instance).Run("cli");

        var opened = PoliceOpen(test.Instance, receipt);

        Assert.Contains(opened, o => o.Contains(Reply, StringComparison.Ordinal));
        Assert.Equal(3, opened.Count(o => o.Contains("\"on\"", StringComparison.OrdinalIgnoreCase) && !o.Contains(Reply, StringComparison.Ordinal)));
        Assert.DoesNotContain(opened, o => o.Contains("Dostyk", StringComparison.Ordinal) || o.Contains("Aigerim", StringComparison.Ordinal) || o.Contains(FileText, StringComparison.Ordinal));
        Assert.DoesNotContain(opened, o => o.Contains("threat.png", StringComparison.Ordinal));
        // The notes of when the reporter wrote carry the day, not the time (nothing to match against network logs).
        Assert.DoesNotContain(opened, o => o.Contains("\"on\"", StringComparison.OrdinalIgnoreCase) && System.Text.RegularExpressions.Regex.IsMatch(o, @"\d{2}:\d{2}"));

        // The reporter's own page shows the same: the reply and three dates.
        var thread = new FollowIntakeReport(test.Instance).Run("seized", receipt).Value;
        Assert.Equal(Reply, Assert.Single(thread.Replies).Text);
        Assert.Equal(3, thread.ReporterWrote.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void A_report_that_became_a_case_keeps_no_intake_copy_of_what_the_reporter_sent(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        var receipt = Report(test);
        var report = new ListIntakeReports(test.Instance).Run(test.OwnerOfA).Value.Single().Id;
        var caseId = Drafted.Convert(test, report).Value;

        var (messages, files) = test.Instance.Database.Read(c => (
            c.Scalar<long>(null, "SELECT COUNT(*) FROM intake_messages WHERE from_organisation = 0 AND LENGTH(sealed) > 0"),
            c.Scalar<long>(null, "SELECT COUNT(*) FROM intake_files")));
        Assert.Equal(0, messages);
        Assert.Equal(0, files);
        // Nor does the report's row say which case it became.
        Assert.DoesNotContain(caseId.ToString("D"), test.Instance.Database.Read(c => c.Scalar<string>(null, "SELECT case_id FROM intake_reports")), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(caseId, new GetIntakeReport(test.Instance).Run(test.OwnerOfA, report).Value.CaseId);

        // The words and the file live on in the case; the documenter sees where they went; the reporter still follows.
        var stored = new Dalel.Core.Cases.GetCase(test.Instance).Run(test.OwnerOfA, caseId).Value;
        Assert.Contains("Dostyk", stored.Record.Narrative, StringComparison.Ordinal);
        Assert.Single(stored.Record.Files);
        Assert.All(new GetIntakeReport(test.Instance).Run(test.OwnerOfA, report).Value.Messages.Where(m => !m.FromOrganisation), m => Assert.True(m.MovedToCase));
        Assert.Equal(3, new FollowIntakeReport(test.Instance).Run("seized", receipt).Value.ReporterWrote.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void Reports_received_under_the_earlier_scheme_are_resealed_when_the_instance_is_next_unsealed(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        var receipt = Report(test);
        // Put the report back as the earlier scheme stored it: everything under the one key the receipt opened.
        var normalised = Receipt.Normalise(receipt)!;
        test.Instance.Database.Write((c, t) =>
        {
            var row = IntakeStore.ReportByReceipt(c, t, normalised)!;
            var key = IntakeStore.KeyFor(normalised, row)!;
            using var keys = OpenIntake.Keys(IntakeStore.FormOf(c, t, test.OrgA)!, test.Instance.Enter(test.OwnerOfA, Dalel.Core.Members.Capability.HandleIntake).Value);
            var messages = keys.Messages(c, t, row);
            var files = keys.Files(c, t, row);
            c.Execute(t, "DELETE FROM intake_messages WHERE report_id = @id", ("id", row.Id));
            c.Execute(t, "DELETE FROM intake_files WHERE report_id = @id", ("id", row.Id));
            for (var n = 1; n <= messages.Count; n++)
            {
                c.Execute(t, "INSERT INTO intake_messages (report_id, n, from_organisation, sealed) VALUES (@id, @n, @o, @s)", ("id", row.Id), ("n", n),
                    ("o", messages[n - 1].FromOrganisation ? 1 : 0), ("s", Aead.Seal(key, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(messages[n - 1], Json.Files), IntakeKeys.MessageAad(row.Id, n))));
            }

            foreach (var (info, content) in files)
            {
                c.Execute(t, "INSERT INTO intake_files (report_id, n, sealed_info, sealed_content) VALUES (@id, @n, @i, @c)", ("id", row.Id), ("n", info.N),
                    ("i", Aead.Seal(key, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(info, Json.Files), IntakeKeys.FileAad(row.Id, info.N, "info"))),
                    ("c", Aead.Seal(key, content, IntakeKeys.FileAad(row.Id, info.N, "content"))));
            }

            c.Execute(t, "UPDATE intake_reports SET scheme = 1", []);
            return 0;
        });
        new SealVault(test.Instance).Run("cli");
        Assert.Contains(PoliceOpen(test.Instance, receipt), o => o.Contains("Dostyk", StringComparison.Ordinal));

        Assert.True(new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli").IsOk);
        new SealVault(test.Instance).Run("cli");

        Assert.DoesNotContain(PoliceOpen(test.Instance, receipt), o => o.Contains("Dostyk", StringComparison.Ordinal) || o.Contains("Aigerim", StringComparison.Ordinal) || o.Contains(FileText, StringComparison.Ordinal));
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli");
        var report = new ListIntakeReports(test.Instance).Run(test.OwnerOfA).Value.Single().Id;
        var read = new GetIntakeReport(test.Instance).Run(test.OwnerOfA, report).Value;
        Assert.Contains(read.Messages, m => m.Answers.Any(a => a.Answer == Words));
        Assert.Contains(read.Messages, m => m.Text == Addition);
        Assert.Equal(FileText, Encoding.UTF8.GetString(new OpenIntakeFile(test.Instance).Run(test.OwnerOfA, report, 1).Value.Content));
    }

    /// <summary>A report with an answer, a file, a reply and an addition; returns the receipt.</summary>
    private static string Report(TestInstance test)
    {
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "test");
        new ConfigureIntake(test.Instance).Run(test.OwnerOfA, DefaultIntake.Settings() with { Enabled = true, Slug = "seized", PublicName = "Seized", AllowFiles = true }, 0);
        var receipt = new SubmitIntakeReport(test.Instance).Run("seized", new Dictionary<string, string?> { ["what"] = Words }, "en",
            [new IntakeUpload("threat.png", "application/octet-stream", Encoding.UTF8.GetBytes(FileText))]).Value;
        var report = new ListIntakeReports(test.Instance).Run(test.OwnerOfA).Value.Single().Id;
        Assert.True(new ReplyToIntakeReport(test.Instance).Run(test.OwnerOfA, report, Reply).IsOk);
        Assert.True(new AddToIntakeReport(test.Instance).Run("seized", receipt, Addition, "en").IsOk);
        Assert.True(new AddToIntakeReport(test.Instance).Run("seized", receipt, "and one more thing", "en").IsOk);
        return receipt;
    }

    /// <summary>
    /// The offline attack: derive the receipt key, open the reply key, then try it (and the receipt key itself) on every
    /// sealed blob of the report, with every label the source names. Returns every plaintext that opened.
    /// </summary>
    private static List<string> PoliceOpen(DalelInstance instance, string receipt)
    {
        var normalised = Receipt.Normalise(receipt)!;
        return instance.Database.Read(c =>
        {
            var row = IntakeStore.ReportByReceipt(c, null, normalised)!;
            var replyKey = IntakeStore.KeyFor(normalised, row)!;
            var keys = new[] { replyKey, Receipt.Key(normalised) };
            var blobs = new List<(byte[] Blob, byte[][] Labels)>();
            foreach (var m in IntakeStore.Messages(c, null, row.Id))
            {
                byte[][] labels = [IntakeKeys.MessageAad(row.Id, m.N), IntakeKeys.NoteAad(row.Id, m.N)];
                blobs.Add((m.Sealed, labels));
                if (m.SealedForReporter is { } note)
                {
                    blobs.Add((note, labels));
                }
            }

            foreach (var (n, info, content) in IntakeStore.Files(c, null, row.Id))
            {
                byte[][] labels = [IntakeKeys.FileAad(row.Id, n, "info"), IntakeKeys.FileAad(row.Id, n, "content")];
                blobs.Add((info, labels));
                blobs.Add((content, labels));
            }

            var opened = new List<string>();
            foreach (var (blob, labels) in blobs)
            {
                foreach (var key in keys)
                {
                    foreach (var label in labels)
                    {
                        if (Aead.TryOpen(key, blob, label, out var plain))
                        {
                            opened.Add(Encoding.UTF8.GetString(plain));
                        }
                    }
                }
            }

            return opened;
        });
    }
}
