using System.Text;
using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Text;
using Dalel.Core.Vault;

namespace Dalel.Core.Intake;

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
                var first = keys.With(report, key => keys.Message(report, sealedFirst, key));
                var excerpt = first.Answers.OrderByDescending(a => a.Answer.Length).Select(a => a.Answer).FirstOrDefault() ?? "";
                return new IntakeSummary(report.Id, first.At, report.Status, report.AwaitingReply, (int)count,
                    excerpt.Length > 160 ? excerpt[..160] + "…" : excerpt, IntakeStore.CaseOf(report, open.DataKey));
            }).ToList();
        });
    }
}
