using System.Globalization;
using Dalel.Core;
using Dalel.Web.Api;
using Dalel.Web.FieldCapture;
using Dalel.Web.Hosting;
using Dalel.Web.Security;

namespace Dalel.Web;

/// <summary>
/// Builds the web host, one call per concern (Hosting/): the instance, security, the sign-in limit, pages, cookie keys,
/// then the pipeline. Configuration: Dalel:DataDirectory, Dalel:Postgres (both also from the CLI).
/// </summary>
public static class DalelWebApp
{
    /// <summary>Sign-in attempts the whole instance accepts per minute, before answering 429.</summary>
    public const int SignInsPerMinute = 30;

    /// <summary>Unseal attempts (passphrase or key holders' shares) the whole instance accepts per minute, before 429.</summary>
    public const int UnsealsPerMinute = 10;

    /// <summary>Reports the public forms of the whole instance accept per minute (Dalel:IntakeReportsPerMinute).</summary>
    public const int DefaultIntakeReportsPerMinute = 20;

    /// <summary>Receipt codes the public forms check per minute (Dalel:IntakeReceiptsPerMinute).</summary>
    public const int DefaultIntakeReceiptsPerMinute = 30;

    public static readonly CultureInfo[] Cultures = [new("en"), new("ru"), new("kk")];

    public static WebApplication Create(string[] args, DalelOptions? options = null, string? urls = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (urls is not null)
        {
            builder.WebHost.UseUrls(urls);
        }

        builder.Logging.AddDalelLogging();
        // Times are shown in the coalition's zone (Dalel:TimeZone, an IANA name), with the zone written beside them.
        Localization.L.Zone = Localization.L.FindZone(builder.Configuration["Dalel:TimeZone"] ?? "Asia/Almaty");
        // Sealing ends the process (under the supervisor) within seconds, not after the default half minute.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services
            .AddDalelInstance(options)
            .AddDalelSecurity()
            .AddDalelSignInLimit()
            .AddDalelPages()
            .AddDalelCookieKeys()
            .AddDalelApi(builder.Configuration);
        return builder.Build().ForgetStoredCookieKeys().UseDalelPipeline().MapDalelApi().MapOpenRosa().SealOnShutdown();
    }

    /// <summary>Whether the host stopped because the instance sealed (the supervisor then starts a fresh process).</summary>
    public static bool EndedBySealing { get; internal set; }

    /// <summary>Serves until stopped; true when it stopped because the instance sealed.</summary>
    public static bool Run(DalelOptions options, string urls)
    {
        var app = Create([], options, urls);
        app.Run();
        return EndedBySealing;
    }
}
