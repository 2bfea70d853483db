using System.Text;
using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Text;

namespace Dalel.Core.Intake;

/// <summary>
/// A documenter saves the case form a report was drafted into (<see cref="DraftCaseFromReport"/>): the case is checked
/// like any other, recorded with the reporter's files as its evidence, and the report marked converted. One transaction,
/// so a report is never converted twice or half, and nothing is created before the documenter saves.
/// </summary>
public sealed class ConvertIntakeReport(DalelInstance instance)
{
    public Result<Guid> Run(OrgScope scope, Guid id, CaseContent content)
    {
        if (!scope.Can(Capability.WriteCases))
        {
            return new Forbidden();
        }

        var errors = CaseValidation.Validate(content, instance.Catalog, DateOnly.FromDateTime(instance.Clock.GetUtcNow().UtcDateTime));
        if (errors.Count > 0)
        {
            return new Invalid(errors);
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

            if (IntakeStore.CaseOf(report, open.DataKey) is not null)
            {
                return new AlreadyExists("report");
            }

            // Claim the report first: of two documenters converting at once, the second waits on this row and then
            // finds it taken, so a report never becomes two cases.
            var caseId = Guid.NewGuid();
            if (c.Execute(t, "UPDATE intake_reports SET status = @s, case_id = @case WHERE id = @id AND case_id IS NULL",
                    ("s", IntakeStatus.Converted.ToString()), ("case", IntakeStore.SealCase(open.DataKey, report.Id, caseId)), ("id", report.Id)) == 0)
            {
                return new AlreadyExists("report");
            }

            var files = keys.Files(c, t, report);
            // The reporter's files become the case's evidence as received: same bytes, same hash, time of receipt.
            var evidence = files.Select(f => (File: new EvidenceFile
            {
                Id = Guid.NewGuid(), FileName = f.Info.FileName, ContentType = f.Info.ContentType, Size = f.Info.Size, Sha256 = f.Info.Sha256, UploadedAt = f.Info.ReceivedAt,
            }, f.Content)).ToList();
            var record = content.ToRecord(caseId, scope.OrganisationId, now, now, evidence.Select(e => e.File).ToList());
            CaseWrites.Insert(c, t, open, record, content.StoredIdentities);
            audit(AuditAction.CaseCreated, record.Id.ToString("D"));
            audit(AuditAction.IntakeConverted, report.Id.ToString("D"));
            foreach (var (file, bytes) in evidence)
            {
                EvidenceFiles.Insert(c, t, open, caseId, file.Id, bytes);
                audit(AuditAction.FileAttached, file.Id.ToString("D"));
            }

            // The case holds the reporter's words and files now: the intake copy goes, so the report's rows keep only
            // what the reporter reads with their receipt (replies, and when they wrote).
            IntakeStore.RemoveReporterContent(c, t, report.Id);
            return record.Id;
        });
    }

    internal static CaseContent CaseFrom(IReadOnlyList<IntakeMessage> messages, string language, DateOnly today)
    {
        var first = messages[0];
        var narrative = new StringBuilder();
        foreach (var message in messages.Where(m => !m.FromOrganisation && !m.MovedToCase))
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
