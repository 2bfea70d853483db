namespace Dalel.Core.FieldCapture;

/// <summary>The forms a device may fetch (the Form List API), while the instance is sealed too: the forms hold nothing secret.</summary>
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
        return new[] { FieldForms.Incident(capture.RsaPublicKey, capture.Countries, instance.Catalog) };
    }
}
