using System.Text;
using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Text;
using Dalel.Core.Vault;

namespace Dalel.Core.Intake;

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

            var (messages, files) = (keys.Messages(c, null, report), keys.FileInfos(c, null, report));
            return new IntakeReport(report.Id, report.Status, report.AwaitingReply, IntakeStore.CaseOf(report, open.DataKey), messages, files);
        });
    }
}
