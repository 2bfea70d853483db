using Dalel.Core;
using Dalel.Core.Vault;
using Dalel.Web.Security;

namespace Dalel.Web.Hosting;

/// <summary>The instance the host serves: options, clock, the instance itself, its control socket, intake limits.</summary>
internal static class DalelServices
{
    public static IServiceCollection AddDalelInstance(this IServiceCollection services, DalelOptions? options)
    {
        services.AddSingleton(sp => options ?? ReadOptions(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => DalelInstance.Open(sp.GetRequiredService<DalelOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<ControlChannelService>();
        services.AddSingleton(sp =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            return new IntakeLimiter(
                configuration.GetValue("Dalel:IntakeReportsPerMinute", DalelWebApp.DefaultIntakeReportsPerMinute),
                configuration.GetValue("Dalel:IntakeReceiptsPerMinute", DalelWebApp.DefaultIntakeReceiptsPerMinute));
        });
        return services;
    }

    /// <summary>Configuration: Dalel:DataDirectory, Dalel:Postgres, Dalel:OwnersNeedSecondFactor.</summary>
    internal static DalelOptions ReadOptions(IConfiguration configuration) => new()
    {
        DataDirectory = configuration["Dalel:DataDirectory"] ?? Path.Combine(Environment.CurrentDirectory, "dalel-data"),
        PostgresConnectionString = configuration["Dalel:Postgres"],
        PasswordKdf = KdfParameters.Password,
        OwnersNeedSecondFactor = configuration["Dalel:OwnersNeedSecondFactor"] != "false",
        EndProcessOnSeal = configuration["Dalel:EndProcessOnSeal"] == "true",
    };

    /// <summary>
    /// Seals when the host stops, so keys and decrypted cases do not outlive it in memory; and, under the supervisor,
    /// stops the host when the instance seals, so the process that held them ends (see <see cref="DalelOptions.EndProcessOnSeal"/>).
    /// </summary>
    public static WebApplication SealOnShutdown(this WebApplication app)
    {
        var instance = app.Services.GetRequiredService<DalelInstance>();
        app.Lifetime.ApplicationStopping.Register(() => new SealVault(instance).Run(Dalel.Core.Audit.Actors.System));
        if (instance.Options.EndProcessOnSeal)
        {
            instance.Vault.Sealed += () =>
            {
                DalelWebApp.EndedBySealing = true;
                // After the request that sealed has had its answer (the keys are already gone). A second, not 300 ms: on a
                // busy machine the answer took longer, and the owner got an error page instead of "a fresh one starts".
                _ = Task.Delay(TimeSpan.FromSeconds(1)).ContinueWith(_ => app.Lifetime.StopApplication(), TaskScheduler.Default);
            };
        }

        return app;
    }
}

internal sealed class ControlChannelService(DalelInstance instance) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        OperatingSystem.IsWindows() ? Task.CompletedTask : ControlChannel.ServeAsync(instance, stoppingToken);
}
