using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dalel.Core.Audit;
using Dalel.Core.FieldCapture;
using Dalel.Core.Storage;

namespace Dalel.Core.Door;

/// <summary>A device is over its limit of requests; it may try again later.</summary>
public sealed record TooManyRequests(TimeSpan RetryAfter) : Error;

/// <summary>
/// The door for a field app: one device credential of one organisation (from the route), usable while the instance is
/// sealed. It reaches that organisation's field rows only; a revoked, unknown or wrong credential is refused the same
/// way, and every write is audited as the device, in the same transaction.
/// </summary>
internal sealed class FieldDevice
{
    private readonly DalelInstance _instance;

    private FieldDevice(DalelInstance instance, FieldCaptureRow capture, Guid device)
    {
        _instance = instance;
        Capture = capture;
        Device = device;
    }

    public FieldCaptureRow Capture { get; }

    public Guid Device { get; }

    public DateTimeOffset Now => _instance.Clock.GetUtcNow();

    public static Result<FieldDevice> At(DalelInstance instance, Guid org, Guid device, string secret)
    {
        var (capture, hash) = instance.Database.Read(c => (
            FieldCaptureStore.Of(c, null, org),
            c.Query(null, "SELECT secret_sha256 FROM field_devices WHERE id = @id AND org_id = @org AND revoked = 0", r => r.GetString(0), ("id", device), ("org", org)).FirstOrDefault()));
        if (capture is not { Enabled: true })
        {
            return new NotFound();
        }

        var given = Encoding.ASCII.GetBytes(FieldCaptureStore.SecretHash(secret));
        if (hash is null || !CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(hash)))
        {
            return new BadCredentials();
        }

        if (!instance.FieldDeviceUses.TryUse(device, instance.Clock.GetUtcNow()))
        {
            return new TooManyRequests(DeviceUses.Window);
        }

        return new FieldDevice(instance, capture, device);
    }

    public T Read<T>(Func<DbConnection, T> read) => _instance.Database.Read(read);

    /// <summary>One transaction; the work audits its event as this device, for its organisation.</summary>
    public T Write<T>(Func<DbConnection, DbTransaction, Action<string, string?>, T> work) =>
        _instance.Database.Write((c, t) => work(c, t, (action, record) => AuditLog.Append(c, t, _instance.Clock, $"device:{Device:N}", action, Capture.OrgId, record)));
}
