using System.Text.Json;
using Dalel.Core.Audit;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Intake;

/// <summary>
/// Reports received before reporter content was sealed to the organisation alone were all under the key the receipt
/// opens. On unsealing (the first moment the organisation's private key is at hand) they are re-sealed as new ones
/// are: the reporter's words and files to the public key, padded; a note of when under the reply key; and for a report
/// that already became a case, the intake copy removed.
/// </summary>
internal static class ResealEarlierIntakeReports
{
    public static void Run(Door.Unsealed door)
    {
        var form = door.Read(c => IntakeStore.FormOf(c, null, door.Organisation));
        if (form is null)
        {
            return;
        }

        using var keys = OpenIntake.Keys(form, door);
        door.Write((c, t, audit) =>
        {
            foreach (var report in IntakeStore.Reports(c, t, door.Organisation).Where(IntakeStore.CaseLinkIsPlain))
            {
                c.Execute(t, "UPDATE intake_reports SET case_id = @c WHERE id = @id",
                    ("c", IntakeStore.SealCase(door.DataKey, report.Id, IntakeStore.CaseOf(report, door.DataKey)!.Value)), ("id", report.Id));
                audit(AuditAction.IntakeResealed, report.Id.ToString("D"));
            }

            foreach (var report in IntakeStore.Reports(c, t, door.Organisation).Where(r => r.Scheme < IntakeStore.SealedToOrganisation))
            {
                var messages = keys.Messages(c, t, report);
                var files = !report.Converted ? keys.Files(c, t, report) : [];
                keys.With(report, replyKey =>
                {
                    c.Execute(t, "DELETE FROM intake_files WHERE report_id = @id", ("id", report.Id));
                    c.Execute(t, "DELETE FROM intake_messages WHERE report_id = @id", ("id", report.Id));
                    foreach (var message in messages)
                    {
                        if (message.FromOrganisation)
                        {
                            IntakeStore.AddReply(c, t, report.Id, replyKey, message);
                        }
                        else
                        {
                            IntakeStore.AddFromReporter(c, t, report.Id, form.PublicKey, replyKey, message);
                        }
                    }

                    foreach (var (info, content) in files)
                    {
                        IntakeStore.AddFile(c, t, report.Id, form.PublicKey, info, content);
                    }

                    if (report.Converted)
                    {
                        IntakeStore.RemoveReporterContent(c, t, report.Id);
                    }

                    return Done.Value;
                });
                c.Execute(t, "UPDATE intake_reports SET scheme = @s WHERE id = @id", ("s", IntakeStore.SealedToOrganisation), ("id", report.Id));
                audit(AuditAction.IntakeResealed, report.Id.ToString("D"));
            }

            return Done.Value;
        });
    }
}
