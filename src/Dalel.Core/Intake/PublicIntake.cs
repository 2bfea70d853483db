using System.Globalization;
using System.Security.Cryptography;
using Dalel.Core.Audit;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Intake;

/// <summary>The public form at an address, if its organisation turned it on. Needs no key: it works while sealed.</summary>
public sealed class FindIntakeForm(DalelInstance instance)
{
    public Result<IntakeSettings> Run(string slug)
    {
        var door = Door.PublicForm.At(instance, slug);
        return door.IsOk ? door.Value.Form.Settings : door.Error!;
    }
}

/// <summary>
/// Someone reports through an organisation's public form. The answers are sealed at once under a new report key,
/// which is sealed to the organisation's public key and under the receipt code: the instance may be sealed, and
/// nothing about the sender (address, browser) is asked for or kept. Returns the receipt, shown once.
/// </summary>
public sealed class SubmitIntakeReport(DalelInstance instance)
{
    public const int MaxShort = 1_000;
    public const int MaxLong = 20_000;

    public Result<string> Run(string slug, IReadOnlyDictionary<string, string?> answers, string language, IReadOnlyList<IntakeUpload>? files = null)
    {
        files = (files ?? []).Where(f => f.Content.Length > 0).ToList();
        var door = Door.PublicForm.At(instance, slug);
        if (!door.IsOk)
        {
            return door.Error!;
        }

        var form = door.Value.Form;

        var errors = new List<FieldError>();
        var kept = new List<IntakeAnswer>();
        foreach (var q in form.Settings.Questions)
        {
            var value = answers.GetValueOrDefault(q.Id)?.Trim() ?? "";
            if (value.Length == 0)
            {
                if (q.Required)
                {
                    errors.Add(new FieldError(q.Id, "error.required"));
                }

                continue;
            }

            var max = q.Kind == QuestionKind.Paragraphs ? MaxLong : MaxShort;
            if (q.Kind == QuestionKind.Choice)
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 0 || index >= q.Options.Count)
                {
                    errors.Add(new FieldError(q.Id, "error.unknown_code"));
                    continue;
                }

                value = IntakeText.In(q.Options[index], language);
            }
            else if (value.Length > max)
            {
                errors.Add(new FieldError(q.Id, "error.too_long", max.ToString(CultureInfo.InvariantCulture)));
                continue;
            }

            kept.Add(new IntakeAnswer(q.Id, q.LabelIn(language), value));
        }

        if (files.Count > 0 && !form.Settings.AllowFiles)
        {
            errors.Add(new FieldError("Files", "error.intake_no_files"));
        }
        else if (files.Count > IntakeSettings.MaxFiles || files.Any(f => f.Content.Length > IntakeSettings.MaxFileBytes))
        {
            errors.Add(new FieldError("Files", "error.intake_files", IntakeSettings.MaxFiles.ToString(CultureInfo.InvariantCulture), (IntakeSettings.MaxFileBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)));
        }

        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        if (kept.Count == 0 && files.Count == 0)
        {
            return Invalid.One("", "error.intake_empty");
        }

        var receipt = Receipt.New();
        var normalised = Receipt.Normalise(receipt)!;
        var reportId = Guid.NewGuid();
        var reportKey = Aead.NewKey();
        var receiptKey = Receipt.Key(normalised);
        try
        {
            var now = door.Value.Now;
            var message = new IntakeMessage { FromOrganisation = false, At = now, Answers = kept, Language = language };
            door.Value.Write((c, t, audit) =>
            {
                c.Execute(t, """
                    INSERT INTO intake_reports (id, org_id, seq, receipt_lookup, key_for_org, key_for_receipt, status, awaiting_reply)
                    VALUES (@id, @org, @seq, @lookup, @for_org, @for_receipt, @status, 1)
                    """,
                    ("id", reportId), ("org", form.OrgId), ("seq", Database.Next(c, t, "intake")), ("lookup", Receipt.Lookup(normalised)),
                    ("for_org", IntakeKeys.SealTo(form.PublicKey, reportKey, IntakeKeys.ReportKeyAad(reportId))),
                    ("for_receipt", Aead.Seal(receiptKey, reportKey, IntakeKeys.ReportKeyAad(reportId))),
                    ("status", IntakeStatus.New.ToString()));
                IntakeStore.AddMessage(c, t, reportId, reportKey, message);
                for (var i = 0; i < files.Count; i++)
                {
                    var f = files[i];
                    var name = Path.GetFileName(f.FileName.Trim()) is { Length: > 0 } n ? n[..Math.Min(n.Length, 255)] : "file";
                    var type = string.IsNullOrWhiteSpace(f.ContentType) ? "application/octet-stream" : f.ContentType;
                    IntakeStore.AddFile(c, t, reportId, reportKey, new IntakeFileInfo(i + 1, name, type, f.Content.Length, Convert.ToHexStringLower(SHA256.HashData(f.Content)), now), f.Content);
                }

                audit(AuditAction.IntakeReceived, reportId.ToString("D"));
                return Done.Value;
            });
            return receipt;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(reportKey);
            CryptographicOperations.ZeroMemory(receiptKey);
        }
    }
}

