using System.Text;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Text;
using Dalel.Core.Vault;

namespace Dalel.Core.Intake;

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
                IntakeStore.AddReply(c, t, report.Id, key, new IntakeMessage { FromOrganisation = true, At = instance.Clock.GetUtcNow(), Text = text });
                return Done.Value;
            });
            audit(AuditAction.IntakeReplied, report.Id.ToString("D"));
            return Done.Value;
        });
    }
}
