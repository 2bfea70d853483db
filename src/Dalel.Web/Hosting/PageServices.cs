using Dalel.Core;
using Dalel.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;

namespace Dalel.Web.Hosting;

/// <summary>Razor Pages with Dalel's conventions, forms that keep uploads in memory, and the cookie key ring.</summary>
internal static class PageServices
{
    /// <summary>Form values one request may carry: a case of several hundred victims and acts.</summary>
    public const int MaxFormValues = 50_000;

    public static IServiceCollection AddDalelPages(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Account/SignIn");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AllowAnonymousToPage("/Language");
            o.Conventions.AllowAnonymousToFolder("/PublicForm");
            o.Conventions.AllowAnonymousToFolder("/ApiReference");
            o.Conventions.AuthorizeFolder("/Orgs", OrgMemberPolicy.Name);
            o.Conventions.AddPageRoute("/Orgs/Cases/Edit", "/o/{org:guid}/cases/new");
            o.Conventions.AddPageApplicationModelConvention("/Account/SignIn", m => m.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(Pipeline.SignInPolicy)));
            o.Conventions.AddPageApplicationModelConvention("/Vault/Unseal", m => m.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(Pipeline.UnsealPolicy)));
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
        services.AddSingleton<Pages.Vault.UnsealRun>();
        services.AddSingleton<Pages.Orgs.Estimation.OneEstimateAtATime>();
        // Russian and Kazakh text is written as it is, not as a numeric entity per letter.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.Configure<FormOptions>(o =>
        {
            // Keep uploads in memory: ASP.NET otherwise buffers large files to plaintext temp files.
            o.MemoryBufferThreshold = int.MaxValue;
            // No field or part limit below the body's: an over-long field reaches the use case, which says which and keeps it.
            o.MultipartBodyLengthLimit = FormBodies.MaxBodyBytes;
            o.ValueLengthLimit = (int)FormBodies.MaxBodyBytes;
            // A raid on a venue is one case with hundreds of victims and acts; each victim's form has a dozen fields and a
            // row per consent use, far past ASP.NET's default of 1,024 values (which answered a bare 400 and lost it all).
            o.ValueCountLimit = MaxFormValues;
        });
        // Core validates input and says what is wrong in the user's language; MVC's implicit [Required] would not.
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o =>
        {
            o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
            o.ModelMetadataDetailsProviders.Add(new KeepEmptyStrings());
        });
        return services;
    }

    /// <summary>
    /// The keys that protect sign-in cookies and form tokens live in memory only: nothing on disk lets anyone mint a
    /// session, and a restart signs everyone out, as it seals the instance. (Several nodes behind one address need
    /// sticky sessions: each node has its own keys.)
    /// </summary>
    public static IServiceCollection AddDalelCookieKeys(this IServiceCollection services)
    {
        // The framework's key manager still starts (a hosted service warms its key ring) and would otherwise write a
        // key, unencrypted, to ~/.aspnet/DataProtection-Keys: its ring is kept in memory too, and says so.
        services.AddDataProtection().SetApplicationName("Dalel").UseEphemeralDataProtectionProvider()
            .AddKeyManagementOptions(o =>
            {
                o.XmlRepository = new MemoryKeyRing();
                o.XmlEncryptor = new Microsoft.AspNetCore.DataProtection.XmlEncryption.NullXmlEncryptor();
            });
        return services;
    }

    /// <summary>Data protection's key ring in memory: gone with the process, as the cookie keys are.</summary>
    internal sealed class MemoryKeyRing : Microsoft.AspNetCore.DataProtection.Repositories.IXmlRepository
    {
        private readonly List<System.Xml.Linq.XElement> _elements = [];

        public IReadOnlyCollection<System.Xml.Linq.XElement> GetAllElements()
        {
            lock (_elements)
            {
                return _elements.Select(e => new System.Xml.Linq.XElement(e)).ToList();
            }
        }

        public void StoreElement(System.Xml.Linq.XElement element, string friendlyName)
        {
            lock (_elements)
            {
                _elements.Add(new System.Xml.Linq.XElement(element));
            }
        }
    }

    /// <summary>Earlier versions kept the cookie keys in DATA/web-keys; with them a copy of the directory could mint a session.</summary>
    public static WebApplication ForgetStoredCookieKeys(this WebApplication app)
    {
        var stored = Path.Combine(app.Services.GetRequiredService<DalelOptions>().DataDirectory, "web-keys");
        if (Directory.Exists(stored))
        {
            Directory.Delete(stored, recursive: true);
            HostingLog.StoredCookieKeysRemoved(app.Logger);
        }

        return app;
    }
}

internal static partial class HostingLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed the stored cookie keys of an earlier version (web-keys): everyone signs in again.")]
    public static partial void StoredCookieKeysRemoved(ILogger logger);
}