/// <summary>
/// What a reporter sees with their receipt: the organisation's replies and when they wrote. Their own words are not
/// shown back: a receipt found on a seized phone then tells only that someone wrote, not what.
/// </summary>
public sealed record IntakeThread(IntakeStatus Status, DateOnly ReceivedOn, IReadOnlyList<DateOnly> ReporterWrote, IReadOnlyList<IntakeMessage> Replies);

/// <summary>A reporter opens their report with the receipt code, on the form's address. Works while sealed.</summary>
public sealed class FollowIntakeReport(DalelInstance instance)
{
    public Result<IntakeThread> Run(string slug, string? receipt)
    {
        var opened = OpenByReceipt(instance, slug, receipt);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var (door, report, key) = opened.Value;
        try
        {
            var messages = door.Read(c => IntakeStore.OpenMessages(c, null, report.Id, key));
            return new IntakeThread(
                report.Status,
                DateOnly.FromDateTime(messages[0].At.UtcDateTime),
                messages.Where(m => !m.FromOrganisation).Select(m => DateOnly.FromDateTime(m.At.UtcDateTime)).ToList(),
                messages.Where(m => m.FromOrganisation).ToList());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The same answer for a mistyped code, an unknown code and another form's code.</summary>
    internal static Result<(Door.PublicForm Door, IntakeReportRow Report, byte[] Key)> OpenByReceipt(DalelInstance instance, string slug, string? receipt)
    {
        var normalised = Receipt.Normalise(receipt);
        var door = Door.PublicForm.At(instance, slug);
        if (normalised is null || !door.IsOk)
        {
            return Invalid.One("Receipt", "error.intake_receipt");
        }

        var report = door.Value.Read(c => IntakeStore.ReportByReceipt(c, null, normalised));
        if (report is null || report.OrgId != door.Value.Form.OrgId || IntakeStore.KeyFor(normalised, report) is not { } key)
        {
            return Invalid.One("Receipt", "error.intake_receipt");
        }

        return (door.Value, report, key);
    }
}

/// <summary>A reporter adds to their report with the receipt code. Works while sealed; the organisation sees it as awaiting a reply.</summary>
public sealed class AddToIntakeReport(DalelInstance instance)
{
    public Result<Done> Run(string slug, string? receipt, string text, string language)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return Invalid.One("Text", "error.required");
        }

        if (text.Length > SubmitIntakeReport.MaxLong)
        {
            return Invalid.One("Text", "error.too_long", SubmitIntakeReport.MaxLong.ToString(CultureInfo.InvariantCulture));
        }

        var opened = FollowIntakeReport.OpenByReceipt(instance, slug, receipt);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var (door, report, key) = opened.Value;
        try
        {
            return door.Write((c, t, audit) =>
            {
                // The state update first: its row lock orders concurrent messages on one report, so their numbers differ.
                IntakeStore.SetState(c, t, report.Id, report.Status == IntakeStatus.Closed ? IntakeStatus.Open : report.Status, awaitingReply: true);
                IntakeStore.AddMessage(c, t, report.Id, key, new IntakeMessage { FromOrganisation = false, At = door.Now, Text = text, Language = language });
                audit(AuditAction.IntakeReporterAdded, report.Id.ToString("D"));
                return new Result<Done>(Done.Value);
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
