using System.Text;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Text;
using Dalel.Core.Vault;

namespace Dalel.Core.Intake;

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

            var status = close ? IntakeStatus.Closed : !report.Converted ? IntakeStatus.Open : IntakeStatus.Converted;
            IntakeStore.SetState(c, t, report.Id, status, awaitingReply: !close && report.AwaitingReply);
            audit(close ? AuditAction.IntakeClosed : AuditAction.IntakeReopened, report.Id.ToString("D"));
            return Done.Value;
        });
    }
}
