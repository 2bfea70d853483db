using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.FieldCapture;

/// <summary>Where field capture stands: on or off, how many submissions wait sealed, and those refused with why.</summary>
public sealed record FieldCaptureState(bool Configured, bool Enabled, int Waiting, int Opened, IReadOnlyList<FieldRefusal> Refused);

public sealed class GetFieldCapture(DalelInstance instance)
{
    public Result<FieldCaptureState> Run(OrgScope scope)
    {
        var opened = instance.Enter(scope, Capability.HandleIntake);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        return opened.Value.Read(c =>
        {
            var capture = FieldCaptureStore.Of(c, null, scope.OrganisationId);
            var counts = c.Query(null, "SELECT status, COUNT(*) AS n FROM field_submissions WHERE org_id = @org GROUP BY status",
                r => (Status: r.GetString(0), N: (int)r.GetLong("n")), ("org", scope.OrganisationId)).ToDictionary(x => x.Status, x => x.N);
            var refused = FieldCaptureStore.Submissions(c, null, scope.OrganisationId, FieldStatus.Refused)
                .Select(r => new FieldRefusal(r.Seq, r.Reason ?? "error.field_signature", [])).ToList();
            return new FieldCaptureState(capture is not null, capture?.Enabled == true,
                counts.GetValueOrDefault(FieldStatus.Received), counts.GetValueOrDefault(FieldStatus.Opened), refused);
        });
    }
}
