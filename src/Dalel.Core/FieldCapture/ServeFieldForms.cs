namespace Dalel.Core.FieldCapture;

/// <summary>The forms a device may fetch (the Form List API and the form itself; <see cref="Admit"/> for the submission pre-flight), while the instance is sealed too: the forms hold nothing secret.</summary>
public sealed class ServeFieldForms(DalelInstance instance)
{
    public Result<IReadOnlyList<FieldFormInfo>> Run(Guid org, Guid device, string secret)
    {
        var door = Door.FieldDevice.At(instance, org, device, secret);
        if (!door.IsOk)
        {
            return door.Error!;
        }

        var capture = door.Value.Capture;
        // Every use of a credential is audited, fetching forms too: a copied credential shows in the log.
        door.Value.Write((c, t, audit) =>
        {
            audit(Audit.AuditAction.FieldFormsFetched, door.Value.Device.ToString("D"));
            return true;
        });
        return new[] { FieldForms.Incident(capture.RsaPublicKey, capture.Countries, instance.Catalog) };
    }

    /// <summary>The submission pre-flight (HEAD): the credential checked and its use audited, no form built.</summary>
    public Result<Done> Admit(Guid org, Guid device, string secret)
    {
        var door = Door.FieldDevice.At(instance, org, device, secret);
        if (!door.IsOk)
        {
            return door.Error!;
        }

        door.Value.Write((c, t, audit) =>
        {
            audit(Audit.AuditAction.FieldChecked, door.Value.Device.ToString("D"));
            return true;
        });
        return Done.Value;
    }
}
