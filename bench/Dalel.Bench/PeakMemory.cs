using System.Diagnostics;

namespace Dalel.Bench;

/// <summary>Runs work after a full collection and samples resident memory every 5 ms meanwhile.</summary>
internal static class PeakMemory
{
    /// <summary>How long the work took, the resident memory before it (idle) and the highest seen during it.</summary>
    public static (TimeSpan Elapsed, long Idle, long Peak) Measure(Action work)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var idle = process.WorkingSet64;
        var peak = idle;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(() =>
        {
            using var self = Process.GetCurrentProcess();
            while (!stop.IsCancellationRequested)
            {
                self.Refresh();
                peak = Math.Max(peak, self.WorkingSet64);
                Thread.Sleep(5);
            }
        });
        var clock = Stopwatch.StartNew();
        work();
        clock.Stop();
        stop.Cancel();
        sampler.Wait();
        return (clock.Elapsed, idle, peak);
    }
}
