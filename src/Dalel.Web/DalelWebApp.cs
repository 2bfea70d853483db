using System.Globalization;
using Dalel.Core;
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
        builder.Services
            .AddDalelInstance(options)
            .AddDalelSecurity()
            .AddDalelSignInLimit()
            .AddDalelPages()
            .AddDalelCookieKeys();
        return builder.Build().ForgetStoredCookieKeys().UseDalelPipeline().SealOnShutdown();
    }

    public static void Run(DalelOptions options, string urls) => Create([], options, urls).Run();
}
