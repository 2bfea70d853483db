using System.Threading.RateLimiting;

namespace Dalel.Web.Security;

/// <summary>
/// Limits what the public form accepts per minute across the whole instance: new reports and receipt look-ups, each
/// its own window. Global rather than per address because reporters come through Tor and proxies, and because Dalel
/// keeps no addresses. The page checks it itself, so a refused reporter gets their typed text back, not an error page.
/// </summary>
public sealed class IntakeLimiter(int reportsPerMinute, int receiptsPerMinute) : IDisposable
{
    private readonly FixedWindowRateLimiter _reports = Window(reportsPerMinute);
    private readonly FixedWindowRateLimiter _receipts = Window(receiptsPerMinute);

    public bool TryReport() => Acquire(_reports);

    public bool TryReceipt() => Acquire(_receipts);

    private static bool Acquire(RateLimiter limiter)
    {
        using var lease = limiter.AttemptAcquire();
        return lease.IsAcquired;
    }

    private static FixedWindowRateLimiter Window(int permits) =>
        new(new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, permits), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    public void Dispose()
    {
        _reports.Dispose();
        _receipts.Dispose();
    }
}
