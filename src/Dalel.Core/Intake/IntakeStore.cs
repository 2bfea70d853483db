using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Intake;

internal sealed record IntakeFormRow(Guid OrgId, IntakeSettings Settings, byte[] PublicKey, byte[] WrappedPrivateKey, long Version);

/// <summary>
/// A report's row. <paramref name="KeyForOrg"/> and <paramref name="KeyForReceipt"/> hold the reply key: the organisation's
/// replies are sealed under it, and so is a note of when each reporter message was sent. Under <see cref="IntakeStore.SealedToOrganisation"/>
/// what the reporter sent is sealed to the organisation's public key only; under the earlier scheme it was under the reply key too.
/// </summary>
internal sealed record IntakeReportRow(Guid Id, Guid OrgId, long Seq, byte[] KeyForOrg, byte[] KeyForReceipt, IntakeStatus Status, bool AwaitingReply, string? CaseRef, int Scheme)
{
    /// <summary>Whether the report became a case (which one is sealed: <see cref="IntakeStore.CaseOf"/>).</summary>
    public bool Converted => CaseRef is not null;
}

/// <summary>One stored message as the database holds it.</summary>
internal sealed record IntakeMessageRow(long N, bool FromOrganisation, byte[] Sealed, byte[]? SealedForReporter);

/// <summary>Rows of the intake tables and the sealing of report keys and messages.</summary>
internal static class IntakeStore
{
    private const string ReportColumns = "id, org_id, seq, key_for_org, key_for_receipt, status, awaiting_reply, case_id, scheme";

    /// <summary>The scheme of reports whose reporter content only the organisation's private key opens.</summary>
    public const int SealedToOrganisation = 2;

    public static IntakeFormRow? FormOf(DbConnection c, DbTransaction? t, Guid org) =>
        c.Query(t, "SELECT org_id, settings, public_key, wrapped_private_key, version FROM intake_forms WHERE org_id = @org", ReadForm, ("org", org)).FirstOrDefault();

    public static IntakeFormRow? FormAt(DbConnection c, DbTransaction? t, string slug) =>
        c.Query(t, "SELECT org_id, settings, public_key, wrapped_private_key, version FROM intake_forms WHERE slug = @slug", ReadForm, ("slug", slug)).FirstOrDefault();

    public static IntakeReportRow? Report(DbConnection c, DbTransaction? t, Guid org, Guid id) =>
        c.Query(t, $"SELECT {ReportColumns} FROM intake_reports WHERE id = @id AND org_id = @org", ReadReport, ("id", id), ("org", org)).FirstOrDefault();

    public static IntakeReportRow? ReportByReceipt(DbConnection c, DbTransaction? t, string normalisedReceipt) =>
        c.Query(t, $"SELECT {ReportColumns} FROM intake_reports WHERE receipt_lookup = @r", ReadReport, ("r", Receipt.Lookup(normalisedReceipt))).FirstOrDefault();

    public static List<IntakeReportRow> Reports(DbConnection c, DbTransaction? t, Guid org) =>
        c.Query(t, $"SELECT {ReportColumns} FROM intake_reports WHERE org_id = @org ORDER BY seq DESC", ReadReport, ("org", org));

    public static List<IntakeMessageRow> Messages(DbConnection c, DbTransaction? t, Guid report) =>
        c.Query(t, "SELECT n, from_organisation, sealed, sealed_for_reporter FROM intake_messages WHERE report_id = @id ORDER BY n",
            r => new IntakeMessageRow(r.GetLong("n"), r.GetLong("from_organisation") != 0, r.GetBytes("sealed")!, r.GetBytes("sealed_for_reporter")), ("id", report));

