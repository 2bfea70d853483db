using System.Text;
using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Intake;

/// <summary>How many reports wait for the organisation (new, or the reporter added something): for the navigation. Reads only plain columns.</summary>
public sealed class CountAwaitingIntake(DalelInstance instance)
{
    public int Run(OrgScope scope) =>
        instance.Entrance.ReadPlain(scope, Capability.HandleIntake, c => c.Scalar<long>(null, "SELECT COUNT(*) FROM intake_reports WHERE org_id = @org AND awaiting_reply = 1 AND status <> @closed",
            ("org", scope.OrganisationId), ("closed", IntakeStatus.Closed.ToString()))) is { IsOk: true } count ? (int)count.Value : 0;
}
