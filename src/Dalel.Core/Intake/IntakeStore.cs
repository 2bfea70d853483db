using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Intake;

internal sealed record IntakeFormRow(Guid OrgId, IntakeSettings Settings, byte[] PublicKey, byte[] WrappedPrivateKey, long Version);

internal sealed record IntakeReportRow(Guid Id, Guid OrgId, long Seq, byte[] KeyForOrg, byte[] KeyForReceipt, IntakeStatus Status, bool AwaitingReply, Guid? CaseId);

/// <summary>Rows of the intake tables and the sealing of report keys and messages.</summary>
internal static class IntakeStore
{
    private const string ReportColumns = "id, org_id, seq, key_for_org, key_for_receipt, status, awaiting_reply, case_id";

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

    public static List<(long N, byte[] Sealed)> Messages(DbConnection c, DbTransaction? t, Guid report) =>
        c.Query(t, "SELECT n, sealed FROM intake_messages WHERE report_id = @id ORDER BY n", r => (r.GetLong("n"), r.GetBytes("sealed")!), ("id", report));

    public static void AddMessage(DbConnection c, DbTransaction t, Guid report, byte[] reportKey, IntakeMessage message)
    {
        var n = c.Scalar<long>(t, "SELECT COALESCE(MAX(n), 0) + 1 FROM intake_messages WHERE report_id = @id", ("id", report));
        c.Execute(t, "INSERT INTO intake_messages (report_id, n, from_organisation, sealed) VALUES (@id, @n, @o, @s)",
            ("id", report), ("n", n), ("o", message.FromOrganisation ? 1 : 0), ("s", Aead.Seal(reportKey, JsonSerializer.SerializeToUtf8Bytes(message, Json.Files), IntakeKeys.MessageAad(report, n))));
    }

    public static List<IntakeMessage> OpenMessages(DbConnection c, DbTransaction? t, Guid report, byte[] reportKey) =>
        Messages(c, t, report).Select(m => OpenMessage(report, m.N, m.Sealed, reportKey)).ToList();

    public static void AddFile(DbConnection c, DbTransaction t, Guid report, byte[] reportKey, IntakeFileInfo info, byte[] content)
    {
        c.Execute(t, "INSERT INTO intake_files (report_id, n, sealed_info, sealed_content) VALUES (@id, @n, @i, @c)",
            ("id", report), ("n", info.N),
            ("i", Aead.Seal(reportKey, JsonSerializer.SerializeToUtf8Bytes(info, Json.Files), IntakeKeys.FileAad(report, info.N, "info"))),
            ("c", Aead.Seal(reportKey, content, IntakeKeys.FileAad(report, info.N, "content"))));
    }

    /// <summary>Each report's first message (sealed) and how many messages it has, for the queue.</summary>
    public static Dictionary<Guid, (byte[] First, long Count)> Firsts(DbConnection c, DbTransaction? t, Guid org) =>
        c.Query(t, """
            SELECT m.report_id, m.sealed, (SELECT COUNT(*) FROM intake_messages x WHERE x.report_id = m.report_id) AS messages
            FROM intake_messages m JOIN intake_reports r ON r.id = m.report_id
            WHERE r.org_id = @org AND m.n = 1
            """, r => (Id: r.GetGuid("report_id"), First: r.GetBytes("sealed")!, Count: r.GetLong("messages")), ("org", org))
            .ToDictionary(x => x.Id, x => (x.First, x.Count));

    public static IntakeMessage OpenMessage(Guid report, long n, byte[] sealedMessage, byte[] reportKey) =>
        JsonSerializer.Deserialize<IntakeMessage>(Aead.Open(reportKey, sealedMessage, IntakeKeys.MessageAad(report, n)), Json.Files)!;

    public static List<IntakeFileInfo> FileInfos(DbConnection c, DbTransaction? t, Guid report, byte[] reportKey) =>
        c.Query(t, "SELECT n, sealed_info FROM intake_files WHERE report_id = @id ORDER BY n",
            r => JsonSerializer.Deserialize<IntakeFileInfo>(Aead.Open(reportKey, r.GetBytes("sealed_info")!, IntakeKeys.FileAad(report, (int)r.GetLong("n"), "info")), Json.Files)!,
            ("id", report));

    public static byte[]? FileContent(DbConnection c, DbTransaction? t, Guid report, byte[] reportKey, int n) =>
        c.Query(t, "SELECT sealed_content FROM intake_files WHERE report_id = @id AND n = @n",
            r => Aead.Open(reportKey, r.GetBytes("sealed_content")!, IntakeKeys.FileAad(report, n, "content")), ("id", report), ("n", n)).FirstOrDefault();

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

    public static void SetState(DbConnection c, DbTransaction t, Guid report, IntakeStatus status, bool awaitingReply, Guid? caseId = null) =>
        c.Execute(t, "UPDATE intake_reports SET status = @s, awaiting_reply = @a, case_id = COALESCE(@c, case_id) WHERE id = @id",
            ("s", status.ToString()), ("a", awaitingReply ? 1 : 0), ("c", caseId?.ToString("D")), ("id", report));

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
        r.GetNullableString("case_id") is { } caseId ? Guid.Parse(caseId) : null);
}
