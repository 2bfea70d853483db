namespace Dalel.Core.FieldCapture;

/// <summary>
/// A sliding window of each device's requests. A phone sending a day's work uses a few dozen; a credential copied
/// off a seized phone and used to flood the queue or probe the server meets the limit, and waits.
/// </summary>
internal sealed class DeviceUses
{
    public const int Limit = 120;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly Dictionary<Guid, Queue<DateTimeOffset>> _uses = [];

    /// <summary>Counts one use; false when the device is over its limit (the use is not counted then).</summary>
    public bool TryUse(Guid device, DateTimeOffset now)
    {
        lock (_uses)
        {
            if (!_uses.TryGetValue(device, out var times))
            {
                times = _uses[device] = new Queue<DateTimeOffset>();
            }

            while (times.Count > 0 && now - times.Peek() >= Window)
            {
                times.Dequeue();
            }

            if (times.Count >= Limit)
            {
                return false;
            }

            times.Enqueue(now);
            return true;
        }
    }
}