    /// <summary>A new report: its row (the reply key sealed to the organisation and under the receipt), the reporter's first message and files.</summary>
    public static void InsertReport(DbConnection c, DbTransaction t, Guid org, byte[] publicKey, Guid reportId, string normalisedReceipt, byte[] replyKey, IntakeMessage message, IReadOnlyList<(IntakeFileInfo Info, byte[] Content)> files)
    {
        var receiptKey = Receipt.Key(normalisedReceipt);
        try
        {
            c.Execute(t, """
                INSERT INTO intake_reports (id, org_id, seq, receipt_lookup, key_for_org, key_for_receipt, status, awaiting_reply, scheme)
                VALUES (@id, @org, @seq, @lookup, @for_org, @for_receipt, @status, 1, @scheme)
                """,
                ("id", reportId), ("org", org), ("seq", Database.Next(c, t, "intake")), ("lookup", Receipt.Lookup(normalisedReceipt)),
                ("for_org", IntakeKeys.SealTo(publicKey, replyKey, IntakeKeys.ReportKeyAad(reportId))),
                ("for_receipt", Aead.Seal(receiptKey, replyKey, IntakeKeys.ReportKeyAad(reportId))),
                ("status", IntakeStatus.New.ToString()), ("scheme", SealedToOrganisation));
            AddFromReporter(c, t, reportId, publicKey, replyKey, message);
            foreach (var (info, content) in files)
            {
                AddFile(c, t, reportId, publicKey, info, content);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(receiptKey);
        }
    }

    /// <summary>
    /// What a reporter sends: sealed to the organisation's public key, so their receipt (and whoever holds it) cannot
    /// open it again; a note of when it was sent goes under the reply key, for the reporter's follow page.
    /// </summary>
    public static void AddFromReporter(DbConnection c, DbTransaction t, Guid report, byte[] publicKey, byte[] replyKey, IntakeMessage message)
    {
        var n = NextMessage(c, t, report);
        c.Execute(t, "INSERT INTO intake_messages (report_id, n, from_organisation, sealed, sealed_for_reporter) VALUES (@id, @n, 0, @s, @r)",
            ("id", report), ("n", n),
            ("s", IntakeKeys.SealTo(publicKey, Padding.Pad(JsonSerializer.SerializeToUtf8Bytes(message, Json.Files)), IntakeKeys.MessageAad(report, n))),
            ("r", Aead.Seal(replyKey, Padding.Pad(JsonSerializer.SerializeToUtf8Bytes(new SentNote(DateOnly.FromDateTime(message.At.UtcDateTime)), Json.Files)), IntakeKeys.NoteAad(report, n))));
    }

    /// <summary>The organisation's reply, under the reply key the receipt opens.</summary>
    public static void AddReply(DbConnection c, DbTransaction t, Guid report, byte[] replyKey, IntakeMessage message)
    {
        var n = NextMessage(c, t, report);
        c.Execute(t, "INSERT INTO intake_messages (report_id, n, from_organisation, sealed) VALUES (@id, @n, 1, @s)",
            ("id", report), ("n", n), ("s", Aead.Seal(replyKey, Padding.Pad(JsonSerializer.SerializeToUtf8Bytes(message, Json.Files)), IntakeKeys.MessageAad(report, n))));
    }

    private static long NextMessage(DbConnection c, DbTransaction t, Guid report) =>
        c.Scalar<long>(t, "SELECT COALESCE(MAX(n), 0) + 1 FROM intake_messages WHERE report_id = @id", ("id", report));

    public static void AddFile(DbConnection c, DbTransaction t, Guid report, byte[] publicKey, IntakeFileInfo info, byte[] content)
    {
        c.Execute(t, "INSERT INTO intake_files (report_id, n, sealed_info, sealed_content) VALUES (@id, @n, @i, @c)",
            ("id", report), ("n", info.N),
            ("i", IntakeKeys.SealTo(publicKey, Padding.Pad(JsonSerializer.SerializeToUtf8Bytes(info, Json.Files)), IntakeKeys.FileAad(report, info.N, "info"))),
            ("c", IntakeKeys.SealTo(publicKey, Padding.Pad(content), IntakeKeys.FileAad(report, info.N, "content"))));
    }

    /// <summary>
    /// On which day the reporter sent a message: all the receipt opens of what they wrote. The day, not the time, so a
    /// receipt and a copy of the server do not give times to match against network logs.
    /// </summary>
    public sealed record SentNote(DateOnly On);

    public static SentNote OpenNote(Guid report, IntakeMessageRow row, byte[] replyKey) =>
        JsonSerializer.Deserialize<SentNote>(Padding.Unpad(Aead.Open(replyKey, row.SealedForReporter!, IntakeKeys.NoteAad(report, row.N))), Json.Files)!;

    public static IntakeMessage OpenReply(Guid report, IntakeMessageRow row, byte[] replyKey) =>
        JsonSerializer.Deserialize<IntakeMessage>(Padding.Unpad(Aead.Open(replyKey, row.Sealed, IntakeKeys.MessageAad(report, row.N))), Json.Files)!;

    /// <summary>What the reply key opens: when the reporter wrote, and the organisation's replies.</summary>
    public static (List<DateOnly> Sent, List<IntakeMessage> Replies) OpenForReporter(DbConnection c, IntakeReportRow report, byte[] replyKey)
    {
        var rows = Messages(c, null, report.Id);
        if (report.Scheme < SealedToOrganisation)
        {
            // Until the next unsealing re-seals it, an earlier report is all under this key; only dates and replies are used.
            var earlier = rows.Select(r => JsonSerializer.Deserialize<IntakeMessage>(Aead.Open(replyKey, r.Sealed, IntakeKeys.MessageAad(report.Id, r.N)), Json.Files)!).ToList();
            return (earlier.Where(m => !m.FromOrganisation).Select(m => DateOnly.FromDateTime(m.At.UtcDateTime)).ToList(), earlier.Where(m => m.FromOrganisation).ToList());
        }

        return (rows.Where(r => !r.FromOrganisation).Select(r => OpenNote(report.Id, r, replyKey).On).ToList(),
            rows.Where(r => r.FromOrganisation).Select(r => OpenReply(report.Id, r, replyKey)).ToList());
    }

    /// <summary>Removes what the reporter sent once it became a case: the case holds it now; the notes of when stay for the reporter.</summary>
    public static void RemoveReporterContent(DbConnection c, DbTransaction t, Guid report)
    {
        c.Execute(t, "UPDATE intake_messages SET sealed = @empty WHERE report_id = @id AND from_organisation = 0", ("empty", Array.Empty<byte>()), ("id", report));
        c.Execute(t, "DELETE FROM intake_files WHERE report_id = @id", ("id", report));
    }

    public static List<(int N, byte[] Info, byte[] Content)> Files(DbConnection c, DbTransaction? t, Guid report) =>
        c.Query(t, "SELECT n, sealed_info, sealed_content FROM intake_files WHERE report_id = @id ORDER BY n",
            r => ((int)r.GetLong("n"), r.GetBytes("sealed_info")!, r.GetBytes("sealed_content")!), ("id", report));

    /// <summary>Each report's first message and how many messages it has, for the queue.</summary>
    public static Dictionary<Guid, (IntakeMessageRow First, long Count)> Firsts(DbConnection c, DbTransaction? t, Guid org) =>
        c.Query(t, """
            SELECT m.report_id, m.n, m.from_organisation, m.sealed, m.sealed_for_reporter, (SELECT COUNT(*) FROM intake_messages x WHERE x.report_id = m.report_id) AS messages
            FROM intake_messages m JOIN intake_reports r ON r.id = m.report_id
            WHERE r.org_id = @org AND m.n = 1
            """, r => (Id: r.GetGuid("report_id"), First: new IntakeMessageRow(r.GetLong("n"), r.GetLong("from_organisation") != 0, r.GetBytes("sealed")!, r.GetBytes("sealed_for_reporter")), Count: r.GetLong("messages")), ("org", org))
            .ToDictionary(x => x.Id, x => (x.First, x.Count));

    public static Guid[] OrganisationsWithEarlierReports(DbConnection c) =>
        [.. c.Query(null, "SELECT DISTINCT org_id FROM intake_reports WHERE scheme < @s OR (case_id IS NOT NULL AND case_id NOT LIKE 'sealed:%')", r => r.GetGuid("org_id"), ("s", SealedToOrganisation))];

    /// <summary>The report key through the receipt; null when the receipt does not open it.</summary>
    public static byte[]? KeyFor(string normalisedReceipt, IntakeReportRow report)
    {
        var receiptKey = Receipt.Key(normalisedReceipt);
        try
        {
            return Aead.TryOpen(receiptKey, report.KeyForReceipt, IntakeKeys.ReportKeyAad(report.Id), out var key) ? key : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(receiptKey);
        }
    }

    public static void SetState(DbConnection c, DbTransaction t, Guid report, IntakeStatus status, bool awaitingReply) =>
        c.Execute(t, "UPDATE intake_reports SET status = @s, awaiting_reply = @a WHERE id = @id",
            ("s", status.ToString()), ("a", awaitingReply ? 1 : 0), ("id", report));

    private static IntakeFormRow ReadForm(DbDataReader r) => new(
        r.GetGuid("org_id"),
        JsonSerializer.Deserialize<IntakeSettings>(r.GetString(r.GetOrdinal("settings")), Json.Files)!,
        r.GetBytes("public_key")!,
        r.GetBytes("wrapped_private_key")!,
        r.GetLong("version"));

    private static IntakeReportRow ReadReport(DbDataReader r) => new(
        r.GetGuid("id"),
        r.GetGuid("org_id"),
        r.GetLong("seq"),
        r.GetBytes("key_for_org")!,
        r.GetBytes("key_for_receipt")!,
        Enum.Parse<IntakeStatus>(r.GetString(r.GetOrdinal("status"))),
        r.GetLong("awaiting_reply") != 0,
        r.GetNullableString("case_id"),
        (int)r.GetLong("scheme"));

    private const string SealedCase = "sealed:";

    /// <summary>The case a report became, sealed under the organisation's data key: a copy of the database does not link them.</summary>
    public static string SealCase(byte[] dataKey, Guid report, Guid caseId) =>
        SealedCase + Convert.ToBase64String(Aead.Seal(dataKey, caseId.ToByteArray(), CaseLinkAad(report)));

    public static Guid? CaseOf(IntakeReportRow report, byte[] dataKey) => report.CaseRef switch
    {
        null => null,
        var r when r.StartsWith(SealedCase, StringComparison.Ordinal) => new Guid(Aead.Open(dataKey, Convert.FromBase64String(r[SealedCase.Length..]), CaseLinkAad(report.Id))),
        var r => Guid.Parse(r),
    };

    public static bool CaseLinkIsPlain(IntakeReportRow report) => report.CaseRef is { } r && !r.StartsWith(SealedCase, StringComparison.Ordinal);

    private static byte[] CaseLinkAad(Guid report) => System.Text.Encoding.ASCII.GetBytes($"dalel/intake-case/v1/{report:N}");
}
