using System.CommandLine;
using Dalel.Core;
using Dalel.Core.Audit;
using Dalel.Core.Demo;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Transfer;
using Dalel.Core.Vault;

namespace Dalel.Cli;

/// <summary>Serving the web app, with or without the demo coalition.</summary>
internal static class ServeCommands
{
    private static Option<string> Urls() => new("--urls") { Description = "Where to listen", DefaultValueFactory = _ => "http://127.0.0.1:5080" };

    /// <summary>Set by the supervisor on the process it starts (<see cref="Supervisor"/>).</summary>
    private static Option<bool> Worker() => new("--worker") { Hidden = true };

    /// <summary>The supervisor's worker: hardened, and ending when the instance seals.</summary>
    private static int RunWorker(DalelOptions options, string urls)
    {
        ProcessHardening.Apply();
        return Dalel.Web.DalelWebApp.Run(options with { EndProcessOnSeal = true }, urls) ? Supervisor.SealedExitCode : 0;
    }

    /// <summary>This command again, as the worker.</summary>
    private static int Supervise() => Supervisor.Run([.. Environment.GetCommandLineArgs().Skip(1), "--worker"]);

    internal static Command Serve()
    {
        var urls = Urls();
        var worker = Worker();
        var command = new Command("serve", "Start the web app (sealed; an owner unseals it on the web or with 'dalel unseal'). Sealing ends the process that held the keys; a fresh one serves, sealed.") { urls, worker };
        command.SetAction(p =>
        {
            if (p.GetValue(worker))
            {
                return RunWorker(Commands.Where(p).Options(), p.GetValue(urls)!);
            }

            using (Commands.Where(p).OpenInitialised())
            {
            }

            EnsureFree(p.GetValue(urls)!);
            Console.WriteLine($"Dalel is listening on {p.GetValue(urls)} (sealed).");
            return Supervise();
        });
        return command;
    }

    internal static Command Demo()
    {
        var serve = new Option<bool>("--serve") { Description = "Start the web app afterwards" };
        var urls = Urls();
        var worker = Worker();
        var command = new Command("demo", "Create a data directory holding the demo coalition (kept if it already exists).") { serve, urls, worker };
        command.SetAction(p =>
        {
            var where = Commands.Where(p);
            if (p.GetValue(worker))
            {
                // Demo owners would otherwise have to set up an authenticator app before seeing anything.
                return RunWorker(where.Options() with { OwnersNeedSecondFactor = false }, p.GetValue(urls)!);
            }

            // Before anything is created: a busy port must not leave a half-made demo behind.
            if (p.GetValue(serve))
            {
                EnsureFree(p.GetValue(urls)!);
            }

            using (var instance = where.Open())
            {
                if (!instance.IsInitialised)
                {
                    Console.Error.WriteLine($"Creating the demo coalition in {where.DataDirectory} ...");
                    Terminal.Ok(new BuildDemoCoalition(instance).Run(progress: Terminal.Progress("cases recorded")));
                    Terminal.EndProgress();
                }
            }

            PrintDemo(p.GetValue(urls)!);
            return p.GetValue(serve) ? Supervise() : 0;
        });
        return command;
    }

    /// <summary>
    /// Each address to listen on must be free: another program (often an earlier Dalel) on the port gets one clear line
    /// and the way out, not the web host's stack trace.
    /// </summary>
    private static void EnsureFree(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var address))
            {
                throw new CliFailure($"--urls: '{url}' is not an address such as http://127.0.0.1:5080.");
            }

            var ip = address.Host == "localhost" ? System.Net.IPAddress.Loopback : System.Net.IPAddress.TryParse(address.Host.Trim('[', ']'), out var parsed) ? parsed : null;
            if (ip is null)
            {
                continue;
            }

            try
            {
                var listener = new System.Net.Sockets.TcpListener(ip, address.Port);
                listener.Start();
                listener.Stop();
            }
            catch (System.Net.Sockets.SocketException)
            {
                throw new CliFailure($"Port {address.Port} on {address.Host} is already in use (another Dalel?). Stop it, or choose another port: --urls http://{address.Host}:{address.Port + 1}");
            }
        }
    }

    private static void PrintDemo(string urls)
    {
        Console.WriteLine();
        Console.WriteLine($"  Dalel demo coalition at {urls.Split(';')[0]}");
        Console.WriteLine($"  Instance passphrase (to unseal): {BuildDemoCoalition.Passphrase}");
        Console.WriteLine($"  Every demo sign-in has the password: {BuildDemoCoalition.Password}");
        Console.WriteLine("  Sign-ins (organisation key . role):");
        foreach (var org in BuildDemoCoalition.Organisations)
        {
            Console.WriteLine($"    {org.Name,-32} {string.Join("  ", Enum.GetValues<Role>().Select(r => $"{org.Key}.{r.ToString().ToLowerInvariant()}"))}");
        }

        Console.WriteLine("  Sign in as trans.owner, unseal with the passphrase, then open the organisation's cases.");
        Console.WriteLine($"  Public report form (anonymous, works while sealed): {urls.Split(';')[0]}/report/{Dalel.Core.Demo.BuildDemoIntake.Slug}");
        Console.WriteLine("  (The demo lets owners in without a second factor; 'dalel serve' requires one.)");
        Console.WriteLine();
    }
}
