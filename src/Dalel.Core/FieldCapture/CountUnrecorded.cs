using Dalel.Core.Intake;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.FieldCapture;

/// <summary>Received, not yet recorded: reports in the queue not made cases nor closed, and field submissions still sealed.</summary>
public sealed record Unrecorded(int Reports, int SealedFromPhones)
{
    public int Total => Reports + SealedFromPhones;
}

/// <summary>
/// What statistics do not count yet, said beside them: a report becomes a case (and counts) once, when a documenter
/// records it; until then it is here. Reads only plain columns, so analysts see the number and nothing else.
/// </summary>
public sealed class CountUnrecorded(DalelInstance instance)
{
    public Unrecorded Run(OrgScope scope) =>
        instance.Entrance.ReadPlain(scope, Capability.ReadCodedFacts, c => new Unrecorded(
            (int)c.Scalar<long>(null, "SELECT COUNT(*) FROM intake_reports WHERE org_id = @org AND case_id IS NULL AND status <> @closed",
                ("org", scope.OrganisationId), ("closed", IntakeStatus.Closed.ToString())),
            (int)c.Scalar<long>(null, "SELECT COUNT(*) FROM field_submissions WHERE org_id = @org AND status = @s",
                ("org", scope.OrganisationId), ("s", FieldStatus.Received)))) is { IsOk: true } count ? count.Value : new Unrecorded(0, 0);
}
