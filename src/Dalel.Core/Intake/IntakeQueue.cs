using System.Security.Cryptography;
using System.Text;
using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Text;
using Dalel.Core.Vault;

namespace Dalel.Core.Intake;

public sealed record IntakeSummary(Guid Id, DateTimeOffset ReceivedAt, IntakeStatus Status, bool AwaitingReply, int Messages, string Excerpt, Guid? CaseId);

public sealed record IntakeReport(Guid Id, IntakeStatus Status, bool AwaitingReply, Guid? CaseId, IReadOnlyList<IntakeMessage> Messages, IReadOnlyList<IntakeFileInfo> Files);

/// <summary>Through the door, with the organisation's form, for documenters working the intake queue.</summary>
internal static class OpenIntake
{
    public static Result<(Door.Unsealed Open, IntakeFormRow Form)> For(DalelInstance instance, OrgScope scope)
    {
        var opened = instance.Enter(scope, Capability.HandleIntake);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var form = opened.Value.Read(c => IntakeStore.FormOf(c, null, scope.OrganisationId));
        return form is null ? new NotFound() : (opened.Value, form);
    }

    /// <summary>Opens report keys with the organisation's private key, unwrapped once per use case, not once per report.</summary>
    public static ReportKeys Keys(IntakeFormRow form, Door.Unsealed open) =>
        new(form, IntakeKeys.ImportPrivateKey(form.WrappedPrivateKey, open.DataKey, form.OrgId));

    public sealed class ReportKeys(IntakeFormRow form, ECDiffieHellman privateKey) : IDisposable
    {
        public T With<T>(IntakeReportRow report, Func<byte[], T> use)
        {
            var key = IntakeKeys.Open(privateKey, form.PublicKey, report.KeyForOrg, IntakeKeys.ReportKeyAad(report.Id));
            try
            {
                return use(key);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }

        public void Dispose() => privateKey.Dispose();
    }
}

/// <summary>Reports received through the organisation's public form, newest first.</summary>
public sealed class ListIntakeReports(DalelInstance instance)
{
    public Result<IReadOnlyList<IntakeSummary>> Run(OrgScope scope)
    {
        var opened = OpenIntake.For(instance, scope);
        if (!opened.IsOk)
        {
            return opened.Error! is NotFound ? new Result<IReadOnlyList<IntakeSummary>>([]) : opened.Error!;
        }

        var (open, form) = opened.Value;
        using var keys = OpenIntake.Keys(form, open);
        return open.Read(c =>
        {
            // Only each report's first message is opened: the queue shows its beginning and a count.
            var firsts = IntakeStore.Firsts(c, null, scope.OrganisationId);
            return IntakeStore.Reports(c, null, scope.OrganisationId).Where(r => firsts.ContainsKey(r.Id)).Select(report =>
            {
                var (sealedFirst, count) = firsts[report.Id];
                var first = keys.With(report, key => IntakeStore.OpenMessage(report.Id, 1, sealedFirst, key));
                var excerpt = first.Answers.OrderByDescending(a => a.Answer.Length).Select(a => a.Answer).FirstOrDefault() ?? "";
                return new IntakeSummary(report.Id, first.At, report.Status, report.AwaitingReply, (int)count,
                    excerpt.Length > 160 ? excerpt[..160] + "…" : excerpt, report.CaseId);
            }).ToList();
        });
    }
}

/// <summary>One report's whole thread, for a documenter.</summary>
public sealed class GetIntakeReport(DalelInstance instance)
{
    public Result<IntakeReport> Run(OrgScope scope, Guid id)
    {
        var opened = OpenIntake.For(instance, scope);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var (open, form) = opened.Value;
        using var keys = OpenIntake.Keys(form, open);
        return open.Read<Result<IntakeReport>>(c =>
        {
            var report = IntakeStore.Report(c, null, scope.OrganisationId, id);
            if (report is null)
            {
                return new NotFound();
            }

            var (messages, files) = keys.With(report, key => (IntakeStore.OpenMessages(c, null, report.Id, key), IntakeStore.FileInfos(c, null, report.Id, key)));
            return new IntakeReport(report.Id, report.Status, report.AwaitingReply, report.CaseId, messages, files);
        });
    }
}

/// <summary>A file a reporter sent, decrypted for a documenter (files identify people: it needs the right to see identities).</summary>
public sealed class OpenIntakeFile(DalelInstance instance)
{
    public Result<(IntakeFileInfo Info, byte[] Content)> Run(OrgScope scope, Guid id, int n)
    {
        if (!scope.Can(Capability.ReadIdentities))
        {
            return new Forbidden();
        }

        var opened = OpenIntake.For(instance, scope);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var (open, form) = opened.Value;
        using var keys = OpenIntake.Keys(form, open);
        var found = open.Read(c =>
        {
            var report = IntakeStore.Report(c, null, scope.OrganisationId, id);
            return report is null ? default : keys.With(report, key =>
                (Info: IntakeStore.FileInfos(c, null, report.Id, key).FirstOrDefault(f => f.N == n), Content: IntakeStore.FileContent(c, null, report.Id, key, n)));
        });
        if (found.Info is null || found.Content is null)
        {
            return new NotFound();
        }

        open.Audit(AuditAction.IntakeFileOpened, id.ToString("D"));
        return (found.Info, found.Content);
    }
}

/// <summary>A documenter answers a reporter, who reads it with their receipt.</summary>
public sealed class ReplyToIntakeReport(DalelInstance instance)
{
    public const int MaxReply = 20_000;

