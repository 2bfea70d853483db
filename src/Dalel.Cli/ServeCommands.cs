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

    internal static Command Serve()
    {
        var urls = Urls();
        var command = new Command("serve", "Start the web app (sealed; an owner unseals it on the web or with 'dalel unseal').") { urls };
        command.SetAction(p =>
        {
            using (Commands.Where(p).OpenInitialised())
            {
            }

            Console.WriteLine($"Dalel is listening on {p.GetValue(urls)} (sealed).");
            Dalel.Web.DalelWebApp.Run(Commands.Where(p).Options(), p.GetValue(urls)!);
            return 0;
        });
        return command;
    }

    internal static Command Demo()
    {
        var serve = new Option<bool>("--serve") { Description = "Start the web app afterwards" };
        var urls = Urls();
        var command = new Command("demo", "Create a data directory holding the demo coalition (kept if it already exists).") { serve, urls };
        command.SetAction(p =>
        {
            var where = Commands.Where(p);
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
            if (p.GetValue(serve))
            {
                // Demo owners would otherwise have to set up an authenticator app before seeing anything.
                Dalel.Web.DalelWebApp.Run(where.Options() with { OwnersNeedSecondFactor = false }, p.GetValue(urls)!);
            }

            return 0;
        });
        return command;
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
