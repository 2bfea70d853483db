using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Dalel.Cli;

/// <summary>
/// `dalel serve` is two processes. This supervisor never opens a key, reads a passphrase or decrypts anything: it
/// starts a worker (the web host) and, when the worker ends because the instance sealed, starts a fresh one, sealed.
/// So sealing ends the only process that ever held the passphrase, keys or decrypted cases; what it leaves is freed
/// memory, which the kernel hands out again (see docs/threat-model.md for what that still means).
/// The worker runs with .NET's diagnostics server off (no dumps or traces through its socket) and is made
/// non-dumpable (<see cref="ProcessHardening"/>).
/// </summary>
internal static partial class Supervisor
{
    /// <summary>The worker's exit code for "I sealed: start me again" (EX_TEMPFAIL).</summary>
    public const int SealedExitCode = 75;

    private const int SigTerm = 15;

    public static int Run(IReadOnlyList<string> workerArgs)
    {
        Process? worker = null;
        var stopping = false;
        // SIGTERM (systemd stop) goes on to the worker, whose shutdown seals; Ctrl+C reaches both processes already.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopping = true;
            if (worker is { HasExited: false } running)
            {
                _ = Kill(running.Id, SigTerm);
            }
        });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stopping = true;
        });

        while (true)
        {
            worker = Process.Start(WorkerStart(workerArgs)) ?? throw new CliFailure("The web worker could not be started.");
            Console.WriteLine($"Dalel worker {worker.Id} started (sealed).");
            worker.WaitForExit();
            var code = worker.ExitCode;
            worker.Dispose();
            if (stopping || code != SealedExitCode)
            {
                return code;
            }

            Console.WriteLine("Sealed: the worker that held the keys has ended; a fresh one starts, sealed.");
        }
    }

    private static ProcessStartInfo WorkerStart(IReadOnlyList<string> args)
    {
        var host = Environment.ProcessPath ?? throw new CliFailure("Cannot tell which program to start.");
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        // Run as "dotnet dalel.dll": the worker needs the same assembly.
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(Supervisor).Assembly.Location);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        return start;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

/// <summary>What the worker does to itself at start, on Linux: no core dumps, no /proc/PID/mem for other processes.</summary>
internal static partial class ProcessHardening
{
    private const int PrGetDumpable = 3;
    private const int PrSetDumpable = 4;

    public static void Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        if (Prctl(PrSetDumpable, 0, 0, 0, 0) != 0)
        {
            Console.Error.WriteLine("dalel: could not mark the worker non-dumpable (prctl); core dumps must be off (LimitCORE=0).");
        }

        // Said as the kernel now sees it, for operators (and the test that checks it).
        var diagnostics = Environment.GetEnvironmentVariable("DOTNET_EnableDiagnostics") == "0" ? "off" : "on";
        Console.WriteLine($"Dalel worker {Environment.ProcessId}: dumpable {Prctl(PrGetDumpable, 0, 0, 0, 0)}, diagnostics {diagnostics}.");
    }

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
}