    public Result<Done> Run(OrgScope scope, Guid id, string text)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return Invalid.One("Reply", "error.required");
        }

        if (text.Length > MaxReply)
        {
            return Invalid.One("Reply", "error.too_long", MaxReply.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var opened = OpenIntake.For(instance, scope);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var (open, form) = opened.Value;
        using var keys = OpenIntake.Keys(form, open);
        return open.Write<Result<Done>>((c, t, audit) =>
        {
            var report = IntakeStore.Report(c, t, scope.OrganisationId, id);
            if (report is null)
            {
                return new NotFound();
            }

            // The state update first: its row lock orders concurrent messages on one report, so their numbers differ.
            IntakeStore.SetState(c, t, report.Id, report.Status == IntakeStatus.New ? IntakeStatus.Open : report.Status, awaitingReply: false);
            keys.With(report, key =>
            {
                IntakeStore.AddMessage(c, t, report.Id, key, new IntakeMessage { FromOrganisation = true, At = instance.Clock.GetUtcNow(), Text = text });
                return Done.Value;
            });
            audit(AuditAction.IntakeReplied, report.Id.ToString("D"));
            return Done.Value;
        });
    }
}

/// <summary>A documenter closes a report that needs nothing more (or reopens it). The reporter can still add to it, which reopens it.</summary>
public sealed class CloseIntakeReport(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, Guid id, bool close)
    {
        var opened = OpenIntake.For(instance, scope);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        return opened.Value.Open.Write<Result<Done>>((c, t, audit) =>
        {
            var report = IntakeStore.Report(c, t, scope.OrganisationId, id);
            if (report is null)
            {
                return new NotFound();
            }

            var status = close ? IntakeStatus.Closed : report.CaseId is null ? IntakeStatus.Open : IntakeStatus.Converted;
            IntakeStore.SetState(c, t, report.Id, status, awaitingReply: !close && report.AwaitingReply);
            audit(close ? AuditAction.IntakeClosed : AuditAction.IntakeReopened, report.Id.ToString("D"));
            return Done.Value;
        });
    }
}

