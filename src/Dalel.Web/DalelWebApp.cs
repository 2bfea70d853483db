using System.Globalization;
using Dalel.Core;
using Dalel.Core.Vault;
using Dalel.Web.Localization;
using Dalel.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Localization;

namespace Dalel.Web;

/// <summary>Builds the web host. Configuration: Dalel:DataDirectory, Dalel:Postgres (both also from the CLI).</summary>
public static class DalelWebApp
{
    /// <summary>Sign-in attempts the whole instance accepts per minute, before answering 429.</summary>
    public const int SignInsPerMinute = 30;

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

        // Never log request bodies, query strings or case content: ASP.NET's own request lines (which carry
        // search words in query strings) stay below the level that is written.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);

        builder.Services.AddSingleton(sp => options ?? ReadOptions(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => DalelInstance.Open(sp.GetRequiredService<DalelOptions>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddHostedService<ControlChannelService>();
        builder.Services.AddDalelSecurity();
        builder.Services.AddSingleton(sp =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            return new IntakeLimiter(
                configuration.GetValue("Dalel:IntakeReportsPerMinute", DefaultIntakeReportsPerMinute),
                configuration.GetValue("Dalel:IntakeReceiptsPerMinute", DefaultIntakeReceiptsPerMinute));
        });
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Account/SignIn");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AllowAnonymousToPage("/Language");
            o.Conventions.AllowAnonymousToFolder("/Report");
            o.Conventions.AuthorizeFolder("/Orgs", OrgMemberPolicy.Name);
            o.Conventions.AddPageRoute("/Orgs/Cases/Edit", "/o/{org:guid}/cases/new");
        }).ConfigureApplicationPartManager(parts =>
        {
            // Pages live in this assembly, which is not the entry assembly when the CLI or a test hosts the app.
            var web = typeof(DalelWebApp).Assembly;
            if (!parts.ApplicationParts.OfType<Microsoft.AspNetCore.Mvc.ApplicationParts.AssemblyPart>().Any(p => p.Assembly == web))
            {
                foreach (var part in Microsoft.AspNetCore.Mvc.ApplicationParts.ApplicationPartFactory.GetApplicationPartFactory(web).GetApplicationParts(web))
                {
                    parts.ApplicationParts.Add(part);
                }
            }
        });
        // Russian and Kazakh text is written as it is, not as a numeric entity per letter.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.Configure<FormOptions>(o =>
        {
            // Keep uploads in memory: ASP.NET otherwise buffers large files to plaintext temp files.
            o.MemoryBufferThreshold = int.MaxValue;
            o.MultipartBodyLengthLimit = 30 * 1024 * 1024;
        });
        // Core validates input and says what is wrong in the user's language; MVC's implicit [Required] would not.
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o =>
        {
            o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
            o.ModelMetadataDetailsProviders.Add(new KeepEmptyStrings());
        });
        builder.Services.AddDataProtection().SetApplicationName("Dalel");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<DalelOptions>((k, dalel) =>
            k.XmlRepository = new Microsoft.AspNetCore.DataProtection.Repositories.FileSystemXmlRepository(
                new DirectoryInfo(Path.Combine(dalel.DataDirectory, "web-keys")), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));

        // Guessing passwords from many accounts at once: per-account lockout does not see it, a global limit does.
        // The limit is global rather than per address because most users arrive through the same Tor or proxy address.
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = System.Threading.RateLimiting.PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/sign-in", StringComparison.OrdinalIgnoreCase)
                    ? System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter("sign-in", _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions { PermitLimit = SignInsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : System.Threading.RateLimiting.RateLimitPartition.GetNoLimiter("other"));
        });
        var app = builder.Build();
        // Behind a TLS-terminating reverse proxy on this machine, X-Forwarded-Proto tells the app the request was HTTPS
        // (secure cookies, HSTS). Only loopback proxies are trusted, ASP.NET's default.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto });
        app.UseHsts();
        app.UseExceptionHandler("/Error");
        app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
        app.UseSecurityHeaders();
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("en"),
            SupportedCultures = Cultures,
            SupportedUICultures = Cultures,
            // ?lang= first: the public form switches language without leaving a cookie on a reporter's device.
            RequestCultureProviders = [new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" }, new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()],
        });
        app.MapAssets();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseOwnerSecondFactor();
        app.UseAuthorization();
        app.MapRazorPages();

        var instance = app.Services.GetRequiredService<DalelInstance>();
        app.Lifetime.ApplicationStopping.Register(() => new SealVault(instance).Run(Dalel.Core.Audit.Actors.System));
        return app;
    }

    public static void Run(DalelOptions options, string urls) => Create([], options, urls).Run();

    private static DalelOptions ReadOptions(IConfiguration configuration) => new()
    {
        DataDirectory = configuration["Dalel:DataDirectory"] ?? Path.Combine(Environment.CurrentDirectory, "dalel-data"),
        PostgresConnectionString = configuration["Dalel:Postgres"],
        PasswordKdf = configuration["Dalel:FastKdfForTests"] == "true" ? KdfParameters.Fast : KdfParameters.Password,
        OwnersNeedSecondFactor = configuration["Dalel:OwnersNeedSecondFactor"] != "false",
    };
}

internal sealed class ControlChannelService(DalelInstance instance) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        OperatingSystem.IsWindows() ? Task.CompletedTask : ControlChannel.ServeAsync(instance, stoppingToken);
}
