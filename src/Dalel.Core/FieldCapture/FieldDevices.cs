using System.Security.Cryptography;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.FieldCapture;

/// <summary>A device credential as listed: who holds it (sealed), never its secret, which is shown once.</summary>
public sealed record FieldDevice(Guid Id, string Label, DateTimeOffset IssuedAt, string IssuedBy, bool Revoked);

/// <summary>A new credential: the user name is the device's id, the password its secret.</summary>
public sealed record IssuedFieldDevice(FieldDevice Device, string Secret);

internal sealed record StoredFieldDevice(Guid Id, string Label, DateTimeOffset IssuedAt, string IssuedBy);

/// <summary>
/// An owner gives a documenter's phone its own credential for the field apps: it can fetch the forms and send
/// submissions to this organisation and nothing else. Who holds it is a sealed document; the row the server checks
/// holds the SHA-256 of a 256-bit secret only, so a seized database does not say whose phones send.
/// </summary>
public sealed class IssueFieldDevice(DalelInstance instance)
{
    public Result<IssuedFieldDevice> Run(OrgScope scope, string label)
    {
        var opened = instance.Enter(scope, Capability.ConfigureIntake);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        label = label.Trim();
        if (label.Length == 0)
        {
            return Invalid.One("Label", "error.required");
        }

        if (label.Length > 100)
        {
            return Invalid.One("Label", "error.too_long", "100");
        }

        var open = opened.Value;
        if (open.Read(c => FieldCaptureStore.Of(c, null, scope.OrganisationId)) is not { Enabled: true })
        {
            return Invalid.One("Label", "error.field_off");
        }

        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var stored = new StoredFieldDevice(Guid.NewGuid(), label, open.Now, scope.Actor);
        open.Change(AuditAction.FieldDeviceIssued, stored.Id.ToString("D"), (c, t) =>
        {
            c.Execute(t, "INSERT INTO field_devices (id, org_id, secret_sha256, revoked) VALUES (@id, @org, @hash, 0)",
                ("id", stored.Id), ("org", scope.OrganisationId), ("hash", FieldCaptureStore.SecretHash(secret)));
            return SealedDocuments.Save(c, t, open.DataKey, FieldCaptureStore.DeviceKind, scope.OrganisationId, stored.Id, stored, 0);
        });
        return new IssuedFieldDevice(new FieldDevice(stored.Id, label, stored.IssuedAt, stored.IssuedBy, false), secret);
    }
}

public sealed class ListFieldDevices(DalelInstance instance)
{
    public Result<IReadOnlyList<FieldDevice>> Run(OrgScope scope)
    {
        var opened = instance.Enter(scope, Capability.ConfigureIntake);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        return open.Read(c =>
        {
            var revoked = c.Query(null, "SELECT id FROM field_devices WHERE org_id = @org AND revoked = 1", r => r.GetGuid("id"), ("org", scope.OrganisationId)).ToHashSet();
            return SealedDocuments.List<StoredFieldDevice>(c, null, open.DataKey, FieldCaptureStore.DeviceKind, scope.OrganisationId)
                .Select(d => new FieldDevice(d.Value.Id, d.Value.Label, d.Value.IssuedAt, d.Value.IssuedBy, revoked.Contains(d.Value.Id)))
                .OrderByDescending(d => d.IssuedAt).ToList();
        });
    }
}

/// <summary>A lost or seized phone is cut off in one step: its credential no longer opens anything, at once.</summary>
public sealed class RevokeFieldDevice(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, Guid id)
    {
        var opened = instance.Enter(scope, Capability.ConfigureIntake);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var changed = opened.Value.Change(AuditAction.FieldDeviceRevoked, id.ToString("D"), (c, t) =>
            c.Execute(t, "UPDATE field_devices SET revoked = 1 WHERE id = @id AND org_id = @org AND revoked = 0", ("id", id), ("org", scope.OrganisationId)) == 1);
        return changed ? Done.Value : new NotFound();
    }
}