/// <summary>
/// A documenter turns a report into a case: the reporter's answers and additions become the narrative, the date is
/// read from the answers where it can be, and the case is marked as coming from an anonymous report. The documenter
/// then codes it on the case form. One transaction, so a report is never converted twice or half.
/// </summary>
public sealed class ConvertIntakeReport(DalelInstance instance)
{
    public Result<Guid> Run(OrgScope scope, Guid id, string language)
    {
        if (!scope.Can(Capability.WriteCases))
        {
            return new Forbidden();
        }

        var opened = OpenIntake.For(instance, scope);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var (open, form) = opened.Value;
        using var keys = OpenIntake.Keys(form, open);
        var now = open.Now;
        return open.Write<Result<Guid>>((c, t, audit) =>
        {
            var report = IntakeStore.Report(c, t, scope.OrganisationId, id);
            if (report is null)
            {
                return new NotFound();
            }

            if (report.CaseId is { } existing)
            {
                return existing;
            }

            // Claim the report first: of two documenters converting at once, the second waits on this row and then
            // finds it taken, so a report never becomes two cases.
            var caseId = Guid.NewGuid();
            if (c.Execute(t, "UPDATE intake_reports SET status = @s, case_id = @case WHERE id = @id AND case_id IS NULL",
                    ("s", IntakeStatus.Converted.ToString()), ("case", caseId.ToString("D")), ("id", report.Id)) == 0)
            {
                return IntakeStore.Report(c, t, scope.OrganisationId, id)!.CaseId!.Value;
            }

            var (messages, files) = keys.With(report, key => (
                IntakeStore.OpenMessages(c, t, report.Id, key),
                IntakeStore.FileInfos(c, t, report.Id, key).Select(f => (Info: f, Content: IntakeStore.FileContent(c, t, report.Id, key, f.N)!)).ToList()));
            var content = CaseFrom(messages, language, open.Today);
            // The reporter's files become the case's evidence as received: same bytes, same hash, time of receipt.
            var evidence = files.Select(f => (File: new EvidenceFile
            {
                Id = Guid.NewGuid(), FileName = f.Info.FileName, ContentType = f.Info.ContentType, Size = f.Info.Size, Sha256 = f.Info.Sha256, UploadedAt = f.Info.ReceivedAt,
            }, f.Content)).ToList();
            var record = content.ToRecord(caseId, scope.OrganisationId, now, now, evidence.Select(e => e.File).ToList());
            CaseWrites.Insert(c, t, open.Keys, record, content.StoredIdentities);
            audit(AuditAction.CaseCreated, record.Id.ToString("D"));
            audit(AuditAction.IntakeConverted, report.Id.ToString("D"));
            foreach (var (file, bytes) in evidence)
            {
                EvidenceFiles.Insert(c, t, open, caseId, file.Id, bytes);
                audit(AuditAction.FileAttached, file.Id.ToString("D"));
            }

            return record.Id;
        });
    }

    internal static CaseContent CaseFrom(IReadOnlyList<IntakeMessage> messages, string language, DateOnly today)
    {
        var first = messages[0];
        var narrative = new StringBuilder();
        foreach (var message in messages.Where(m => !m.FromOrganisation))
        {
            narrative.AppendLine(Texts.Get("intake.case_message_heading", language, message.At.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
            foreach (var answer in message.Answers)
            {
                narrative.Append(answer.Question).Append(": ").AppendLine(answer.Answer);
            }

            if (message.Text.Length > 0)
            {
                narrative.AppendLine(message.Text);
            }

            narrative.AppendLine();
        }

        var received = DateOnly.FromDateTime(first.At.UtcDateTime);
        var when = first.Answers.FirstOrDefault(a => a.QuestionId == "when")?.Answer;
        var date = IncidentDate.TryParse(when, null, out var parsed) && parsed is not null && parsed.From <= today
            ? parsed
            : new IncidentDate(DatePrecision.Year, new DateOnly(received.Year, 1, 1), new DateOnly(received.Year, 12, 31));
        return new CaseContent
        {
            Title = Texts.Get("intake.case_title", language, received.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            Narrative = narrative.ToString().Trim(),
            Date = date,
            Sources = [new Source { Type = "other", Date = received, Description = Texts.Get("intake.case_source", language) }],
        };
    }
}

/// <summary>How many reports wait for the organisation (new, or the reporter added something): for the navigation. Reads only plain columns.</summary>
public sealed class CountAwaitingIntake(DalelInstance instance)
{
    public int Run(OrgScope scope) =>
        instance.Entrance.ReadPlain(scope, Capability.HandleIntake, c => c.Scalar<long>(null, "SELECT COUNT(*) FROM intake_reports WHERE org_id = @org AND awaiting_reply = 1 AND status <> @closed",
            ("org", scope.OrganisationId), ("closed", IntakeStatus.Closed.ToString()))) is { IsOk: true } count ? (int)count.Value : 0;
}
